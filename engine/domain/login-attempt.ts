export type LoginOutcome = 'success' | 'wrong_password' | 'unknown_user' | 'locked';

/** One login attempt, as the audit log keeps it. The password is never part of it. */
export interface LoginAttempt {
  /** The county and user name as typed; either may not exist. */
  countyId: string;
  username: string;
  /** The user's id when the county and user name name one. */
  userId: string | null;
  /** The client's address (the forwarded one when TRUST_PROXY trusts the proxy). */
  address: string;
  outcome: LoginOutcome;
  at: Date;
}
