import pg from 'pg';
import { PostgresDialect } from 'kysely';

/**
 * PostgreSQL through a pg pool. schema, when given, becomes the connection's search_path:
 * the test suite gives each test file a schema of its own in one database.
 */
export function createPostgresDialect(databaseUrl: string, schema?: string): PostgresDialect {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  return new PostgresDialect({ pool });
}
