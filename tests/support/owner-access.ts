import { Kysely, sql } from 'kysely';
import type { Engine } from '../../engine/engine.js';
import { createPostgresDialect } from '../../engine/store/dialects/postgres-dialect.js';
import type { StoreOptions } from '../../engine/store/store.js';

/**
 * Runs work as the tables' owner — the attacker who holds the database, or a test that looks
 * across counties. PostgreSQL: a separate connection as DATABASE_URL's user (a superuser on the
 * test machines, so row-level security does not apply). PGlite: its one connection RESETs ROLE
 * for the duration (nothing else may use the engine meanwhile), then SETs it back.
 */
export async function asOwner<T>(engine: Engine, options: StoreOptions, work: (db: Kysely<any>) => Promise<T>): Promise<T> {
  if (options.databaseUrl) {
    const owner = new Kysely<any>({ dialect: createPostgresDialect(options.databaseUrl, options.schema) });
    try {
      return await work(owner);
    } finally {
      await owner.destroy();
    }
  }
  return engine.store.db.connection().execute(async (connection) => {
    await sql`reset role`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`set role ${sql.id(engine.store.appRole)}`.execute(connection);
    }
  });
}
