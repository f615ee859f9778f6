import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { RecordSealer } from './record-sealer.js';
import * as initial from './migrations/0001-initial.js';
import * as attachmentsAndDrafts from './migrations/0002-attachments-and-drafts.js';
import { recordIntegrity } from './migrations/0003-record-integrity.js';
import * as loginAudit from './migrations/0004-login-audit.js';
import * as listIndexes from './migrations/0005-list-indexes.js';
import * as sessionLookup from './migrations/0006-session-lookup.js';
import type { OwnerDatabase } from './owner-database.js';

/**
 * Migrations in order. Add a file under migrations/ and list it here; never edit a shipped one.
 * A migration that must compute with the record's keys (sealing events) receives them.
 */
function migrations(keys: RecordSealer): Record<string, Migration> {
  return {
    '0001-initial': initial,
    '0002-attachments-and-drafts': attachmentsAndDrafts,
    '0003-record-integrity': recordIntegrity(keys),
    '0004-login-audit': loginAudit,
    '0005-list-indexes': listIndexes,
    '0006-session-lookup': sessionLookup,
  };
}

/**
 * Brings the database up to the newest schema; throws with the failing migration's name.
 * schema names the PostgreSQL schema the bookkeeping tables live in: kysely looks for them
 * across all schemas otherwise, and would take another schema's tables for ours.
 */
export async function migrateToLatest(db: OwnerDatabase, keys: RecordSealer, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(keys) };
  const { error, results } = await new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
}
