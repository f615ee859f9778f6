import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { Type, type Static } from 'typebox';
import { MAX_ATTACHMENT_BYTES, RECOGNISED_TYPES } from '../runtime/attachment-rules.js';
import type { AttachmentMeta } from '../domain/attachment.js';
import { tooLarge, type AttachmentService } from '../runtime/attachment-service.js';
import { requireUser } from './auth-plugin.js';
import { contentDisposition } from './content-disposition.js';
import { readUploadedFile } from './file-upload.js';
import { attachmentView } from './responses.js';
import { errors, langOnly, langQuery } from './schemas.js';

const idParams = Type.Object({ attachmentId: Type.String({ maxLength: 64 }) });
const slug = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$', maxLength: 63 });

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
 * inside the plugins that take files (this one, directory-excel-routes.ts): no other route
 * accepts multipart bodies.
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
      const file = await readUploadedFile(app, request, rules.maxBytes, () => tooLarge(rules));
      const saved = await attachments.save(user, rules, { filename: file.filename, claimedType: file.mimetype, content: file.content });
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
