import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { INBOX_PAGE_MAX, type InboxService } from '../runtime/inbox-service.js';
import { requireUser } from './auth-plugin.js';
import { inbox, itemPage } from './responses.js';
import { errors, langQuery, stringEnum } from './schemas.js';

/** The items waiting for the logged-in user, a page at a time, with counts per state; and the user's own items. */
export const inboxRoutes: FastifyPluginAsyncTypebox<{ inbox: InboxService }> = async (app, { inbox: service }) => {
  app.get(
    '/api/inbox',
    {
      schema: {
        tags: ['items'],
        summary: 'Items waiting for one of my roles at my stations (oldest deadline first)',
        querystring: Type.Object(
          {
            ...langQuery,
            flow: Type.Optional(Type.String({ maxLength: 63 })),
            state: Type.Optional(Type.String({ maxLength: 300 })),
            sort: Type.Optional(stringEnum(['due-asc', 'created-desc', 'created-asc', 'updated-desc'], { default: 'due-asc' })),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: INBOX_PAGE_MAX, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: inbox, ...errors(401) },
      },
    },
    async (request) => {
      const { flow, state, sort, page, pageSize } = request.query;
      return service.inbox(requireUser(request), { flowId: flow, state, sort, page, pageSize });
    },
  );

  app.get(
    '/api/inbox/mine',
    {
      schema: {
        tags: ['items'],
        summary: 'Items I submitted, or items I handled (sent an event to after they were created), most recently changed first',
        querystring: Type.Object(
          {
            ...langQuery,
            view: stringEnum(['submitted', 'handled']),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: INBOX_PAGE_MAX, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: itemPage, ...errors(401) },
      },
    },
    async (request) => {
      const { view, page, pageSize } = request.query;
      return service.mine(requireUser(request), view, { page, pageSize });
    },
  );
};
