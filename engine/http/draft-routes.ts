import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Draft } from '../domain/draft.js';
import { DRAFT_KEY_MAX_LENGTH, DRAFT_KEY_PATTERN, DRAFT_MAX_BYTES, type DraftService } from '../runtime/draft-service.js';
import { requireUser } from './auth-plugin.js';
import { draft } from './responses.js';
import { anyObject, errors, langOnly, noContent } from './schemas.js';

const keyParams = Type.Object({
  key: Type.String({
    maxLength: DRAFT_KEY_MAX_LENGTH,
    pattern: DRAFT_KEY_PATTERN,
    description: 'start:<packId>:<flowId> for a new item, event:<itemId>:<EVENT_TYPE> for an event on an item',
  }),
});

const draftView = (saved: Draft) => ({ ...saved, updatedAt: saved.updatedAt.toISOString() });

/** Drafts of forms, saved as the user types so a reload or another device finds them (runtime/draft-service). */
export const draftRoutes: FastifyPluginAsyncTypebox<{ drafts: DraftService }> = async (app, { drafts }) => {
  app.get(
    '/api/drafts/:key',
    {
      schema: {
        tags: ['drafts'],
        summary: 'Your saved draft of a form',
        params: keyParams,
        querystring: langOnly,
        response: { 200: draft, ...errors(400, 401, 404) },
      },
    },
    async (request) => draftView(await drafts.get(requireUser(request), request.params.key)),
  );

  app.put(
    '/api/drafts/:key',
    {
      schema: {
        tags: ['drafts'],
        summary: 'Save your draft of a form (replaces the earlier one)',
        description: `The payload is the form as filled so far; it is not validated. At most ${DRAFT_MAX_BYTES / 1024} KiB.`,
        params: keyParams,
        querystring: langOnly,
        body: Type.Object({ payload: anyObject }, { additionalProperties: false }),
        response: { 200: draft, ...errors(400, 401, 403, 413) },
      },
    },
    async (request) => draftView(await drafts.save(requireUser(request), request.params.key, request.body.payload)),
  );

  app.delete(
    '/api/drafts/:key',
    {
      schema: {
        tags: ['drafts'],
        summary: 'Discard your draft of a form (no error when there is none)',
        params: keyParams,
        querystring: langOnly,
        response: { 204: noContent, ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      await drafts.discard(requireUser(request), request.params.key);
      return reply.status(204).send();
    },
  );
};
