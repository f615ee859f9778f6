import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import * as initial from './migrations/0001-initial.js';
import * as attachmentsAndDrafts from './migrations/0002-attachments-and-drafts.js';
import * as loginAudit from './migrations/0004-login-audit.js';

/** Migrations in order. Add a file under migrations/ and list it here; never edit a shipped one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-attachments-and-drafts': attachmentsAndDrafts,
  '0004-login-audit': loginAudit,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Brings the database up to the newest schema; throws with the failing migration's name.
 * schema names the PostgreSQL schema the bookkeeping tables live in: kysely looks for them
 * across all schemas otherwise, and would take another schema's tables for ours.
 */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<void> {
  const { error, results } = await new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
}
