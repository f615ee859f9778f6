import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { LoginThrottle } from '../auth/login-throttle.js';
import { hashOfNoPassword, verifyPassword } from '../auth/passwords.js';
import { newSessionToken, parseSessionCookie, SESSION_COOKIE, SESSION_DAYS } from '../auth/session-token.js';
import { EngineError } from '../errors/engine-error.js';
import type { LoginOutcome } from '../domain/login-attempt.js';
import type { Store } from '../store/store.js';
import type { User } from '../domain/user.js';
import { requireUser } from './auth-plugin.js';
import { errors, langQuery, localizedText, person } from './schemas.js';

/** The logged-in user: a person, with their county. */
const userSchema = { type: 'object', properties: { ...person.properties, countyId: { type: 'string' }, county: localizedText } } as const;

/**
 * Login with county, user name and password; a session cookie; logout; who am I. Every login
 * attempt is written to the audit log, and failed ones are throttled (auth/login-throttle).
 */
export async function authRoutes(app: FastifyInstance, { store }: { store: Store }) {
  const describe = async (user: User) => ({ ...user, county: (await store.counties.getCounty(user.countyId))?.name });
  // Only the limiters this plugin creates; no route is limited as a whole.
  await app.register(rateLimit, { global: false });
  const throttle = new LoginThrottle(app, store.loginAudit);
  const noPasswordHash = await hashOfNoPassword();

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in (sets the session cookie)',
        querystring: { type: 'object', properties: langQuery },
        body: {
          type: 'object',
          properties: {
            county: { type: 'string', minLength: 1, maxLength: 63 },
            username: { type: 'string', minLength: 1, maxLength: 100 },
            password: { type: 'string', minLength: 1, maxLength: 200 },
          },
          required: ['county', 'username', 'password'],
          additionalProperties: false,
        },
        response: { 200: userSchema, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { county, username, password } = request.body as { county: string; username: string; password: string };
      const now = new Date();
      // An unknown county or user costs what a known one does: the same queries, and a
      // password verified against a hash made like the real ones.
      const found = await store.users.findForLogin(county, username);
      const audit = (outcome: LoginOutcome) =>
        store.loginAudit.record({ countyId: county, username, userId: found?.user.id ?? null, address: request.ip.slice(0, 100), outcome, at: now });

      const retryAfterSeconds = await throttle.secondsLocked(request, county, username, now);
      if (retryAfterSeconds > 0) {
        await audit('locked');
        await throttle.addressFailed(request);
        reply.header('retry-after', retryAfterSeconds);
        throw new EngineError('LOGIN_LOCKED', { retryAfterSeconds }, { retryAfterSeconds });
      }
      const passwordOk = await verifyPassword(found?.passwordHash ?? noPasswordHash, password);
      if (!found || !passwordOk) {
        await audit(found ? 'wrong_password' : 'unknown_user');
        await throttle.addressFailed(request);
        // An unknown county, an unknown user and a wrong password all get the same answer.
        throw new EngineError('LOGIN_FAILED');
      }
      await audit('success');
      const { cookie, tokenHash } = newSessionToken(county);
      const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
      await store.users.createSession(county, tokenHash, found.user.id, expires);
      // Secure over https; behind a proxy that ends TLS, request.protocol is the forwarded
      // one when TRUST_PROXY trusts the proxy.
      reply.setCookie(SESSION_COOKIE, cookie, { path: '/', httpOnly: true, sameSite: 'lax', expires, secure: request.protocol === 'https' });
      return describe(found.user);
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Log out (ends the session)', response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      const session = parseSessionCookie(request.cookies[SESSION_COOKIE]);
      if (session) await store.users.deleteSession(session.countyId, session.tokenHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: 'The logged-in user', querystring: { type: 'object', properties: langQuery }, response: { 200: userSchema, ...errors(401) } } },
    async (request) => describe(requireUser(request)),
  );
}
