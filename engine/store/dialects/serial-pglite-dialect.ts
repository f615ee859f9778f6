import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { COUNTY_STATEMENT } from '../county-scope.js';
import { PGliteDialect, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';

/**
 * PGlite is a single connection. kysely's PGlite driver hands that one connection to every
 * caller at once, so a query issued while another caller's transaction is open would run
 * inside that transaction. This driver queues callers: one holds the connection from acquire
 * to release (a whole transaction, or one query), the next waits.
 */
class SerialDriver implements Driver {
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  constructor(
    private readonly inner: Driver,
    private readonly pglite: () => PGlite,
  ) {}

  init(...args: Parameters<Driver['init']>) {
    return this.inner.init(...args);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.release = release;
    return this.withBatches(await this.inner.acquireConnection());
  }

  /**
   * inCountyStatement (county-scope.ts) sends the county setting and a statement as one text:
   * PGlite runs it with exec, as one implicit transaction, and the answer is the statement's.
   * Never inside a transaction (a statement there joins it, with parameters), where exec would
   * wait for the transaction's lock.
   */
  private withBatches(connection: DatabaseConnection): DatabaseConnection {
    const pglite = this.pglite;
    const wrapper: DatabaseConnection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        if (query.parameters.length || !query.sql.startsWith(COUNTY_STATEMENT)) return connection.executeQuery<R>(query);
        const results = await pglite().exec(query.sql);
        const last = results[results.length - 1];
        return { rows: (last?.rows ?? []) as R[], numAffectedRows: last?.affectedRows != null ? BigInt(last.affectedRows) : undefined };
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
    inners.set(wrapper, connection);
    return wrapper;
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(innerOf(connection));
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(innerOf(connection), settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(innerOf(connection));
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(innerOf(connection));
  }
  destroy() {
    return this.inner.destroy();
  }
}

/** The driver's own connection behind a wrapper (kysely's driver keeps transaction state on it). */
const inners = new WeakMap<DatabaseConnection, DatabaseConnection>();
const innerOf = (connection: DatabaseConnection) => inners.get(connection) ?? connection;

/** kysely's PGlite dialect with callers served one at a time. */
export class SerialPGliteDialect extends PGliteDialect {
  private instance: PGlite | undefined;

  constructor(dataDir: string | undefined) {
    super({ pglite: async () => (this.instance = dataDir ? await openFolder(dataDir) : await PGlite.create(PGLITE_OPTIONS)) });
  }

  override createDriver(): Driver {
    return new SerialDriver(super.createDriver(), () => {
      if (!this.instance) throw new Error('PGlite is not open yet');
      return this.instance;
    });
  }
}

/**
 * PostgreSQL's shared buffers live in PGlite's WebAssembly memory, which never shrinks: the default
 * 128 MB becomes resident as soon as the pages are touched and stays. Below them the operating
 * system's file cache holds the folder's pages anyway, so 16 MB costs no measurable throughput
 * (BENCHMARKS.md §7, Memory) and takes about 130 MB off the engine's resident set, and opening
 * the folder takes a third less time.
 */
const PGLITE_OPTIONS = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB'] };

/**
 * PGlite on a folder. A new folder is initialised by a Node process of its own that ends at once:
 * WebAssembly memory never shrinks, and initdb's peak (about 1 GB of RSS) would stay with the
 * engine for as long as it runs — in the engine's thread and in a worker thread alike (freed
 * memory stays with the process). The instance the engine keeps opens the folder as any restart
 * does. Costs about a second, on the first start only.
 */
async function openFolder(dataDir: string): Promise<PGlite> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialiseInChild(dataDir);
  return PGlite.create(dataDir, PGLITE_OPTIONS);
}

const INITIALISE = `import(process.argv[1]).then(({ PGlite }) => PGlite.create(process.argv[2])).then((db) => db.close())`;

async function initialiseInChild(dataDir: string): Promise<void> {
  const module = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  try {
    await promisify(execFile)(process.execPath, ['-e', INITIALISE, module, dataDir]);
  } catch (error) {
    throw new Error(`PGlite could not initialise ${dataDir}: ${(error as { stderr?: string }).stderr || error}`, { cause: error });
  }
}

/** Opens PGlite on a folder (created if missing), or in memory when dataDir is undefined. */
export function createPGliteDialect(dataDir: string | undefined): SerialPGliteDialect {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return new SerialPGliteDialect(dataDir);
}
