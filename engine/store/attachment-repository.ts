import type { Kysely } from 'kysely';
import type { Attachment, AttachmentMeta } from '../domain/attachment.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** The columns that make an attachment's metadata (all but the bytes). */
const META_COLUMNS = ['countyId', 'id', 'filename', 'mimeType', 'sizeBytes', 'sha256', 'uploadedBy', 'createdAt'] as const satisfies ReadonlyArray<keyof AttachmentMeta>;

/** Files attached to forms. Forms keep only the id; every lookup names the county. */
export class AttachmentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(attachment: Attachment): Promise<void> {
    await inCounty(this.db, attachment.countyId, (trx) =>
      trx.insertInto('attachments').values(attachment).execute(),
    );
  }

  /** The attachment's metadata; the bytes are not read. */
  async getMeta(countyId: string, id: string): Promise<AttachmentMeta | undefined> {
    return inCounty(this.db, countyId, (trx) => trx.selectFrom('attachments').select(META_COLUMNS).where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst());
  }

  async get(countyId: string, id: string): Promise<Attachment | undefined> {
    const row = await inCounty(this.db, countyId, (trx) => trx.selectFrom('attachments').selectAll().where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst());
    // PGlite hands back a Uint8Array, pg a Buffer: give callers a Buffer either way (no copy).
    return row && { ...row, content: Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength) };
  }

  /** The metadata of those of the given ids that exist in the county. */
  async listMeta(countyId: string, ids: string[]): Promise<AttachmentMeta[]> {
    if (!ids.length) return [];
    return inCounty(this.db, countyId, (trx) => trx.selectFrom('attachments').select(META_COLUMNS).where('countyId', '=', countyId).where('id', 'in', ids).execute());
  }
}
