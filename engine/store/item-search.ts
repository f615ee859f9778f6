import type { Transaction } from 'kysely';
import type { Database } from './database-schema.js';
import { searchBody, textTokens } from './search-text.js';

/**
 * Keeps an item's search row in step with its data, in the transaction that writes the item.
 * The row is rewritten only when the text changed: most events add no words, and an unchanged
 * row costs no GIN entries.
 */
export async function saveSearchText(trx: Transaction<Database>, countyId: string, itemId: string, snapshot: unknown): Promise<void> {
  const body = searchBody((snapshot as { context?: unknown } | null)?.context ?? {});
  await trx
    .insertInto('itemSearch')
    .values({ countyId, itemId, body, tokens: textTokens(body) })
    .onConflict((oc) =>
      oc
        .columns(['countyId', 'itemId'])
        .doUpdateSet((eb) => ({ body: eb.ref('excluded.body'), tokens: eb.ref('excluded.tokens') }))
        .where((eb) => eb('itemSearch.body', '<>', eb.ref('excluded.body'))),
    )
    .execute();
}
