import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SESSION_COOKIE } from '../auth/session-token.js';
import { EngineError } from '../errors/engine-error.js';
import type { User } from '../domain/user.js';
import type { AuthService } from '../runtime/auth-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in user, or null. */
    user: User | null;
  }
}

const PASSWORD_CHANGE_ROUTES = /^\/api\/auth\/(me|password|logout)(\?|$)/;

/** Reads the session cookie on every request and puts the user (or null) on the request. */
export const authPlugin = fp(async (app: FastifyInstance, { auth }: { auth: AuthService }) => {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request, reply) => {
    const user = await auth.sessionUser(request.cookies[SESSION_COOKIE]);
    if (user === 'invalid') {
      // Not a cookie we issued (damaged, or made up): drop it. Pages still load and land on the
      // login page; API calls say why they were refused. It never reaches the database.
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      if (/^\/api(\/|\?|$)/.test(request.url)) throw new EngineError('SESSION_COOKIE_INVALID');
    }
    request.user = user === 'invalid' ? null : user;
    // A first or reset password: nothing but choosing one's own (and seeing who one is, and leaving).
    if (request.user?.mustChangePassword && /^\/api\//.test(request.url) && !PASSWORD_CHANGE_ROUTES.test(request.url)) throw new EngineError('PASSWORD_CHANGE_REQUIRED');
  });
});

/** The logged-in user; answers 401 otherwise. */
export function requireUser(request: FastifyRequest): User {
  if (!request.user) throw new EngineError('AUTH_REQUIRED');
  return request.user;
}
