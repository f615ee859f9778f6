import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LOGIN_THROTTLE } from '../auth/login-throttle.js';
import type { AddressWall } from '../runtime/auth-service.js';

/**
 * The login wall per client address (auth/login-throttle), kept by @fastify/rate-limit in this
 * process's memory, keyed by request.ip (the forwarded client when TRUST_PROXY trusts the
 * proxy; IPv6 by /64). app must have @fastify/rate-limit registered.
 */
export function addressThrottle(app: FastifyInstance): (request: FastifyRequest) => AddressWall {
  const { maxFailures, windowMs } = LOGIN_THROTTLE.address;
  const failures = app.createRateLimit({ max: maxFailures, timeWindow: windowMs });
  return (request) => ({
    async secondsLocked() {
      const address = await failures(request, { increment: false });
      return !address.isAllowed && address.remaining === 0 ? address.ttlInSeconds : 0;
    },
    async failed() {
      await failures(request);
    },
  });
}
