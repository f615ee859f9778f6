import type { FastifyInstance } from 'fastify';
import { EngineError } from '../errors/engine-error.js';
import { checkpointMessage, verifyCounty } from '../record/checkpoints.js';
import type { RecordKeys } from '../record/record-keys.js';
import type { Store } from '../store/store.js';
import { requireUser } from './auth-plugin.js';
import { errors, integrityProblem, langQuery, localizedText } from './schemas.js';

/** Who may read the county's checkpoints: they name every item, so not every role. */
const AUDIT_ROLES = ['auditor', 'admin'];

/** An exported checkpoint as an auditor keeps it: enough to check its signature offline. */
const checkpointSchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    coveredUntil: { type: 'string', format: 'date-time' },
    headCount: { type: 'integer' },
    digest: { type: 'string' },
    prevSignature: { type: 'string' },
    signature: { type: 'string' },
    heads: {
      type: 'array',
      items: { type: 'object', properties: { itemId: { type: 'string' }, version: { type: 'integer' }, hash: { type: 'string' } } },
    },
  },
} as const;

const latestSchema = {
  type: ['object', 'null'],
  properties: { seq: { type: 'integer' }, signature: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } },
} as const;

/**
 * Signed checkpoints for auditors: an export to keep outside the system (verifiable offline with
 * the public key it names), and a verification of the county's whole checkpoint chain against
 * the event log, which also confirms that the checkpoints the auditor kept are still there.
 */
export async function auditRoutes(app: FastifyInstance, { store, keys }: { store: Store; keys: RecordKeys }) {
  const requireAuditor = (request: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(request);
    if (!user.roles.some((r) => AUDIT_ROLES.includes(r))) throw new EngineError('AUDIT_NOT_ALLOWED');
    return user;
  };

  app.get(
    '/api/audit/checkpoints',
    {
      schema: {
        tags: ['audit'],
        summary: "Export the county's signed checkpoints (Ed25519), in order, with the heads each recorded",
        description:
          'Each signature is over signedMessage for that checkpoint: canonical JSON (keys sorted) of {countyId, seq, createdAt, coveredUntil, headCount, digest, prevSignature}; digest is the sha256 hex of canonical JSON [[itemId, version, hash], …] sorted by itemId. Page with after (the last seq you have).',
        querystring: {
          type: 'object',
          properties: {
            ...langQuery,
            after: { type: 'integer', minimum: 0, maximum: 2_147_483_647, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              format: { type: 'string' },
              county: { type: 'object', properties: { id: { type: 'string' }, name: localizedText } },
              algorithm: { type: 'string' },
              publicKey: { type: 'string' },
              checkpoints: { type: 'array', items: { ...checkpointSchema, properties: { ...checkpointSchema.properties, signedMessage: { type: 'string' } } } },
            },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const user = requireAuditor(request);
      const { after, limit } = request.query as { after: number; limit: number };
      const checkpoints = await store.checkpoints.list(user.countyId, after, limit);
      return {
        format: 'renda-checkpoints/1',
        county: await store.counties.getCounty(user.countyId),
        algorithm: 'Ed25519',
        publicKey: keys.publicKeyPem,
        checkpoints: checkpoints.map((c) => ({
          seq: c.seq,
          createdAt: c.createdAt.toISOString(),
          coveredUntil: c.coveredUntil.toISOString(),
          headCount: c.headCount,
          digest: c.digest,
          prevSignature: c.prevSignature,
          signature: c.signature,
          signedMessage: checkpointMessage(c),
          heads: c.heads.map((h) => ({ itemId: h.itemId, version: h.version, hash: h.headHash })),
        })),
      };
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
        querystring: { type: 'object', properties: langQuery },
        body: {
          type: 'object',
          properties: {
            held: {
              type: 'array',
              maxItems: 10_000,
              items: {
                type: 'object',
                properties: { seq: { type: 'integer', minimum: 1, maximum: 2_147_483_647 }, signature: { type: 'string', minLength: 1, maxLength: 200 } },
                required: ['seq', 'signature'],
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              valid: { type: 'boolean' },
              checkpoints: { type: 'integer' },
              heads: { type: 'integer' },
              latest: latestSchema,
              problems: { type: 'array', items: integrityProblem },
            },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const user = requireAuditor(request);
      const { held = [] } = (request.body ?? {}) as { held?: Array<{ seq: number; signature: string }> };
      return verifyCounty(store, keys, user.countyId, held);
    },
  );
}
