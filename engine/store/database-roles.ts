import { sql } from 'kysely';
import type { Database } from './database-schema.js';
import { tableName } from './row-naming.js';
import type { OwnerDatabase } from './owner-database.js';

/** The role the application's queries run as: it owns nothing and cannot bypass row-level security. */
export const DEFAULT_APP_ROLE = 'renda_app';

type Privilege = 'select' | 'insert' | 'update' | 'delete';

interface TableAccess {
  /** What the application may do; never truncate, and history tables are insert-only. */
  privileges: Privilege[];
  /** Rows belong to one county: row-level security shows and accepts only the transaction's county. */
  county: boolean;
}

/**
 * Every table and what the application role may do to it. Typed over the whole Database, so a
 * new table cannot be added without deciding this; start-up also refuses a table found in the
 * schema but missing here. History (events, checkpoints, the login audit) is select + insert:
 * the application cannot change or remove what it recorded, whatever code runs in it.
 */
export const TABLE_ACCESS: Record<keyof Database, TableAccess> = {
  counties: { privileges: ['select', 'insert', 'update'], county: false },
  recordKeys: { privileges: ['select'], county: false },
  users: { privileges: ['select', 'insert', 'update', 'delete'], county: true },
  sessions: { privileges: ['select', 'insert', 'delete'], county: true },
  stations: { privileges: ['select', 'insert', 'update', 'delete'], county: true },
  units: { privileges: ['select', 'insert', 'update'], county: true },
  households: { privileges: ['select', 'insert', 'update'], county: true },
  // Ended by a date, never deleted: the past of the directory stays readable.
  relations: { privileges: ['select', 'insert', 'update'], county: true },
  packVersions: { privileges: ['select', 'insert'], county: true },
  items: { privileges: ['select', 'insert', 'update'], county: true },
  events: { privileges: ['select', 'insert'], county: true },
  itemSearch: { privileges: ['select', 'insert', 'update'], county: true },
  itemCounts: { privileges: ['select', 'insert', 'update'], county: true },
  linkCounts: { privileges: ['select', 'insert', 'update'], county: true },
  // Derived from the items' snapshots, like item_counts: an unlinked item's row is removed.
  itemLinks: { privileges: ['select', 'insert', 'delete'], county: true },
  unitItems: { privileges: ['select', 'insert'], county: true },
  // Armed timers: replaced with each event, leased and fired by the timer worker.
  timers: { privileges: ['select', 'insert', 'update', 'delete'], county: true },
  // Opened, then marked done or missed: never removed (the record of who did their duty).
  dutyPeriods: { privileges: ['select', 'insert', 'update'], county: true },
  checkpoints: { privileges: ['select', 'insert'], county: true },
  checkpointHeads: { privileges: ['select', 'insert'], county: true },
  attachments: { privileges: ['select', 'insert'], county: true },
  drafts: { privileges: ['select', 'insert', 'update', 'delete'], county: true },
  loginAudit: { privileges: ['select', 'insert'], county: true },
  // Written with the event that causes a message; only its delivery bookkeeping changes after.
  outbox: { privileges: ['select', 'insert', 'update'], county: true },
  // One per message and person; only read_at changes.
  notifications: { privileges: ['select', 'insert', 'update'], county: true },
  // The platform's operators belong to no county (migrations/0013-operators.ts).
  operators: { privileges: ['select', 'insert', 'update'], county: false },
  operatorSessions: { privileges: ['select', 'insert', 'delete'], county: false },
  operatorLoginAudit: { privileges: ['select', 'insert'], county: false },
  // History: the calendar in force at any past instant stays readable (migrations/0022-county-calendar.ts).
  calendarDays: { privileges: ['select', 'insert'], county: true },
};

/** The setting row-level security reads: which county the current transaction works for. */
export const COUNTY_SETTING = 'renda.county_id';

export interface RoleOptions {
  /** PostgreSQL schema the tables live in (tests); the connection's current schema otherwise. */
  schema?: string;
  role?: string;
  /** Set as the role's password (PostgreSQL with password authentication). */
  password?: string;
  /** LOGIN: PostgreSQL connects as the role; PGlite only SETs ROLE to it. */
  login: boolean;
}

/**
 * Run as the tables' owner after migrating: creates the application role when missing, grants it
 * exactly TABLE_ACCESS, and turns on row-level security (forced, so the owner is bound too) with
 * a policy per county table. Idempotent; each start re-applies it, so a table added by a later
 * migration is covered the first time the engine starts with it.
 */
export async function applyTableAccess(owner: OwnerDatabase, options: RoleOptions): Promise<void> {
  const role = sql.id(options.role ?? DEFAULT_APP_ROLE);
  await createRole(owner, options);
  const schema = options.schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(owner)).rows[0].s;
  const tables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = ${schema} and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(owner)
  ).rows.map((r) => r.name);
  // Keyed by the tables' names in the database (TABLE_ACCESS is keyed as the queries name them).
  const access = new Map(Object.entries(TABLE_ACCESS).map(([table, a]) => [tableName(table as keyof Database), a]));
  const undeclared = tables.filter((t) => !access.has(t));
  if (undeclared.length) throw new Error(`tables without declared access (add them to TABLE_ACCESS): ${undeclared.join(', ')}`);
  // Most starts find everything as declared: one query instead of some forty statements.
  if (options.password === undefined && (await accessInPlace(owner, schema, options.role ?? DEFAULT_APP_ROLE, options.login, access))) return;

  await owner.transaction().execute(async (trx) => {
    await sql`grant usage on schema ${sql.id(schema)} to ${role}`.execute(trx);
    for (const [name, { privileges, county }] of access) {
      const table = sql.id(schema, name);
      await sql`revoke all on ${table} from ${role}`.execute(trx);
      await sql`grant ${sql.raw(privileges.join(', '))} on ${table} to ${role}`.execute(trx);
      if (!county) continue;
      await sql`alter table ${table} enable row level security`.execute(trx);
      await sql`alter table ${table} force row level security`.execute(trx);
      const exists = await sql`select 1 from pg_policies where schemaname = ${schema} and tablename = ${name} and policyname = 'county_isolation'`.execute(trx);
      if (exists.rows.length) continue;
      // No county set (current_setting gives NULL) matches no row: forgetting the county shows nothing.
      await sql`create policy county_isolation on ${table}
        using (county_id = current_setting(${sql.lit(COUNTY_SETTING)}, true))
        with check (county_id = current_setting(${sql.lit(COUNTY_SETTING)}, true))`.execute(trx);
    }
  });
}

const PRIVILEGES = ['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger'] as const;

/**
 * Whether the role already has exactly the declared privileges on every table (no more, no
 * fewer), the role's attributes are as createRole makes them, and every county table has row-level
 * security on, forced, with its policy. Anything else (a new table, a changed grant, a new role)
 * answers false, and applyTableAccess applies everything again.
 */
async function accessInPlace(owner: OwnerDatabase, schema: string, role: string, login: boolean, access: Map<string, TableAccess>): Promise<boolean> {
  const expected = [...access].flatMap(([table, { privileges }]) => PRIVILEGES.map((p) => sql`(${table}, ${p}, ${sql.lit((privileges as string[]).includes(p))})`));
  const county = [...access].filter(([, a]) => a.county).map(([table]) => table);
  const { rows } = await sql<{ fits: boolean }>`
    select
      exists (select 1 from pg_roles where rolname = ${role} and rolcanlogin = ${login} and not rolsuper and not rolbypassrls and not rolcreaterole and not rolcreatedb)
      and (select bool_and(has_table_privilege(${role}, quote_ident(${schema}) || '.' || quote_ident(t), p) = e) from (values ${sql.join(expected)}) as v(t, p, e))
      and (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = ${schema} and c.relname = any(${county}) and c.relrowsecurity and c.relforcerowsecurity) = ${county.length}
      and (select count(*) from pg_policies where schemaname = ${schema} and tablename = any(${county}) and policyname = 'county_isolation') = ${county.length}
      as fits`
    .execute(owner)
    .catch(() => ({ rows: [{ fits: false }] }));
  return rows[0]?.fits === true;
}

/**
 * Roles belong to the whole PostgreSQL cluster, so engines on other databases or schemas may
 * create or alter the same role at the same moment: "already exists" and "concurrently
 * updated" are expected and retried.
 */
async function createRole(owner: OwnerDatabase, { role = DEFAULT_APP_ROLE, password, login }: RoleOptions): Promise<void> {
  const attributes = sql.raw(`${login ? 'login' : 'nologin'} nosuperuser nocreatedb nocreaterole nobypassrls`);
  for (let attempt = 1; ; attempt++) {
    try {
      const found = await sql<{ fits: boolean }>`select (rolcanlogin = ${login} and not rolsuper and not rolbypassrls
        and not rolcreaterole and not rolcreatedb) as fits from pg_roles where rolname = ${role}`.execute(owner);
      if (!found.rows.length) await sql`create role ${sql.id(role)} ${attributes}`.execute(owner);
      else if (!found.rows[0].fits) await sql`alter role ${sql.id(role)} ${attributes}`.execute(owner);
      if (password !== undefined) await sql`alter role ${sql.id(role)} password ${sql.lit(password)}`.execute(owner);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      const raced = code === '42710' || code === '23505' || code === 'XX000' || code === '40001';
      if (!raced || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * Refuses to run the application as a role that could rewrite history: a superuser, a role
 * that bypasses row-level security, or one that owns any table.
 */
export async function assertUnprivileged(app: OwnerDatabase): Promise<void> {
  const { rows } = await sql<{ role: string; superuser: boolean; bypass: boolean; owns: number }>`
    select r.rolname as role, r.rolsuper as superuser, r.rolbypassrls as bypass,
      (select count(*)::int from pg_tables t where t.tableowner = r.rolname) as owns
    from pg_roles r where r.rolname = current_user`.execute(app);
  const me = rows[0];
  if (!me || me.superuser || me.bypass || me.owns > 0)
    throw new Error(`the application's database role ${me?.role ?? '?'} must own no table and be neither superuser nor BYPASSRLS`);
}
