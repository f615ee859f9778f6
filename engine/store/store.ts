import { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { createPGliteDialect } from './dialects/serial-pglite-dialect.js';
import { createPostgresDialect } from './dialects/postgres-dialect.js';
import { migrateToLatest } from './migrator.js';
import { CountyRepository } from './county-repository.js';
import { UserRepository } from './user-repository.js';
import { PackRepository } from './pack-repository.js';
import { ItemRepository } from './item-repository.js';
import { AttachmentRepository } from './attachment-repository.js';
import { DraftRepository } from './draft-repository.js';
import { LoginAuditRepository } from './login-audit-repository.js';

export interface StoreOptions {
  /** postgres://… — when absent, the embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite's folder; absent means in memory (tests). */
  dataDir?: string;
  /** PostgreSQL schema to use (created if missing); lets test files share one database. */
  schema?: string;
}

/**
 * The storage the engine uses, one repository per concept. The same code runs on embedded
 * PGlite and on PostgreSQL; only the kysely dialect differs.
 */
export class Store {
  readonly counties: CountyRepository;
  readonly users: UserRepository;
  readonly packs: PackRepository;
  readonly items: ItemRepository;
  readonly attachments: AttachmentRepository;
  readonly drafts: DraftRepository;
  readonly loginAudit: LoginAuditRepository;

  private constructor(
    readonly db: Kysely<Database>,
    readonly kind: 'pglite' | 'postgres',
  ) {
    this.counties = new CountyRepository(db);
    this.users = new UserRepository(db);
    this.packs = new PackRepository(db);
    this.items = new ItemRepository(db);
    this.attachments = new AttachmentRepository(db);
    this.drafts = new DraftRepository(db);
    this.loginAudit = new LoginAuditRepository(db);
  }

  /** Opens the database named by the options and migrates it to the newest schema. */
  static async open(options: StoreOptions = {}): Promise<Store> {
    if (options.databaseUrl) {
      if (options.schema) {
        const bootstrap = new Kysely<any>({ dialect: createPostgresDialect(options.databaseUrl) });
        await bootstrap.schema.createSchema(options.schema).ifNotExists().execute();
        await bootstrap.destroy();
      }
      const db = new Kysely<Database>({ dialect: createPostgresDialect(options.databaseUrl, options.schema) });
      await migrateToLatest(db, options.schema);
      return new Store(db, 'postgres');
    }
    const db = new Kysely<Database>({ dialect: createPGliteDialect(options.dataDir) });
    await migrateToLatest(db);
    return new Store(db, 'pglite');
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
