import type { Kysely, Selectable } from 'kysely';
import type { AttachmentTable, Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** What is known about an attachment without its bytes. */
export interface AttachmentMeta {
  countyId: string;
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  createdAt: Date;
}

export interface Attachment extends AttachmentMeta {
  content: Buffer;
}

const META_COLUMNS = ['county_id', 'id', 'filename', 'mime_type', 'size_bytes', 'sha256', 'uploaded_by', 'created_at'] as const;

/** Files attached to forms. Forms keep only the id; every lookup names the county. */
export class AttachmentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(attachment: Attachment): Promise<void> {
    await inCounty(this.db, attachment.countyId, (trx) =>
      trx.insertInto('attachments').values({
        county_id: attachment.countyId,
        id: attachment.id,
        filename: attachment.filename,
        mime_type: attachment.mimeType,
        size_bytes: attachment.sizeBytes,
        sha256: attachment.sha256,
        content: attachment.content,
        uploaded_by: attachment.uploadedBy,
        created_at: attachment.createdAt,
      }).execute(),
    );
  }

  /** The attachment's metadata; the bytes are not read. */
  async getMeta(countyId: string, id: string): Promise<AttachmentMeta | undefined> {
    const row = await inCounty(this.db, countyId, (trx) => trx.selectFrom('attachments').select(META_COLUMNS).where('county_id', '=', countyId).where('id', '=', id).executeTakeFirst());
    return row && toMeta(row);
  }

  async get(countyId: string, id: string): Promise<Attachment | undefined> {
    const row = await inCounty(this.db, countyId, (trx) => trx.selectFrom('attachments').selectAll().where('county_id', '=', countyId).where('id', '=', id).executeTakeFirst());
    // PGlite hands back a Uint8Array, pg a Buffer: give callers a Buffer either way (no copy).
    return row && { ...toMeta(row), content: Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength) };
  }

  /** The metadata of those of the given ids that exist in the county. */
  async listMeta(countyId: string, ids: string[]): Promise<AttachmentMeta[]> {
    if (!ids.length) return [];
    const rows = await inCounty(this.db, countyId, (trx) => trx.selectFrom('attachments').select(META_COLUMNS).where('county_id', '=', countyId).where('id', 'in', ids).execute());
    return rows.map(toMeta);
  }
}

function toMeta(r: Pick<Selectable<AttachmentTable>, (typeof META_COLUMNS)[number]>): AttachmentMeta {
  return {
    countyId: r.county_id,
    id: r.id,
    filename: r.filename,
    mimeType: r.mime_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    createdAt: r.created_at,
  };
}
