import type { LoginAttempt } from '../domain/login-attempt.js';

const MINUTE = 60_000;

/**
 * 登录失败处理 (MLPS 2.0): failed logins are limited and then locked for a while, behind two
 * walls. Per account (county + user name as typed, existing or not, so probing for names is
 * slowed as well): 5 failures within 15 minutes lock it until the first of them is 15 minutes
 * old; a successful login starts the count afresh. Per client address, over all accounts (one
 * address trying many names): 20 failures lock the address until 15 minutes after its first.
 * The address wall is wider so that one office behind one address is not locked by a few typos.
 * The account's count is read from the audit log (the database: it survives restarts and is
 * shared by engine processes; runtime/auth-service); the address's is kept in this process's
 * memory by the HTTP layer (http/address-throttle).
 */
export const LOGIN_THROTTLE = {
  account: { maxFailures: 5, windowMs: 15 * MINUTE },
  address: { maxFailures: 20, windowMs: 15 * MINUTE },
} as const;

/**
 * When the account's lock lifts, from its newest attempts (newest first, within the window):
 * locked while the window holds maxFailures failures since the last success.
 */
export function accountLockedUntil(recent: Pick<LoginAttempt, 'outcome' | 'at'>[]): Date | undefined {
  const { maxFailures, windowMs } = LOGIN_THROTTLE.account;
  const sinceSuccess = recent.findIndex((a) => a.outcome === 'success');
  const failures = sinceSuccess === -1 ? recent : recent.slice(0, sinceSuccess);
  if (failures.length < maxFailures) return undefined;
  return new Date(failures[maxFailures - 1].at.getTime() + windowMs);
}
