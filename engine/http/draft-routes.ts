import type { FastifyInstance } from 'fastify';
import { isOnlyAuditor } from '../auth/read-only.js';
import { EngineError } from '../errors/engine-error.js';
import type { Store } from '../store/store.js';
import { requireUser } from './auth-plugin.js';
import { anyObject, errors, langQuery } from './schemas.js';

/** A draft is a half-filled form, not a document: this bounds what a user can park on the server. */
export const DRAFT_MAX_BYTES = 200 * 1024;

const keyParams = {
  type: 'object',
  properties: {
    key: {
      type: 'string',
      maxLength: 200,
      // Only the two kinds of form there are: an item's start form and an event's form.
      pattern: '^(start:[a-z][a-z0-9-]{1,62}:[a-z][a-z0-9-]{1,62}|event:[A-Za-z0-9-]{1,64}:[A-Z][A-Z0-9_]{0,62})$',
      description: 'start:<packId>:<flowId> for a new item, event:<itemId>:<EVENT_TYPE> for an event on an item',
    },
  },
  required: ['key'],
} as const;

const draftView = {
  type: 'object',
  properties: { key: { type: 'string' }, payload: anyObject, updatedAt: { type: 'string', format: 'date-time' } },
} as const;

/**
 * Drafts of forms, saved as the user types so a reload or another device finds them. Each user
 * reaches only their own; the engine clears a draft when its item is created or its event accepted.
 */
export async function draftRoutes(app: FastifyInstance, { store }: { store: Store }) {
  app.get(
    '/api/drafts/:key',
    {
      schema: {
        tags: ['drafts'],
        summary: 'Your saved draft of a form',
        params: keyParams,
        querystring: { type: 'object', properties: langQuery },
        response: { 200: draftView, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { key } = request.params as { key: string };
      const draft = await store.drafts.get(user.countyId, user.id, key);
      if (!draft) throw new EngineError('DRAFT_NOT_FOUND', { key });
      return { ...draft, updatedAt: draft.updatedAt.toISOString() };
    },
  );

  app.put(
    '/api/drafts/:key',
    {
      schema: {
        tags: ['drafts'],
        summary: 'Save your draft of a form (replaces the earlier one)',
        description: `The payload is the form as filled so far; it is not validated. At most ${DRAFT_MAX_BYTES / 1024} KiB.`,
        params: keyParams,
        querystring: { type: 'object', properties: langQuery },
        body: { type: 'object', properties: { payload: anyObject }, required: ['payload'], additionalProperties: false },
        response: { 200: draftView, ...errors(400, 401, 403, 413) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (isOnlyAuditor(user)) throw new EngineError('AUDITOR_READ_ONLY');
      const { key } = request.params as { key: string };
      const { payload } = request.body as { payload: Record<string, unknown> };
      if (Buffer.byteLength(JSON.stringify(payload)) > DRAFT_MAX_BYTES) throw new EngineError('DRAFT_TOO_LARGE', { maxBytes: DRAFT_MAX_BYTES });
      const draft = await store.drafts.put(user.countyId, user.id, key, payload, new Date());
      return { ...draft, updatedAt: draft.updatedAt.toISOString() };
    },
  );

  app.delete(
    '/api/drafts/:key',
    {
      schema: {
        tags: ['drafts'],
        summary: 'Discard your draft of a form (no error when there is none)',
        params: keyParams,
        querystring: { type: 'object', properties: langQuery },
        response: { 204: { type: 'null' }, ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await store.drafts.delete(user.countyId, user.id, (request.params as { key: string }).key);
      return reply.status(204).send();
    },
  );
}
