import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { NotificationRecipient } from '../domain/notification.js';
import type { RecipientSpec } from '../domain/outbox-message.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/**
 * Whom an outbox message reaches, read from the directory when it is delivered (not when it was
 * written): the people who hold a role or belong to a unit by then. Only active people: a
 * disabled account cannot read its notifications, and a channel should not text a person who
 * has left. One statement per message, whatever the mix of specs; each person once.
 */
export class RecipientQuery {
  constructor(private readonly db: Kysely<Database>) {}

  resolve(countyId: string, specs: readonly RecipientSpec[]): Promise<NotificationRecipient[]> {
    if (!specs.length) return Promise.resolve([]);
    return inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('users')
        .select(['id', 'username', 'displayName'])
        .where('countyId', '=', countyId)
        .where('disabledAt', 'is', null)
        .where((eb) => eb.or(specs.map((spec) => matches(eb, spec))))
        .orderBy('username')
        .execute(),
    );
  }
}

function matches(eb: ExpressionBuilder<Database, 'users'>, spec: RecipientSpec): Expression<SqlBool> {
  switch (spec.kind) {
    case 'user':
      return eb('id', '=', spec.id);
    case 'unit':
      return eb('unitId', '=', spec.id);
    case 'roles': {
      // Arrays as parameters: && (any role in common) and @> (works at the station).
      const holds = sql<SqlBool>`${sql.ref('roles')} && ${sql.val(spec.roles)}::text[]`;
      return spec.stationId === undefined ? holds : eb.and([holds, sql<SqlBool>`${sql.ref('stationIds')} @> array[${spec.stationId}]::text[]`]);
    }
    default:
      // Rows come from SQL too (the recording functions): a spec of no known kind reaches no one.
      return sql<SqlBool>`false`;
  }
}
