import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { Type } from 'typebox';
import { SESSION_COOKIE } from '../auth/session-token.js';
import { LoginLocked, type AuthService } from '../runtime/auth-service.js';
import type { OperatorAuth } from '../runtime/operator-auth.js';
import { addressThrottle } from './address-throttle.js';
import { requireOperator, requireUser } from './auth-plugin.js';
import { me, operatorMe } from './responses.js';
import { errors, langOnly, noContent } from './schemas.js';

/**
 * Login with county, user name and password; a session cookie; logout; who am I. The login
 * rules (audit log, throttling per account) are the auth service's; the wall per client
 * address is kept here, where the addresses are seen. The platform's operators log in here too,
 * without a county (/api/operator/login), behind the same wall per address: one address gets
 * its attempts once, whichever login it tries.
 */
export const authRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService; operators: OperatorAuth }> = async (app, { auth, operators }) => {
  // Only the limiters this plugin creates; no route is limited as a whole.
  await app.register(rateLimit, { global: false });
  const addressWall = addressThrottle(app);

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in (sets the session cookie)',
        querystring: langOnly,
        body: Type.Object(
          {
            county: Type.String({ minLength: 1, maxLength: 63 }),
            username: Type.String({ minLength: 1, maxLength: 100 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: me, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      try {
        const session = await auth.login({ ...request.body, address: request.ip.slice(0, 100) }, addressWall(request));
        // Secure over https; behind a proxy that ends TLS, request.protocol is the forwarded
        // one when TRUST_PROXY trusts the proxy.
        reply.setCookie(SESSION_COOKIE, session.cookie, { path: '/', httpOnly: true, sameSite: 'lax', expires: session.expires, secure: request.protocol === 'https' });
        return session.me;
      } catch (error) {
        if (error instanceof LoginLocked) reply.header('retry-after', error.retryAfterSeconds);
        throw error;
      }
    },
  );

  app.post(
    '/api/operator/login',
    {
      schema: {
        tags: ['operator'],
        summary: "Log in as the platform's operator (sets the session cookie; no county)",
        querystring: langOnly,
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 100 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: operatorMe, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      try {
        const session = await operators.login({ ...request.body, address: request.ip.slice(0, 100) }, addressWall(request));
        reply.setCookie(SESSION_COOKIE, session.cookie, { path: '/', httpOnly: true, sameSite: 'lax', expires: session.expires, secure: request.protocol === 'https' });
        return session.operator;
      } catch (error) {
        if (error instanceof LoginLocked) reply.header('retry-after', error.retryAfterSeconds);
        throw error;
      }
    },
  );

  app.get(
    '/api/operator/me',
    { schema: { tags: ['operator'], summary: 'The logged-in platform operator', querystring: langOnly, response: { 200: operatorMe, ...errors(401, 403) } } },
    async (request) => requireOperator(request),
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: "Log out (ends the session, a county user's or an operator's)", response: { 204: noContent } } },
    async (request, reply) => {
      // Each looks for its own kind of cookie and ignores the other's.
      await operators.logout(request.cookies[SESSION_COOKIE]);
      await auth.logout(request.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: 'The logged-in user', querystring: langOnly, response: { 200: me, ...errors(401) } } },
    async (request) => auth.describe(requireUser(request)),
  );
};
