import { Kysely, sql } from 'kysely';
import type { Engine } from '../../engine/engine.js';
import { createPostgresDialect } from '../../engine/store/dialects/postgres-dialect.js';
import type { StoreOptions } from '../../engine/store/store.js';

/** Work run as the tables' owner. */
export interface OwnerAccess {
  run<T>(work: (db: Kysely<any>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The tables' owner — the attacker who holds the database, or a test that looks across
 * counties (row-level security hides every county from the engine's own connection outside a
 * county's transaction). PostgreSQL: a connection as DATABASE_URL's user (a superuser on the test
 * machines, so row-level security does not apply), kept until close(). PGlite: its one
 * connection RESETs ROLE for the duration of each run (nothing else may use the engine
 * meanwhile), then SETs it back.
 */
export function ownerAccess(engine: Engine, options: StoreOptions): OwnerAccess {
  if (options.databaseUrl) {
    const owner = new Kysely<any>({ dialect: createPostgresDialect(options.databaseUrl, options.schema) });
    return { run: (work) => work(owner), close: () => owner.destroy() };
  }
  return {
    run: (work) =>
      // Without the row naming: the owner sees the tables by their own (snake_case) names, as on PostgreSQL.
      engine.store.db.withoutPlugins().connection().execute(async (connection) => {
        await sql`reset role`.execute(connection);
        try {
          return await work(connection);
        } finally {
          await sql`set role ${sql.id(engine.store.appRole)}`.execute(connection);
        }
      }),
    close: async () => {},
  };
}

/** Runs one piece of work as the owner. */
export async function asOwner<T>(engine: Engine, options: StoreOptions, work: (db: Kysely<any>) => Promise<T>): Promise<T> {
  const access = ownerAccess(engine, options);
  try {
    return await access.run(work);
  } finally {
    await access.close();
  }
}
