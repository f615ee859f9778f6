import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { Type, type Static } from 'typebox';
import { EngineError } from '../errors/engine-error.js';
import { errorMessage } from '../errors/error-catalogue.js';
import { MAX_ATTACHMENT_BYTES, RECOGNISED_TYPES } from '../runtime/attachment-rules.js';
import type { AttachmentMeta } from '../domain/attachment.js';
import { tooLarge, type AttachmentService } from '../runtime/attachment-service.js';
import { requireUser } from './auth-plugin.js';
import { attachmentView } from './responses.js';
import { errors, langOnly, langQuery } from './schemas.js';

const idParams = Type.Object({ attachmentId: Type.String({ maxLength: 64 }) });
const slug = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$', maxLength: 63 });
const NOT_MULTIPART = { first: { 'zh-CN': '上传的内容不是完整有效的 multipart/form-data', en: 'the upload is not complete, valid multipart/form-data' } };

/** An attachment as the API describes it (never its bytes). */
const view = (meta: AttachmentMeta): Static<typeof attachmentView> => ({
  id: meta.id,
  filename: meta.filename,
  mimeType: meta.mimeType,
  sizeBytes: meta.sizeBytes,
  sha256: meta.sha256,
  uploadedBy: meta.uploadedBy,
  createdAt: meta.createdAt.toISOString(),
});

/**
 * Uploading files for form fields and reading them back. Multipart parsing is registered
 * inside this plugin only: no other route accepts multipart bodies.
 */
export const attachmentRoutes: FastifyPluginAsyncTypebox<{ attachments: AttachmentService }> = async (app, { attachments }) => {
  // One file per request, bounded by the engine's hard cap; each upload narrows it to its field's maxBytes.
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10, parts: 11 } });

  app.post(
    '/api/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Upload a file for a form field (multipart/form-data, one file)',
        description:
          "The query names the form field the file is for; its x-attachment limits apply (accept: MIME types, maxBytes), and never more than 20 MiB. JPEG, PNG, GIF, WebP and PDF are recognised by their content, so a file claiming one of these types must be one. Put the returned id in the field.",
        consumes: ['multipart/form-data'],
        // For the docs: the handler reads the multipart stream itself and request.body stays empty (null passes).
        body: Type.Unsafe<{ file?: string } | null>({
          type: ['object', 'null'],
          properties: { file: { type: 'string', format: 'binary', description: 'The file (one part)' } },
        }),
        querystring: Type.Object(
          {
            ...langQuery,
            packId: slug,
            version: Type.String({ maxLength: 20, description: 'A version, or "latest"' }),
            formId: slug,
            field: Type.String({ pattern: '^(/[A-Za-z0-9_.~-]{1,100}){1,10}$', maxLength: 300, description: 'JSON pointer of the field in the payload, e.g. /photos' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: attachmentView, ...errors(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      // The field decides the limits, so it is checked before a byte of the file is read.
      const rules = attachments.rulesFor(user, request.query);
      if (!request.isMultipart()) throw new EngineError('ATTACHMENT_MISSING');
      let part: MultipartFile | undefined;
      let content: Buffer;
      try {
        part = await request.file({ limits: { fileSize: rules.maxBytes } });
        if (!part) throw new EngineError('ATTACHMENT_MISSING');
        content = await part.toBuffer();
      } catch (error) {
        if (error instanceof app.multipartErrors.RequestFileTooLargeError) throw tooLarge(rules);
        // The parser's own complaints (no boundary, the body ends mid-part) carry no status:
        // they are the upload's fault. Errors with a status (limits: 413) keep theirs.
        if (error instanceof EngineError || (error as FastifyError).statusCode) throw error;
        throw new EngineError('REQUEST_INVALID', NOT_MULTIPART, { errors: [{ field: 'body', rule: 'multipart', message: errorMessage('REQUEST_INVALID', NOT_MULTIPART) }] });
      }
      const saved = await attachments.save(user, rules, { filename: part.filename, claimedType: part.mimetype, content });
      return reply.status(201).send(view(saved));
    },
  );

  app.get(
    '/api/attachments/:attachmentId',
    {
      schema: {
        tags: ['attachments'],
        summary: 'The file (its bytes, with its type and name)',
        description: "Only the uploader's county can read it; any other county gets 404.",
        params: idParams,
        querystring: langOnly,
        response: {
          200: Type.Unsafe<Buffer>({ description: "The file's bytes, with its own Content-Type", content: { '*/*': { schema: { type: 'string', format: 'binary' } } } }),
          ...errors(401, 404),
        },
      },
    },
    async (request, reply) => {
      const attachment = await attachments.content(requireUser(request), request.params.attachmentId);
      // Only content the engine recognised (images, PDF) opens in the browser; anything else is downloaded.
      const inline = RECOGNISED_TYPES.includes(attachment.mimeType);
      reply
        .type(attachment.mimeType)
        .header('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', attachment.filename))
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'private, max-age=3600')
        .header('ETag', `"${attachment.sha256}"`);
      // A file we could not check never runs as a page of our origin, even if opened directly.
      if (!inline) reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
      return reply.send(attachment.content);
    },
  );

  app.get(
    '/api/attachments/:attachmentId/meta',
    {
      schema: {
        tags: ['attachments'],
        summary: "A file's name, type, size and checksum (without its bytes)",
        params: idParams,
        querystring: langOnly,
        response: { 200: attachmentView, ...errors(401, 404) },
      },
    },
    async (request) => view(await attachments.meta(requireUser(request), request.params.attachmentId)),
  );
};

/**
 * A Content-Disposition that keeps a Chinese file name: an ASCII fallback for old clients and
 * the UTF-8 name in filename* (RFC 5987 / RFC 6266), which every current browser prefers.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
