import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AuditService } from '../runtime/audit-service.js';
import { requireUser } from './auth-plugin.js';
import { checkpointExport, countyVerification } from './responses.js';
import { errors, langOnly, langQuery } from './schemas.js';

/** Export defaults, in the schema (ajv fills them in) and where the handler reads them. */
const EXPORT_PAGE = { after: 0, limit: 100 };

/**
 * Signed checkpoints for auditors (runtime/audit-service): an export to keep outside the
 * system, and a verification of the county's whole checkpoint chain.
 */
export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    '/api/audit/checkpoints',
    {
      schema: {
        tags: ['audit'],
        summary: "Export the county's signed checkpoints (Ed25519), in order, with the heads each recorded",
        description:
          'Each signature is over signedMessage for that checkpoint: canonical JSON (keys sorted) of {countyId, seq, createdAt, coveredUntil, headCount, digest, prevSignature}; digest is the sha256 hex of canonical JSON [[itemId, version, hash], …] sorted by itemId. Page with after (the last seq you have).',
        querystring: Type.Object(
          {
            ...langQuery,
            after: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: EXPORT_PAGE.after })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: EXPORT_PAGE.limit })),
          },
          { additionalProperties: false },
        ),
        response: { 200: checkpointExport, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { after = EXPORT_PAGE.after, limit = EXPORT_PAGE.limit } = request.query;
      return audit.exportCheckpoints(requireUser(request), after, limit);
    },
  );

  app.post(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: "Verify the county's checkpoint chain against the event log, and the checkpoints you kept",
        description:
          'held: checkpoints from earlier exports (seq and signature). Each must still be in the system unchanged; a missing one means the end of the record was cut.',
        querystring: langOnly,
        body: Type.Object(
          {
            held: Type.Optional(
              Type.Array(
                Type.Object(
                  { seq: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), signature: Type.String({ minLength: 1, maxLength: 200 }) },
                  { additionalProperties: false },
                ),
                { maxItems: 10_000 },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: countyVerification, ...errors(400, 401, 403) },
      },
    },
    async (request) => audit.verify(requireUser(request), request.body?.held ?? []),
  );
};
