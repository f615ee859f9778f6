import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

export interface StoredPackVersion {
  countyId: string;
  packId: string;
  version: string;
  content: unknown;
  hash: string;
  publishedAt: Date;
}

/** Published pack versions: immutable content with its hash. */
export class PackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores a version unless it exists. Returns the stored hash, which differs from the given
   * one when the same version was published before with other content.
   */
  async publish(countyId: string, packId: string, version: string, content: unknown, hash: string): Promise<string> {
    return inCounty(this.db, countyId, async (trx) => {
      await trx
        .insertInto('pack_versions')
        .values({ county_id: countyId, pack_id: packId, version, content: JSON.stringify(content), hash, published_at: new Date() })
        .onConflict((oc) => oc.columns(['county_id', 'pack_id', 'version']).doNothing())
        .execute();
      const row = await trx
        .selectFrom('pack_versions')
        .select('hash')
        .where('county_id', '=', countyId)
        .where('pack_id', '=', packId)
        .where('version', '=', version)
        .executeTakeFirstOrThrow();
      return row.hash;
    });
  }

  async listVersions(countyId: string): Promise<StoredPackVersion[]> {
    const rows = await inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('pack_versions').selectAll().where('county_id', '=', countyId).orderBy('pack_id').orderBy('published_at').execute(),
    );
    return rows.map((r) => ({
      countyId: r.county_id,
      packId: r.pack_id,
      version: r.version,
      content: r.content,
      hash: r.hash,
      publishedAt: r.published_at,
    }));
  }
}
