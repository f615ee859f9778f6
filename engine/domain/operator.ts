/**
 * A platform operator (issue 10): the installation's own administrator, who creates counties and
 * their first administrators and disables counties. An operator belongs to no county and reads
 * none of a county's items, people, inboxes or traces.
 */
export interface Operator {
  id: string;
  username: string;
  displayName: string;
}

/** An operator as created: with the argon2id hash of the password (never the password). */
export interface NewOperator extends Operator {
  passwordHash: string;
}

/** An operator as `npm run admin -- operator list` shows them. */
export interface ManagedOperator extends Operator {
  createdAt: Date;
  disabledAt: Date | null;
}
