import type { FastifyInstance } from 'fastify';
import type { InboxService } from '../runtime/inbox-service.js';
import { requireUser } from './auth-plugin.js';
import { errors, itemSummary, langQuery, localizedText } from './schemas.js';

/** The items waiting for the logged-in user, with counts per state. */
export async function inboxRoutes(app: FastifyInstance, { inbox }: { inbox: InboxService }) {
  app.get(
    '/api/inbox',
    {
      schema: {
        tags: ['items'],
        summary: 'Items waiting for one of my roles at my stations (oldest deadline first)',
        querystring: {
          type: 'object',
          properties: {
            ...langQuery,
            flow: { type: 'string', maxLength: 63 },
            state: { type: 'string', maxLength: 300 },
            sort: { type: 'string', enum: ['due-asc', 'created-desc', 'created-asc', 'updated-desc'], default: 'due-asc' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: itemSummary },
              total: { type: 'integer' },
              countsByState: {
                type: 'array',
                items: { type: 'object', properties: { flowId: { type: 'string' }, path: { type: 'string' }, label: localizedText, count: { type: 'integer' } } },
              },
            },
          },
          ...errors(401),
        },
      },
    },
    async (request) => {
      const q = request.query as { flow?: string; state?: string; sort?: any };
      return inbox.inbox(requireUser(request), { flowId: q.flow, state: q.state, sort: q.sort });
    },
  );
}
