import { v7 as uuidv7 } from 'uuid';
import { hashPassword } from '../auth/passwords.js';
import type { ManagedOperator } from '../domain/operator.js';
import { EngineError } from '../errors/engine-error.js';
import type { FieldRule } from '../errors/error-catalogue.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';

/** An operator as created from the command line (and by the demo seed). */
export interface NewOperatorAccount {
  username: string;
  displayName: string;
  password: string;
}

/** The same rules as a county's people (county-setup.ts, directory-rules.ts): one user name rule, one password rule. */
const RULES: Array<[field: string, rule: FieldRule, ok: (o: NewOperatorAccount) => boolean]> = [
  ['username', 'username', (o) => /^[A-Za-z0-9._-]{2,40}$/.test(o.username)],
  ['displayName', 'name', (o) => typeof o.displayName === 'string' && o.displayName.trim().length > 0 && [...o.displayName].length <= 60],
  ['password', 'password', (o) => typeof o.password === 'string' && [...o.password].length >= 8],
];

/**
 * The platform's operator accounts (issue 10): created, listed and disabled from the command line
 * (`npm run admin -- operator …`), which is run by whoever runs the installation; the demo seed
 * creates its demo operator through the same path. An operator chooses their own password when
 * the account is made (no first password to change: no one else has known it).
 */
export class OperatorAccounts {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Creates an operator; refuses a bad field or a taken user name, writing nothing. */
  async create(account: NewOperatorAccount): Promise<void> {
    for (const [field, rule, ok] of RULES) if (!ok(account)) throw new EngineError('OPERATOR_FIELD_INVALID', { field, rule });
    const operator = { id: uuidv7(), username: account.username, displayName: account.displayName.trim(), passwordHash: await hashPassword(account.password) };
    if (!(await this.store.operators.createOperator(operator, this.clock.now()))) throw new EngineError('OPERATOR_EXISTS', { username: account.username });
  }

  list(): Promise<ManagedOperator[]> {
    return this.store.operators.listOperators();
  }

  /** Disables an operator: no more logins, and their open sessions end at their next request. */
  async disable(username: string): Promise<void> {
    if (!(await this.store.operators.setDisabled(username, this.clock.now()))) throw new EngineError('OPERATOR_NOT_FOUND', { username });
  }

  /** Puts a disabled operator back in service. */
  async enable(username: string): Promise<void> {
    if (!(await this.store.operators.setDisabled(username, null))) throw new EngineError('OPERATOR_NOT_FOUND', { username });
  }
}
