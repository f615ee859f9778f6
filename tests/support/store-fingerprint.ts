import { sql } from 'kysely';
import type { RawDatabase } from './owner-access.js';

/** Per table of the store: its row count and an md5 of its row versions, e.g. { items: '3:9e1c…' }. */
export type StoreFingerprint = Record<string, string>;

/**
 * A fingerprint of everything stored, to prove a refused request changed nothing. Each row
 * version is named by its place and the transaction that wrote it (ctid, xmin): every insert,
 * update or delete changes that, even an update that writes the same values, and it costs no
 * reading of the rows' (large, JSON) contents. The tables come from the catalog (every base
 * table of the connection's schema), so a table added later is covered without editing this.
 * Hand it a connection that sees every county's rows (an owner's), or a county's own rows
 * would be all it compares.
 */
export async function storeFingerprint(db: RawDatabase): Promise<StoreFingerprint> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  if (!tables.rows.length) throw new Error('the store has no tables: is the connection on the right schema?');
  const perTable = tables.rows.map(
    ({ name }) =>
      sql`select ${name}::text as name, count(*) || ':' || coalesce(md5(string_agg(ctid::text || xmin::text, '|' order by ctid)), '') as print from ${sql.table(name)}`,
  );
  const { rows } = await sql<{ name: string; print: string }>`${sql.join(perTable, sql` union all `)}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.print]));
}
