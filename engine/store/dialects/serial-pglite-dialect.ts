import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';

/**
 * PGlite is a single connection. kysely's PGlite driver hands that one connection to every
 * caller at once, so a query issued while another caller's transaction is open would run
 * inside that transaction. This driver queues callers: one holds the connection from acquire
 * to release (a whole transaction, or one query), the next waits.
 */
class SerialDriver implements Driver {
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  constructor(private readonly inner: Driver) {}

  init(...args: Parameters<Driver['init']>) {
    return this.inner.init(...args);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.release = release;
    return this.inner.acquireConnection();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(connection);
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }
  destroy() {
    return this.inner.destroy();
  }
}

/** kysely's PGlite dialect with callers served one at a time. */
export class SerialPGliteDialect extends PGliteDialect {
  override createDriver(): Driver {
    return new SerialDriver(super.createDriver());
  }
}

/** Opens PGlite on a folder (created if missing), or in memory when dataDir is undefined. */
export function createPGliteDialect(dataDir: string | undefined): SerialPGliteDialect {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return new SerialPGliteDialect({ pglite: async () => (dataDir ? PGlite.create(dataDir) : PGlite.create()) });
}
