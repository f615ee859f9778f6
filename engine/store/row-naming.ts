import { CamelCasePlugin } from 'kysely';
import type { Database } from './database-schema.js';

/**
 * The one mapping between rows and records: the database names tables and columns in
 * snake_case, the application's queries and records in camelCase. kysely converts every name
 * in a query and every column of a result row; repositories hand rows on as domain records
 * without mapping them field by field.
 *
 * maintainNestedObjectKeys: a jsonb value (an item's snapshot, an event's payload) comes back
 * as a nested object, and its keys are data — a form field named `due_date` stays `due_date`.
 * Only the row's own keys (the columns) are converted.
 *
 * Migrations, the row-level security setup and the owner's connection in tests work without it:
 * they speak the database's own names.
 */
class RowNaming extends CamelCasePlugin {
  /** A table's name in the database (its key in Database is camelCase), for the SQL that lists tables. */
  tableName(table: keyof Database): string {
    return this.snakeCase(table);
  }

  /** A record as a row of the database: its keys as column names (a row sent whole as JSON, to be read with jsonb_populate_record). */
  row(record: object): Record<string, unknown> {
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [this.snakeCase(key), value]));
  }
}

export const rowNaming = new RowNaming({ maintainNestedObjectKeys: true });

export const tableName = (table: keyof Database): string => rowNaming.tableName(table);
