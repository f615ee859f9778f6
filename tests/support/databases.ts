import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { StoreOptions } from '../../engine/store/store.js';

/** A database the integration suites run on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** Fresh, empty store options for one test file (a new PGlite in memory, or a new schema). */
  options(): StoreOptions;
  /** Drops what options() created. */
  cleanup(): Promise<void>;
}

export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: 'pglite', options: () => ({}), cleanup: async () => {} }];
  const url = process.env.DATABASE_URL;
  if (url) {
    const schemas: string[] = [];
    list.push({
      name: 'postgres',
      options() {
        const schema = `test_${randomBytes(6).toString('hex')}`;
        schemas.push(schema);
        return { databaseUrl: url, schema };
      },
      async cleanup() {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        for (const schema of schemas.splice(0)) await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
    });
  } else if (!announced) {
    announced = true;
    console.log('DATABASE_URL is not set: integration suites run on PGlite only (set it to also run them on PostgreSQL).');
  }
  return list;
}
let announced = false;
