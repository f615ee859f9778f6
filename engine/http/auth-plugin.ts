import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SESSION_COOKIE } from '../auth/session-token.js';
import { EngineError } from '../errors/engine-error.js';
import type { Operator } from '../domain/operator.js';
import type { User } from '../domain/user.js';
import type { AuthService } from '../runtime/auth-service.js';
import type { OperatorAuth } from '../runtime/operator-auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in person of a county, or null. */
    user: User | null;
    /** The logged-in platform operator, or null. Never both: one cookie holds one kind of session. */
    operator: Operator | null;
  }
}

const PASSWORD_CHANGE_ROUTES = /^\/api\/auth\/(me|password|logout)(\?|$)/;

/**
 * Reads the session cookie on every request and puts its county user, or its platform operator,
 * on the request (or neither). The two are apart by construction: an operator's cookie is looked
 * up only among operators' sessions, a county's only in its county (auth/session-token.ts).
 */
export const authPlugin = fp(async (app: FastifyInstance, { auth, operators }: { auth: AuthService; operators: OperatorAuth }) => {
  app.decorateRequest('user', null);
  app.decorateRequest('operator', null);
  app.addHook('onRequest', async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (operators.isOperatorCookie(cookie)) {
      request.operator = await operators.sessionOperator(cookie);
      return;
    }
    const user = await auth.sessionUser(cookie);
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

/**
 * The logged-in user of a county; answers 401 otherwise. A platform operator is refused (403):
 * they belong to no county and read none of a county's items, people, inboxes or traces.
 */
export function requireUser(request: FastifyRequest): User {
  if (request.operator) throw new EngineError('OPERATOR_NOT_COUNTY_USER');
  if (!request.user) throw new EngineError('AUTH_REQUIRED');
  return request.user;
}

/** The logged-in platform operator; a county's user is refused (403), anyone else answers 401. */
export function requireOperator(request: FastifyRequest): Operator {
  if (request.operator) return request.operator;
  if (request.user) throw new EngineError('OPERATOR_ONLY');
  throw new EngineError('AUTH_REQUIRED');
}
