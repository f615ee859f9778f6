import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { fieldSchemaAt, fieldTitle, type LocalizedText } from '../../forms/index.js';
import { isOnlyAuditor } from '../auth/read-only.js';
import { EngineError } from '../errors/engine-error.js';
import type { PackRegistry } from '../packs/pack-registry.js';
import type { Attachment, AttachmentMeta } from '../domain/attachment.js';
import type { Store } from '../store/store.js';
import type { User } from '../domain/user.js';
import { systemClock, type Clock } from './clock.js';
import { accepts, attachmentLimits, contentType, isAttachmentField, type AttachmentLimits } from './attachment-rules.js';

/** The form field a file is uploaded for: its limits apply to the upload. */
export interface UploadTarget {
  packId: string;
  /** A version, or "latest". */
  version: string;
  formId: string;
  /** JSON pointer of the field in the form's payload, e.g. /photos. */
  field: string;
}

/** A field's title and limits, resolved before any byte is read. */
export interface UploadRules extends AttachmentLimits {
  title: LocalizedText;
}

export interface UploadedFile {
  filename: string;
  /** The type the client sent; checked against the bytes where possible. */
  claimedType: string | undefined;
  content: Buffer;
}

/**
 * Files for form fields. An upload names the field it is for, so the field's x-attachment
 * limits (types, size) are enforced by the server, not only by the browser; the form's data
 * then holds only the returned id.
 */
export class AttachmentService {
  constructor(
    private readonly store: Store,
    private readonly registry: PackRegistry,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Checks the user may upload, and finds the field's title and limits (404/400 when the field is not a file field). */
  rulesFor(actor: User, target: UploadTarget): UploadRules {
    if (isOnlyAuditor(actor)) throw new EngineError('AUDITOR_READ_ONLY');
    const { packId, version, formId, field } = target;
    const pack = version === 'latest' ? this.registry.latest(actor.countyId, packId) : this.registry.get(actor.countyId, packId, version);
    if (!pack) throw new EngineError('PACK_NOT_FOUND', { packId, version: version === 'latest' ? undefined : version });
    const form = this.registry.form(pack, formId);
    if (!form) throw new EngineError('FORM_NOT_FOUND', { packId, formId });
    const schema = fieldSchemaAt(form.schema, field);
    if (!schema || !isAttachmentField(schema)) throw new EngineError('FIELD_NOT_ATTACHMENT', { formId, field });
    return { title: fieldTitle(schema, field.split('/').pop() ?? field), ...attachmentLimits(schema) };
  }

  /** Stores a file that fits the rules (size is bounded while reading; here the type is checked). */
  async save(actor: User, rules: UploadRules, file: UploadedFile): Promise<AttachmentMeta> {
    if (file.content.length === 0) throw new EngineError('ATTACHMENT_MISSING');
    if (file.content.length > rules.maxBytes) throw tooLarge(rules);
    const { type, claimed } = contentType(file.content, file.claimedType);
    if (!type || !accepts(rules.accept, type)) {
      throw new EngineError('ATTACHMENT_TYPE_NOT_ALLOWED', { title: rules.title, accept: rules.accept, detected: type, claimed });
    }
    const meta: AttachmentMeta = {
      countyId: actor.countyId,
      id: uuidv7(),
      filename: cleanFilename(file.filename),
      mimeType: type,
      sizeBytes: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      uploadedBy: actor.id,
      createdAt: this.clock.now(),
    };
    await this.store.attachments.insert({ ...meta, content: file.content });
    return meta;
  }

  async meta(actor: User, id: string): Promise<AttachmentMeta> {
    const meta = await this.store.attachments.getMeta(actor.countyId, id);
    if (!meta) throw new EngineError('ATTACHMENT_NOT_FOUND', { attachmentId: id });
    return meta;
  }

  /** The attachment with its bytes; another county's answers 404, as if it did not exist. */
  async content(actor: User, id: string): Promise<Attachment> {
    const attachment = await this.store.attachments.get(actor.countyId, id);
    if (!attachment) throw new EngineError('ATTACHMENT_NOT_FOUND', { attachmentId: id });
    return attachment;
  }
}

export function tooLarge(rules: UploadRules): EngineError {
  return new EngineError('ATTACHMENT_TOO_LARGE', { title: rules.title, maxBytes: rules.maxBytes });
}

/** The file name without folders or control characters, at most 200 characters (keeping the extension). */
function cleanFilename(name: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!base) return 'file';
  const chars = [...base];
  if (chars.length <= 200) return base;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 && base.length - dot <= 16 ? base.slice(dot) : '';
  return chars.slice(0, 200 - [...extension].length).join('') + extension;
}
