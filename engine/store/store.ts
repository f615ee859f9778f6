import { Kysely, sql, type CompiledQuery, type LogEvent } from 'kysely';
import type { RecordSealer } from './record-sealer.js';
import type { Database } from './database-schema.js';
import { applyTableAccess, assertUnprivileged, DEFAULT_APP_ROLE } from './database-roles.js';
import { createPGliteDialect } from './dialects/serial-pglite-dialect.js';
import { createPostgresDialect } from './dialects/postgres-dialect.js';
import { migrateToLatest } from './migrator.js';
import { rowNaming } from './row-naming.js';
import { beginInOneRoundTrip, inCounty } from './county-scope.js';
import { CountyRepository } from './county-repository.js';
import { UserRepository } from './user-repository.js';
import { UnitRepository } from './unit-repository.js';
import { DirectoryRepository } from './directory-repository.js';
import { HouseholdRepository } from './household-repository.js';
import { RelationRepository } from './relation-repository.js';
import { PackRepository } from './pack-repository.js';
import { ItemRepository } from './item-repository.js';
import { ItemListQuery } from './item-list-query.js';
import { SupervisionQuery } from './supervision-query.js';
import { AttachmentRepository } from './attachment-repository.js';
import { DraftRepository } from './draft-repository.js';
import { TimerRepository } from './timer-repository.js';
import { DutyRepository } from './duty-repository.js';
import { CheckpointRepository } from './checkpoint-repository.js';
import { LoginAuditRepository } from './login-audit-repository.js';
import { OperatorRepository } from './operator-repository.js';
import { OutboxRepository } from './outbox-repository.js';
import { RecipientQuery } from './recipient-query.js';
import { NotificationRepository } from './notification-repository.js';
import { CalendarRepository } from './calendar-repository.js';
import type { OwnerDatabase } from './owner-database.js';
import { plannerRows, TableMaintenance, vacuumTable } from './table-maintenance.js';

export interface StoreOptions {
  /** postgres://… of the tables' owner (migrations) — when absent, the embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite's folder; absent means in memory (tests). */
  dataDir?: string;
  /** PostgreSQL schema to use (created if missing); lets test files share one database. */
  schema?: string;
  /** The role the application's queries run as (created when missing). */
  appRole?: string;
  /** PostgreSQL: that role's password, set at start (omit with trust or peer authentication). */
  appPassword?: string;
  /** Sees every statement the store runs after it ran (tests/integration/county-filter.test.ts). */
  onQuery?: (query: CompiledQuery) => void;
}

/**
 * The storage the engine uses, one repository per concept. The same code runs on embedded
 * PGlite and on PostgreSQL; only the kysely dialect differs.
 *
 * Two database roles (docs/adr/0005-record-integrity.md): migrations run as the tables' owner;
 * everything else runs as the application role, which owns nothing, cannot bypass row-level
 * security and may only insert into history. On PostgreSQL the application logs in as that role;
 * PGlite has one connection, which SETs ROLE to it once migrated.
 */
export class Store {
  readonly counties: CountyRepository;
  readonly users: UserRepository;
  readonly units: UnitRepository;
  /** Households (农户) and the directory's relations of the kinds packs declare. */
  readonly households: HouseholdRepository;
  readonly relations: RelationRepository;
  /** The directory (people, units, stations) written as a whole: an imported file. */
  readonly directory: DirectoryRepository;
  readonly packs: PackRepository;
  readonly items: ItemRepository;
  /** Lists of items (item list, search, inbox, public boards): the read side of items. */
  readonly lists: ItemListQuery;
  /** Overdue and due-soon items per unit and station (督办看板). */
  readonly supervision: SupervisionQuery;
  readonly attachments: AttachmentRepository;
  readonly drafts: DraftRepository;
  readonly checkpoints: CheckpointRepository;
  /** Armed timers: claimed and fired by the timer worker. */
  readonly timers: TimerRepository;
  /** The periods of recurring duties: opened, done, missed. */
  readonly duties: DutyRepository;
  readonly loginAudit: LoginAuditRepository;
  /** The platform's operators (no county): accounts, sessions, login audit. */
  readonly operators: OperatorRepository;
  /** Messages written with the events that cause them, and their delivery (migration 0021). */
  readonly outbox: OutboxRepository;
  /** Whom an outbox message reaches, read from the directory at delivery. */
  readonly recipients: RecipientQuery;
  /** What people read in the app, one row per message and person. */
  readonly notifications: NotificationRepository;
  /** Each county's working calendar (工作日历): declared holidays and make-up working days, as history. */
  readonly calendar: CalendarRepository;

  private constructor(
    /** The application's connection (camelCase names, row-naming.ts): sees one county per transaction (inCounty). */
    readonly db: Kysely<Database>,
    readonly kind: 'pglite' | 'postgres',
    readonly appRole: string,
    /** Vacuums the rewritten tables where no autovacuum does (table-maintenance.ts); started by the engine. */
    readonly maintenance: TableMaintenance | undefined,
    private readonly closeOwner: () => Promise<void> = async () => {},
  ) {
    this.counties = new CountyRepository(db);
    this.users = new UserRepository(db);
    this.units = new UnitRepository(db);
    this.households = new HouseholdRepository(db);
    this.relations = new RelationRepository(db);
    this.directory = new DirectoryRepository(db);
    this.packs = new PackRepository(db);
    this.items = new ItemRepository(db, maintenance);
    this.lists = new ItemListQuery(db);
    this.supervision = new SupervisionQuery(db);
    this.attachments = new AttachmentRepository(db);
    this.drafts = new DraftRepository(db);
    this.checkpoints = new CheckpointRepository(db);
    this.timers = new TimerRepository(db);
    this.duties = new DutyRepository(db);
    this.loginAudit = new LoginAuditRepository(db);
    this.operators = new OperatorRepository(db);
    this.outbox = new OutboxRepository(db);
    this.recipients = new RecipientQuery(db);
    this.notifications = new NotificationRepository(db);
    this.calendar = new CalendarRepository(db);
  }

  /** Opens the database named by the options, migrates it to the newest schema, and connects as the application role. */
  static async open(options: StoreOptions, keys: RecordSealer): Promise<Store> {
    const role = options.appRole ?? DEFAULT_APP_ROLE;
    const log = options.onQuery && ((event: LogEvent) => options.onQuery!(event.query));
    if (options.databaseUrl) {
      const { databaseUrl, schema } = options;
      const owner: OwnerDatabase = new Kysely({ dialect: createPostgresDialect(databaseUrl, schema) });
      let autovacuum: boolean;
      try {
        if (schema) await owner.schema.createSchema(schema).ifNotExists().execute();
        await migrateToLatest(owner, keys, schema);
        await applyTableAccess(owner, { schema, role, password: options.appPassword, login: true });
        await adoptRecordKey(owner, keys);
        autovacuum = (await sql<{ on: boolean }>`select current_setting('autovacuum') = 'on' as on`.execute(owner)).rows[0].on;
      } catch (error) {
        await owner.destroy();
        throw error;
      }
      // With autovacuum on, the server keeps the tables; otherwise the owner's connection stays for VACUUM.
      if (autovacuum) await owner.destroy();
      const maintenance = autovacuum ? undefined : new TableMaintenance({ rows: (tables) => plannerRows(owner, tables), vacuum: (table) => vacuumTable(owner, table) });
      const db = new Kysely<Database>({ dialect: createPostgresDialect(loginAs(databaseUrl, role, options.appPassword), schema), plugins: [rowNaming], log });
      await assertUnprivileged(db).catch(async (error) => {
        await db.destroy();
        if (!autovacuum) await owner.destroy();
        throw error;
      });
      beginInOneRoundTrip(db);
      return new Store(db, 'postgres', role, maintenance, async () => {
        if (!autovacuum) await owner.destroy();
      });
    }
    const db = new Kysely<Database>({ dialect: createPGliteDialect(options.dataDir), plugins: [rowNaming], log });
    // The same single connection, speaking the database's own names: migrations and role setup.
    const owner: OwnerDatabase = db.withoutPlugins();
    await migrateToLatest(owner, keys);
    await applyTableAccess(owner, { role, login: false });
    await adoptRecordKey(owner, keys);
    await sql`set role ${sql.id(role)}`.execute(owner);
    await assertUnprivileged(owner);
    // PGlite has no autovacuum. Its one connection is held for the VACUUM (the serial driver
    // queues every other caller) and runs it as the owner, then goes back to the application role.
    const maintenance = new TableMaintenance({
      rows: (tables) => plannerRows(owner, tables),
      vacuum: (table) =>
        db.connection().execute(async (connection) => {
          const raw = connection.withoutPlugins();
          await sql`reset role`.execute(raw);
          try {
            await vacuumTable(raw, table);
          } finally {
            await sql`set role ${sql.id(role)}`.execute(raw);
          }
        }),
    });
    return new Store(db, 'pglite', role, maintenance);
  }

  /** Runs work in one transaction bound to a county (row-level security shows only its rows). */
  inCounty<T>(countyId: string, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return inCounty(this.db, countyId, work);
  }

  async close(): Promise<void> {
    await this.maintenance?.stop();
    await this.db.destroy();
    await this.closeOwner();
  }
}

/** The owner's connection string with the application role's user name and password. */
export function loginAs(databaseUrl: string, role: string, password: string | undefined): string {
  const url = new URL(databaseUrl);
  url.username = encodeURIComponent(role);
  url.password = password ? encodeURIComponent(password) : '';
  return url.toString();
}

/**
 * Records the public key of the record's keys. A database whose record was sealed with another
 * key refuses to start: every item would otherwise show as forged, when the cause is a lost or
 * swapped key (SIGNING_KEY, or the key file). Runs as the owner, who speaks the database's own
 * (snake_case) names.
 */
async function adoptRecordKey(owner: OwnerDatabase, keys: RecordSealer): Promise<void> {
  const known = (await owner.selectFrom('record_keys').select('public_key').execute()).map((r) => r.public_key as string);
  if (known.includes(keys.publicKeyPem)) return;
  if (known.length && (await hasEvents(owner)))
    throw new Error(
      '签名密钥与此数据库的记录不符（SIGNING_KEY 或密钥文件被更换或丢失），已拒绝启动 / the signing key is not the one this database\'s record was sealed with (SIGNING_KEY or the key file was changed or lost); refusing to start',
    );
  await owner.insertInto('record_keys').values({ public_key: keys.publicKeyPem }).execute();
}

/** Whether any county has events; county by county, since row-level security binds the owner too. */
async function hasEvents(owner: OwnerDatabase): Promise<boolean> {
  for (const { id } of await owner.selectFrom('counties').select('id').execute()) {
    const found = await inCounty(owner, id as string, (trx) => (trx as OwnerDatabase).selectFrom('events').select('seq').where('county_id', '=', id).limit(1).execute());
    if (found.length) return true;
  }
  return false;
}
