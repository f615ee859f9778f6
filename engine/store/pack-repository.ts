import { sql, type Kysely } from 'kysely';
import { PACK_CHANNEL } from './pack-notices.js';
import type { PublishedPackVersion, StoredPackVersion } from '../domain/pack-version.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** Published pack versions: immutable content with its hash. */
export class PackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores a version unless it exists. Returns the stored version: its hash differs from the
   * given one when the same version was published before with other content; created says
   * whether this call stored it.
   */
  async publish(countyId: string, packId: string, version: string, content: unknown, hash: string): Promise<StoredPackVersion & { created: boolean }> {
    return inCounty(this.db, countyId, async (trx) => {
      const inserted = await trx
        .insertInto('packVersions')
        .values({ countyId, packId, version, content: JSON.stringify(content), hash, publishedAt: new Date() })
        .onConflict((oc) => oc.columns(['countyId', 'packId', 'version']).doNothing())
        .returning('hash')
        .executeTakeFirst();
      // Other engine processes on this database add the version to their registries
      // (pack-notices.ts). In the transaction, so it is heard only once the version is committed.
      if (inserted) {
        const notice = sql`json_build_object('schema', current_schema(), 'countyId', ${countyId}::text, 'packId', ${packId}::text, 'version', ${version}::text)::text`;
        await sql`select pg_notify(${PACK_CHANNEL}, ${notice})`.execute(trx);
      }
      const row = await trx
        .selectFrom('packVersions')
        .select(['countyId', 'packId', 'version', 'hash', 'publishedAt'])
        .where('countyId', '=', countyId)
        .where('packId', '=', packId)
        .where('version', '=', version)
        .executeTakeFirstOrThrow();
      return { ...row, created: inserted !== undefined };
    });
  }

  /** One published version, or undefined. */
  getVersion(countyId: string, packId: string, version: string): Promise<PublishedPackVersion | undefined> {
    return inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('packVersions').selectAll().where('countyId', '=', countyId).where('packId', '=', packId).where('version', '=', version).executeTakeFirst(),
    );
  }

  /** The county's published versions without their content (a list of what was published when), oldest first. */
  listPublished(countyId: string): Promise<StoredPackVersion[]> {
    return inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('packVersions')
        .select(['countyId', 'packId', 'version', 'hash', 'publishedAt'])
        .where('countyId', '=', countyId)
        .orderBy('packId')
        .orderBy('publishedAt')
        .execute(),
    );
  }

  listVersions(countyId: string): Promise<PublishedPackVersion[]> {
    return inCounty(this.db, countyId, (trx) => trx.selectFrom('packVersions').selectAll().where('countyId', '=', countyId).orderBy('packId').orderBy('publishedAt').execute());
  }
}
