import type { Kysely } from 'kysely';

/**
 * The database as its owner sees it: its own snake_case names, untyped. Migrations and role
 * setup run here, and must keep meaning what they meant when written, whatever the store's
 * typed schema (database-schema.ts) later becomes — kysely's advice for migrations.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately untyped, see above
export type OwnerDatabase = Kysely<any>;
