import type { JsonSchema } from '../../forms/index.js';

/** No attachment is larger than this, whatever a form allows: the database holds the bytes. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * What a file field accepts when its x-attachment does not say: the types whose content the
 * engine can recognise (so a renamed program cannot pass as a photo).
 */
export const DEFAULT_ACCEPT = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'];

/** The limits a file field sets with its x-attachment keyword. */
export interface AttachmentLimits {
  /** MIME types; image/* takes every image type, and a star on both sides of the slash takes anything. */
  accept: string[];
  maxBytes: number;
}

/** Whether a form field holds attachments: format "attachment", or an array of such. */
export function isAttachmentField(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  const items = schema.items as JsonSchema | undefined;
  return schema.format === 'attachment' || (schema.type === 'array' && typeof items === 'object' && items?.format === 'attachment');
}

/** The field's limits: x-attachment on the field or (for an array) on its items, capped by the engine's own limit. */
export function attachmentLimits(schema: JsonSchema): AttachmentLimits {
  const items = (typeof schema.items === 'object' ? schema.items : undefined) as JsonSchema | undefined;
  const declared = (schema['x-attachment'] ?? items?.['x-attachment'] ?? {}) as { accept?: unknown; maxBytes?: unknown };
  const accept = Array.isArray(declared.accept) && declared.accept.length ? declared.accept.map((a) => String(a).toLowerCase()) : DEFAULT_ACCEPT;
  const maxBytes = typeof declared.maxBytes === 'number' && declared.maxBytes > 0 ? Math.min(declared.maxBytes, MAX_ATTACHMENT_BYTES) : MAX_ATTACHMENT_BYTES;
  return { accept, maxBytes };
}

/** Whether a MIME type is in an accept list: the same type, its type/* wildcard, or the any-type wildcard. */
export function accepts(accept: string[], mimeType: string): boolean {
  const type = mimeType.toLowerCase();
  return accept.some((a) => a === '*/*' || a === type || (a.endsWith('/*') && type.startsWith(a.slice(0, -1))));
}

/** Magic bytes of the common types: a file is one of these only if its first bytes say so. */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/gif': (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

/** The types whose content is recognised by its bytes; only these are shown inline by browsers. */
export const RECOGNISED_TYPES = Object.keys(SIGNATURES);

/** The type the bytes show, when they are one of the recognised types. */
export function detectFileType(bytes: Buffer): string | undefined {
  return RECOGNISED_TYPES.find((type) => SIGNATURES[type](bytes));
}

const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * The type to store for uploaded bytes. The bytes decide when they are a recognised type;
 * a client that claims a recognised type for bytes that are not that type is lying (a renamed
 * .exe sent as image/png) and gets { claimed } with no type. Other types cannot be checked
 * and are taken as claimed.
 */
export function contentType(bytes: Buffer, claimed: string | undefined): { type?: string; claimed: string } {
  const normalised = (claimed ?? '').split(';')[0].trim().toLowerCase();
  const said = MIME_TYPE.test(normalised) ? normalised : 'application/octet-stream';
  const detected = detectFileType(bytes);
  if (detected) return { type: detected, claimed: said };
  if (RECOGNISED_TYPES.includes(said)) return { claimed: said };
  return { type: said, claimed: said };
}
