import { sql } from 'kysely';
import { DEFAULT_MIGRATION_TABLE as MIGRATION_TABLE, Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { RecordSealer } from './record-sealer.js';
import * as initial from './migrations/0001-initial.js';
import * as attachmentsAndDrafts from './migrations/0002-attachments-and-drafts.js';
import { recordIntegrity } from './migrations/0003-record-integrity.js';
import * as loginAudit from './migrations/0004-login-audit.js';
import * as listIndexes from './migrations/0005-list-indexes.js';
import * as sessionLookup from './migrations/0006-session-lookup.js';
import * as searchWithoutIds from './migrations/0007-search-without-ids.js';
import * as itemCounts from './migrations/0008-item-counts.js';
import * as actorItems from './migrations/0009-actor-items.js';
import * as countyStatus from './migrations/0010-county-status.js';
import * as directory from './migrations/0011-directory.js';
import * as assignment from './migrations/0012-assignment.js';
import * as operators from './migrations/0013-operators.js';
import * as relations from './migrations/0014-relations.js';
import * as itemLinks from './migrations/0015-item-links.js';
import * as unitItems from './migrations/0016-unit-items.js';
import * as linkCounts from './migrations/0017-link-counts.js';
import * as recordingFunctions from './migrations/0018-recording-functions.js';
import * as plannerStatistics from './migrations/0019-planner-statistics.js';
import * as timers from './migrations/0020-timers.js';
import * as notifications from './migrations/0021-notifications.js';
import * as countyCalendar from './migrations/0022-county-calendar.js';
import * as supervisionIndex from './migrations/0023-supervision-index.js';
import * as dutyPeriods from './migrations/0024-duty-periods.js';
import type { OwnerDatabase } from './owner-database.js';

/**
 * Migrations in order. Add a file under migrations/ and list it here; never edit a shipped one.
 * A migration that must compute with the record's keys (sealing events) receives them.
 */
export function migrations(keys: RecordSealer): Record<string, Migration> {
  return {
    '0001-initial': initial,
    '0002-attachments-and-drafts': attachmentsAndDrafts,
    '0003-record-integrity': recordIntegrity(keys),
    '0004-login-audit': loginAudit,
    '0005-list-indexes': listIndexes,
    '0006-session-lookup': sessionLookup,
    '0007-search-without-ids': searchWithoutIds,
    '0008-item-counts': itemCounts,
    '0009-actor-items': actorItems,
    '0010-county-status': countyStatus,
    '0011-directory': directory,
    '0012-assignment': assignment,
    '0013-operators': operators,
    '0014-relations': relations,
    '0015-item-links': itemLinks,
    '0016-unit-items': unitItems,
    '0017-link-counts': linkCounts,
    '0018-recording-functions': recordingFunctions,
    '0019-planner-statistics': plannerStatistics,
    '0020-timers': timers,
    '0021-notifications': notifications,
    '0022-county-calendar': countyCalendar,
    '0023-supervision-index': supervisionIndex,
    '0024-duty-periods': dutyPeriods,
  };
}

/**
 * Brings the database up to the newest schema; throws with the failing migration's name, and
 * answers whether any migration ran. schema names the PostgreSQL schema the bookkeeping tables
 * live in: kysely looks for them across all schemas otherwise, and would take another schema's
 * tables for ours.
 */
export async function migrateToLatest(db: OwnerDatabase, keys: RecordSealer, schema?: string): Promise<boolean> {
  const all = migrations(keys);
  // Most starts find the schema up to date: one query instead of kysely's reading of the catalogue.
  if (await upToDate(db, Object.keys(all), schema)) return false;
  const provider: MigrationProvider = { getMigrations: async () => all };
  const { error, results } = await new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
  return true;
}

/** Whether kysely's bookkeeping lists exactly these migrations as run (false when it has no table yet). */
async function upToDate(db: OwnerDatabase, names: string[], schema: string | undefined): Promise<boolean> {
  const table = schema ? sql.id(schema, MIGRATION_TABLE) : sql.id(MIGRATION_TABLE);
  const qualified = schema ? sql`quote_ident(${schema}) || '.' || ${MIGRATION_TABLE}` : sql`${MIGRATION_TABLE}`;
  const exists = await sql<{ found: string | null }>`select to_regclass(${qualified})::text as found`.execute(db);
  if (!exists.rows[0]?.found) return false;
  const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(db);
  const ran = rows.map((r) => r.name).sort();
  const wanted = [...names].sort();
  return ran.length === wanted.length && ran.every((name, i) => name === wanted[i]);
}
