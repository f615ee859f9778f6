import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LoginAttempt } from '../domain/login-attempt.js';
import type { LoginAuditRepository } from '../store/login-audit-repository.js';

const MINUTE = 60_000;

/**
 * 登录失败处理 (MLPS 2.0): failed logins are limited and then locked for a while, behind two
 * walls. Per account (county + user name as typed, existing or not, so probing for names is
 * slowed as well): 5 failures within 15 minutes lock it until the first of them is 15 minutes
 * old; a successful login starts the count afresh. Per client address, over all accounts (one
 * address trying many names): 20 failures lock the address until 15 minutes after its first.
 * The address wall is wider so that one office behind one address is not locked by a few typos.
 */
export const LOGIN_THROTTLE = {
  account: { maxFailures: 5, windowMs: 15 * MINUTE },
  address: { maxFailures: 20, windowMs: 15 * MINUTE },
} as const;

/**
 * When the account's lock lifts, from its newest attempts (newest first, within the window):
 * locked while the window holds maxFailures failures since the last success.
 */
function accountLockedUntil(recent: Pick<LoginAttempt, 'outcome' | 'at'>[]): Date | undefined {
  const { maxFailures, windowMs } = LOGIN_THROTTLE.account;
  const sinceSuccess = recent.findIndex((a) => a.outcome === 'success');
  const failures = sinceSuccess === -1 ? recent : recent.slice(0, sinceSuccess);
  if (failures.length < maxFailures) return undefined;
  return new Date(failures[maxFailures - 1].at.getTime() + windowMs);
}

/**
 * Both walls. The account's count is read from the audit log (the database: it survives
 * restarts and is shared by engine processes); the address's is kept by @fastify/rate-limit
 * in this process's memory, keyed by request.ip (the forwarded client when TRUST_PROXY trusts
 * the proxy; IPv6 by /64).
 */
export class LoginThrottle {
  private readonly addressFailures: ReturnType<FastifyInstance['createRateLimit']>;

  /** app must have @fastify/rate-limit registered. */
  constructor(
    app: FastifyInstance,
    private readonly audit: LoginAuditRepository,
  ) {
    const { maxFailures, windowMs } = LOGIN_THROTTLE.address;
    this.addressFailures = app.createRateLimit({ max: maxFailures, timeWindow: windowMs });
  }

  /** Seconds until this address may try this account again; 0 when neither is locked. */
  async secondsLocked(request: FastifyRequest, countyId: string, username: string, now: Date): Promise<number> {
    const address = await this.addressFailures(request, { increment: false });
    const addressWait = !address.isAllowed && address.remaining === 0 ? address.ttlInSeconds : 0;
    const { maxFailures, windowMs } = LOGIN_THROTTLE.account;
    const until = accountLockedUntil(await this.audit.recentAttempts(countyId, username, new Date(now.getTime() - windowMs), maxFailures));
    const accountWait = until ? Math.ceil((until.getTime() - now.getTime()) / 1000) : 0;
    return Math.max(addressWait, accountWait);
  }

  /** Counts a login that did not succeed against the request's address. */
  async addressFailed(request: FastifyRequest): Promise<void> {
    await this.addressFailures(request);
  }
}
