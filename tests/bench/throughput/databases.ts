import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// Where one database row of the benchmarks runs, created fresh and removed afterwards, so that
// every run starts from the same empty county and leaves nothing behind.

export interface BenchDatabase {
  label: 'PostgreSQL' | 'PGlite';
  /** Environment of the engine child (engine/server.ts reads DATABASE_URL, DATA_DIR). */
  engineEnv: Record<string, string>;
  /** Environment of the bare route's child (bare-server.ts). */
  bareEnv: Record<string, string>;
  /** Environment of the SQL replay's child (sql-replay-server.ts): the engine's database on PostgreSQL, a folder of its own on PGlite. */
  replayEnv: Record<string, string>;
  /** PostgreSQL only: the database's URL (P3's bpmn-engine side saves its state there too). */
  url?: string;
  /** A folder for this run's files (signing key, PGlite folders). */
  folder: string;
  drop(): Promise<void>;
}

/** A fresh database named <base>_throughput beside the one the URL names (its owner must be allowed to create databases). */
export async function freshPostgres(baseUrl: string): Promise<BenchDatabase> {
  const base = new URL(baseUrl);
  const name = `${base.pathname.slice(1) || 'postgres'}_throughput`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`drop database if exists "${name}" with (force)`);
  await admin(`create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const folder = mkdtempSync(join(tmpdir(), 'renda-throughput-pg-'));
  return {
    label: 'PostgreSQL',
    url: url.toString(),
    engineEnv: { DATABASE_URL: url.toString(), SIGNING_KEY_FILE: join(folder, 'signing-key') },
    bareEnv: { BARE_DATABASE_URL: url.toString() },
    replayEnv: { DATABASE_URL: url.toString(), SIGNING_KEY_FILE: join(folder, 'signing-key') },
    folder,
    async drop() {
      await admin(`drop database if exists "${name}" with (force)`);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** File-backed PGlite folders in a temporary folder: the engine's, the bare route's and the SQL replay's own. */
export function freshPGlite(): BenchDatabase {
  const folder = mkdtempSync(join(tmpdir(), 'renda-throughput-pglite-'));
  return {
    label: 'PGlite',
    // DATABASE_URL emptied: the parent's must not turn the PGlite row into a PostgreSQL one.
    engineEnv: { DATABASE_URL: '', DATA_DIR: join(folder, 'engine'), SIGNING_KEY_FILE: join(folder, 'signing-key') },
    bareEnv: { BARE_PGLITE_DIR: join(folder, 'bare') },
    replayEnv: { DATABASE_URL: '', DATA_DIR: join(folder, 'replay'), SIGNING_KEY_FILE: join(folder, 'signing-key') },
    folder,
    async drop() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
