import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requirePackAdmin, type PackPublishingService } from '../runtime/pack-publishing-service.js';
import { requireUser } from './auth-plugin.js';
import { packHistory, packReport, publishedVersion } from './responses.js';
import { anyObject, errors, langOnly } from './schemas.js';

/**
 * How large a pack in one file may be. The shipped packs export to 100–200 KB; a county's model
 * grown tenfold still fits, and the bound keeps the validator's work (ajv with allErrors, every
 * form compiled) in check.
 */
export const PACK_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** One folder of a pack in one file: its files by id. */
const folder = (name: string) => Type.Optional(Type.Unsafe<Record<string, unknown>>({ ...anyObject, description: `${name}/<id>.json, by id` }));

/**
 * The body is a pack in one file (workflows/schema/pack-file.schema.json). The route takes its
 * shape, no unknown key (as every body); what the files hold is the report's to say, all at once.
 */
const packFileBody = Type.Object(
  {
    $schema: Type.Optional(Type.String({ maxLength: 200 })),
    pack: Type.Unsafe<Record<string, unknown>>({ ...anyObject, description: 'pack.json' }),
    forms: folder('forms'),
    flows: folder('flows'),
    'station-types': folder('station-types'),
    evaluations: folder('evaluations'),
  },
  { additionalProperties: false, description: 'A pack in one file (workflows/schema/pack-file.schema.json)' },
);

/** The export, sent as the text of the file (indented JSON); documented as what it holds. */
const exportedFile = Type.Unsafe<string>({ ...anyObject, description: 'A pack in one file (workflows/schema/pack-file.schema.json)' });

/** Administrators only, before a body of up to 5 MB is read. */
const packAdminOnly = async (request: FastifyRequest) => requirePackAdmin(requireUser(request));

/** Publishing the county's model while the engine runs: list, export, check and publish packs (runtime/pack-publishing-service). */
export const packPublishingRoutes: FastifyPluginAsyncTypebox<{ publishing: PackPublishingService }> = async (app, { publishing }) => {
  app.get(
    '/api/packs/:packId/versions/:version/export',
    {
      schema: {
        tags: ['packs'],
        summary: 'A published version as one file (administrators and auditors); uploaded unchanged, it publishes the same content',
        params: Type.Object({ packId: Type.String({ maxLength: 63 }), version: Type.String({ maxLength: 20, description: 'A version, or "latest"' }) }),
        querystring: langOnly,
        response: { 200: exportedFile, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { fileName, document } = await publishing.exportVersion(requireUser(request), request.params.packId, request.params.version);
      // Indented: a county keeps the file and may read or edit it before the next upload.
      return reply
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .type('application/json; charset=utf-8')
        .send(`${JSON.stringify(document, null, 2)}\n`);
    },
  );

  app.get(
    '/api/admin/packs',
    {
      schema: {
        tags: ['packs'],
        summary: "The county's packs, each with every version published and when (administrators)",
        querystring: langOnly,
        response: { 200: Type.Array(packHistory), ...errors(401, 403) },
      },
    },
    async (request) => publishing.history(requireUser(request)),
  );

  app.post(
    '/api/admin/packs/check',
    {
      onRequest: packAdminOnly,
      bodyLimit: PACK_FILE_MAX_BYTES,
      schema: {
        tags: ['packs'],
        summary: 'Check a pack in one file: the full report, every problem at once; nothing is stored (administrators)',
        querystring: langOnly,
        body: packFileBody,
        response: { 200: packReport, ...errors(400, 401, 403, 413) },
      },
    },
    async (request) => publishing.check(requireUser(request), request.body),
  );

  app.post(
    '/api/admin/packs',
    {
      onRequest: packAdminOnly,
      bodyLimit: PACK_FILE_MAX_BYTES,
      schema: {
        tags: ['packs'],
        summary: 'Publish a pack in one file (administrators): usable at once by every engine process, without a restart',
        description:
          '201 with the version published; 200 when the same version was published with the same content (nothing changes); 422 PACK_INVALID with details.problems, the full report, when it has any problem (nothing is stored).',
        querystring: langOnly,
        body: packFileBody,
        response: { 200: publishedVersion, 201: publishedVersion, ...errors(400, 401, 403, 413, 422) },
      },
    },
    async (request, reply) => {
      const published = await publishing.publish(requireUser(request), request.body);
      return reply.status(published.created ? 201 : 200).send(published);
    },
  );
};
