import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * Households and relations in the county's directory (issue 10).
 *  - households (农户): whom deputies keep in touch with; a county may have tens of thousands, so
 *    the administrator's list reads them through indexes: in order (village, head) a page at a
 *    time, by station, and by the search tokens of search-text.ts (head, village, code: Chinese
 *    names are two or three characters, too short for trigrams).
 *  - relations: of a kind a pack declares, from one directory entry (person, unit, station,
 *    household) to another, with attributes and dates. An end names a table by its type, so it
 *    has no foreign key: the service checks it is the county's and of the kind's type. Relations
 *    are ended by a date, never deleted, and listed from either end.
 * (0013 and 0015 are other branches' migrations; each checks nothing of the others.)
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('households')
    .addColumn('county_id', 'text', (c) => c.notNull().references('counties.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('head_name', 'text', (c) => c.notNull())
    .addColumn('village', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text')
    .addColumn('phone', 'text')
    .addColumn('note', 'text')
    .addColumn('search_tokens', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('search_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .addPrimaryKeyConstraint('households_pk', ['county_id', 'id'])
    .addUniqueConstraint('households_code_uq', ['county_id', 'code'])
    .addForeignKeyConstraint('households_station_fk', ['county_id', 'station_id'], 'stations', ['county_id', 'id'])
    .execute();
  // The list's order: a page is the next rows of this index, whatever the county's size.
  await db.schema.createIndex('households_list_idx').on('households').columns(['county_id', 'village', 'head_name', 'id']).execute();
  await db.schema.createIndex('households_station_idx').on('households').columns(['county_id', 'station_id']).where(sql.ref('station_id'), 'is not', null).execute();
  await db.schema.createIndex('households_search_idx').on('households').using('gin').column('search_tokens').execute();

  await db.schema
    .createTable('relations')
    .addColumn('county_id', 'text', (c) => c.notNull().references('counties.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_type', 'text', (c) => c.notNull().check(sql`from_type in ('person', 'unit', 'station', 'household')`))
    .addColumn('from_id', 'text', (c) => c.notNull())
    .addColumn('to_type', 'text', (c) => c.notNull().check(sql`to_type in ('person', 'unit', 'station', 'household')`))
    .addColumn('to_id', 'text', (c) => c.notNull())
    .addColumn('attributes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('relations_pk', ['county_id', 'id'])
    .addCheckConstraint('relations_dates_ck', sql`ends_on is null or ends_on >= starts_on`)
    .execute();
  // A person's, unit's, station's or household's relations, from either end, newest first.
  await db.schema.createIndex('relations_from_idx').on('relations').columns(['county_id', 'from_type', 'from_id', 'kind', 'starts_on']).execute();
  await db.schema.createIndex('relations_to_idx').on('relations').columns(['county_id', 'to_type', 'to_id', 'kind', 'starts_on']).execute();
  // One kind's relations a page at a time.
  await db.schema.createIndex('relations_kind_idx').on('relations').columns(['county_id', 'kind', 'starts_on', 'id']).execute();
}

export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.dropTable('relations').execute();
  await db.schema.dropTable('households').execute();
}
