import { accountLockedUntil, LOGIN_THROTTLE } from '../auth/login-throttle.js';
import { hashOfNoPassword, verifyPassword } from '../auth/passwords.js';
import { newSessionToken, parseSessionCookie, SESSION_DAYS } from '../auth/session-token.js';
import { EngineError } from '../errors/engine-error.js';
import type { LocalizedText } from '../../forms/index.js';
import type { LoginAttempt as RecordedLogin, LoginOutcome } from '../domain/login-attempt.js';
import type { User } from '../domain/user.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';

/** The logged-in user as the web app sees them: with their county's name. */
export interface Me extends User {
  county: LocalizedText;
}

/** A login attempt as the client made it. */
export interface LoginAttempt {
  county: string;
  username: string;
  password: string;
  /** The client's address, as the audit log keeps it. */
  address: string;
}

/**
 * The wall per client address (over all accounts), kept by whoever sees the addresses: the
 * HTTP layer counts in its own memory (http/address-throttle).
 */
export interface AddressWall {
  /** Seconds until this address may try again; 0 when it may. */
  secondsLocked(): Promise<number>;
  /** Counts a login that did not succeed against this address. */
  failed(): Promise<void>;
}

/** A session just opened: the cookie value to set and when it ends. */
export interface NewSession {
  me: Me;
  cookie: string;
  expires: Date;
}

/** A login refused for a while; the client is told when to try again (Retry-After). */
export class LoginLocked extends EngineError<'LOGIN_LOCKED'> {
  constructor(readonly retryAfterSeconds: number) {
    super('LOGIN_LOCKED', { retryAfterSeconds }, { retryAfterSeconds });
  }
}

/**
 * Logging in and out, and who a session cookie belongs to. Every login attempt is written to
 * the audit log, and failed ones are throttled (auth/login-throttle): per account from that
 * log, per address by the caller's AddressWall.
 */
export class AuthService {
  private readonly noPasswordHash: Promise<string>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {
    this.noPasswordHash = hashOfNoPassword();
  }

  /** The user a session cookie belongs to; null without a cookie or when the session ended, 'invalid' for a cookie we did not issue. */
  async sessionUser(cookie: string | undefined): Promise<User | null | 'invalid'> {
    const session = parseSessionCookie(cookie);
    if (!session) return cookie ? 'invalid' : null;
    return (await this.store.users.findSessionUser(session.countyId, session.tokenHash, this.clock.now())) ?? null;
  }

  async login({ county, username, password, address }: LoginAttempt, addressWall: AddressWall): Promise<NewSession> {
    const now = this.clock.now();
    // An unknown county or user costs what a known one does: the same queries, and a
    // password verified against a hash made like the real ones.
    const found = await this.store.users.findForLogin(county, username);
    // An unknown county, an unknown user and a wrong password all get the same answer.
    const user = await checkLogin(found && { account: found.user, passwordHash: found.passwordHash }, password, {
      now,
      addressWall,
      recentAttempts: (since, limit) => this.store.loginAudit.recentAttempts(county, username, since, limit),
      audit: (outcome) => this.store.loginAudit.record({ countyId: county, username, userId: found?.user.id ?? null, address, outcome, at: now }),
      noPasswordHash: this.noPasswordHash,
      failure: 'LOGIN_FAILED',
    });
    const { cookie, tokenHash } = newSessionToken(county);
    const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
    await this.store.users.createSession(county, tokenHash, user.id, expires);
    return { me: await this.describe(user), cookie, expires };
  }

  /** Ends the session the cookie names, if it names one. */
  async logout(cookie: string | undefined): Promise<void> {
    const session = parseSessionCookie(cookie);
    if (session) await this.store.users.deleteSession(session.countyId, session.tokenHash);
  }

  async describe(user: User): Promise<Me> {
    const county = await this.store.counties.getCounty(user.countyId);
    // A user's county always exists (a foreign key); its id stands in should it ever not.
    return { ...user, county: county?.name ?? { 'zh-CN': user.countyId, en: user.countyId } };
  }
}

/**
 * The checks of every login — a county's people's and the platform operator's — in this order:
 * the address's and the account's lockouts (the account's from its recent attempts in its audit
 * log), then the password, against a hash made like the real ones when the account does not
 * exist, so an unknown name costs what a wrong password does. Every outcome is audited; a
 * failure counts against the address. Answers the account found when the password is right.
 */
export async function checkLogin<T>(
  found: { account: T; passwordHash: string } | undefined,
  password: string,
  checks: {
    now: Date;
    addressWall: AddressWall;
    recentAttempts: (since: Date, limit: number) => Promise<Array<Pick<RecordedLogin, 'outcome' | 'at'>>>;
    audit: (outcome: LoginOutcome) => Promise<void>;
    /** A hash made like the real ones, made when the service was (the first unknown name costs no more than the next). */
    noPasswordHash: Promise<string>;
    /** The refusal of an unknown account and of a wrong password alike. */
    failure: 'LOGIN_FAILED' | 'OPERATOR_LOGIN_FAILED';
  },
): Promise<T> {
  const { now, addressWall, audit } = checks;
  const { maxFailures, windowMs } = LOGIN_THROTTLE.account;
  const until = accountLockedUntil(await checks.recentAttempts(new Date(now.getTime() - windowMs), maxFailures));
  const retryAfterSeconds = Math.max(await addressWall.secondsLocked(), until ? Math.ceil((until.getTime() - now.getTime()) / 1000) : 0);
  if (retryAfterSeconds > 0) {
    await audit('locked');
    await addressWall.failed();
    throw new LoginLocked(retryAfterSeconds);
  }
  const passwordOk = await verifyPassword(found?.passwordHash ?? (await checks.noPasswordHash), password);
  if (!found || !passwordOk) {
    await audit(found ? 'wrong_password' : 'unknown_user');
    await addressWall.failed();
    throw new EngineError(checks.failure);
  }
  await audit('success');
  return found.account;
}
