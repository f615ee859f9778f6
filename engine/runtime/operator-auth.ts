import { hashOfNoPassword } from '../auth/passwords.js';
import { newOperatorSessionToken, parseOperatorCookie, SESSION_DAYS } from '../auth/session-token.js';
import type { Operator } from '../domain/operator.js';
import type { Store } from '../store/store.js';
import { checkLogin, type AddressWall } from './auth-service.js';
import { systemClock, type Clock } from './clock.js';

/** An operator's session just opened: the cookie value to set and when it ends. */
export interface NewOperatorSession {
  operator: Operator;
  cookie: string;
  expires: Date;
}

/**
 * Operators logging in and out, and which operator a session cookie belongs to. The same rules as
 * a county's people (auth-service.ts): every attempt in an audit log (the operators' own), a
 * lockout per account read from it, the caller's wall per address, an unknown user name costing
 * what a wrong password does, and one answer for both.
 */
export class OperatorAuth {
  private readonly noPasswordHash: Promise<string>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {
    this.noPasswordHash = hashOfNoPassword();
  }

  /** Whether the cookie is an operator's (live or not): then it is no county's, and is read here. */
  isOperatorCookie(cookie: string | undefined): boolean {
    return parseOperatorCookie(cookie) !== undefined;
  }

  /** The operator of a live session; null when the cookie names none, or it ended. */
  async sessionOperator(cookie: string | undefined): Promise<Operator | null> {
    const session = parseOperatorCookie(cookie);
    if (!session) return null;
    return (await this.store.operators.findSessionOperator(session.tokenHash, this.clock.now())) ?? null;
  }

  async login({ username, password, address }: { username: string; password: string; address: string }, addressWall: AddressWall): Promise<NewOperatorSession> {
    const now = this.clock.now();
    const found = await this.store.operators.findForLogin(username);
    const operator = await checkLogin(found && { account: found.operator, passwordHash: found.passwordHash }, password, {
      now,
      addressWall,
      recentAttempts: (since, limit) => this.store.operators.recentLogins(username, since, limit),
      audit: (outcome) => this.store.operators.recordLogin({ username, operatorId: found?.operator.id ?? null, address, outcome, at: now }),
      noPasswordHash: this.noPasswordHash,
      failure: 'OPERATOR_LOGIN_FAILED',
    });
    const { cookie, tokenHash } = newOperatorSessionToken();
    const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
    await this.store.operators.createSession(tokenHash, operator.id, expires);
    return { operator, cookie, expires };
  }

  /** Ends the operator's session the cookie names, if it names one. */
  async logout(cookie: string | undefined): Promise<void> {
    const session = parseOperatorCookie(cookie);
    if (session) await this.store.operators.deleteSession(session.tokenHash);
  }
}
