import pg from 'pg';
import { PostgresDialect } from 'kysely';

/**
 * PostgreSQL through a pg pool. schema, when given, becomes the connection's search_path:
 * the test suite gives each test file a schema of its own in one database. JIT compilation is
 * off: the engine's queries each read at most some thousands of rows, where compiling costs
 * more than it saves (12 of an inbox's 92 ms at a million items).
 *
 * A query text with several statements (county-scope.ts sends the county setting and a statement
 * in one message) answers pg with one result per statement; kysely reads one, so the clients
 * answer the last: the statement's rows and count.
 */
export function createPostgresDialect(databaseUrl: string, schema?: string): PostgresDialect {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    options: ['-c jit=off', ...(schema ? [`-c search_path=${schema}`] : [])].join(' '),
  });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // Only the promise form kysely uses is touched; callbacks and cursors pass through.
    client.query = ((...args: unknown[]) => {
      const answer = query(...args);
      return answer instanceof Promise ? answer.then(lastResult) : answer;
    }) as typeof client.query;
  });
  return new PostgresDialect({ pool });
}

function lastResult(result: unknown): unknown {
  return Array.isArray(result) ? result[result.length - 1] : result;
}
