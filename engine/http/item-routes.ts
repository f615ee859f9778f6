import type { FastifyInstance } from 'fastify';
import type { ItemFilter } from '../domain/item-query.js';
import type { ItemService } from '../runtime/item-service.js';
import { requireUser } from './auth-plugin.js';
import { fieldRefused } from './request-guard.js';
import { anyObject, errors, eventResult, idempotencyHeader, integrity, itemSummary, itemView, langQuery, localizedText } from './schemas.js';

const itemParams = { type: 'object', properties: { itemId: { type: 'string', maxLength: 64 } }, required: ['itemId'] } as const;
const payload = { type: 'object', additionalProperties: true, description: "The form's data" } as const;

/** The years a filter date may name: what both databases and JavaScript dates agree on. */
const FILTER_YEARS = { from: 1900, to: 9999 };

/** A filter date as an instant; "format: date-time" lets through year 0000 and 23:59:60, which are none. */
function filterDate(name: 'from' | 'to', value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  const year = date.getUTCFullYear(); // NaN when the text names no instant
  if (!(year >= FILTER_YEARS.from && year <= FILTER_YEARS.to)) throw fieldRefused('DATE_OUT_OF_RANGE', `querystring.${name}`, 'dateRange', FILTER_YEARS);
  return date;
}

/** Items: create, send events, read one, list, trace. */
export async function itemRoutes(app: FastifyInstance, { items }: { items: ItemService }) {
  const key = (headers: unknown) => (headers as Record<string, string | undefined>)['idempotency-key'];

  app.post(
    '/api/items',
    {
      schema: {
        tags: ['items'],
        summary: "Start an item of a flow (with the flow's start form)",
        headers: idempotencyHeader,
        querystring: { type: 'object', properties: langQuery },
        body: {
          type: 'object',
          properties: {
            packId: { type: 'string', minLength: 1, maxLength: 63 },
            flowId: { type: 'string', minLength: 1, maxLength: 63 },
            stationId: { type: ['string', 'null'], maxLength: 63 },
            payload,
          },
          required: ['packId', 'flowId'],
          additionalProperties: false,
        },
        response: { 201: eventResult, 200: eventResult, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const result = await items.createItem(requireUser(request), request.body as any, key(request.headers));
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );

  app.post(
    '/api/items/:itemId/events',
    {
      schema: {
        tags: ['items'],
        summary: 'Send an event to an item (moves it through its flow)',
        description:
          'Checked in order: item in your county (404), your role may send the event (403), the event is allowed in the current state (409), the payload is valid for the event\'s form (400). A concurrent conflicting event gets 409 VERSION_CONFLICT.',
        params: itemParams,
        headers: idempotencyHeader,
        querystring: { type: 'object', properties: langQuery },
        body: {
          type: 'object',
          properties: { type: { type: 'string', minLength: 1, maxLength: 63 }, payload },
          required: ['type'],
          additionalProperties: false,
        },
        response: { 200: eventResult, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { itemId } = request.params as { itemId: string };
      return items.sendEvent(requireUser(request), itemId, request.body as any, key(request.headers));
    },
  );

  app.get(
    '/api/items/:itemId',
    {
      schema: {
        tags: ['items'],
        summary: 'An item: state, data, and the events you may send now with their forms',
        params: itemParams,
        querystring: { type: 'object', properties: langQuery },
        response: { 200: itemView, ...errors(401, 404) },
      },
    },
    async (request) => items.getItem(requireUser(request), (request.params as { itemId: string }).itemId),
  );

  app.get(
    '/api/items',
    {
      schema: {
        tags: ['items'],
        summary: "List the county's items, filtered and paged (newest first)",
        querystring: {
          type: 'object',
          properties: {
            ...langQuery,
            pack: { type: 'string', maxLength: 63 },
            flow: { type: 'string', maxLength: 63 },
            state: { type: 'string', maxLength: 300, description: 'A state path; also matches its child states' },
            station: { type: 'string', maxLength: 63 },
            status: { type: 'string', enum: ['active', 'done'] },
            createdBy: { type: 'string', maxLength: 64 },
            actor: { type: 'string', maxLength: 64, description: 'Items this user sent any event to' },
            q: { type: 'string', maxLength: 100, description: "Free text in the item's data" },
            from: { type: 'string', format: 'date-time', description: 'Created at or after (ISO 8601, years 1900–9999)' },
            to: { type: 'string', format: 'date-time', description: 'Created before (ISO 8601, years 1900–9999)' },
            page: { type: 'integer', minimum: 1, maximum: 100000, default: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: itemSummary }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } },
          },
          ...errors(400, 401),
        },
      },
    },
    async (request) => {
      const q = request.query as Record<string, any>;
      const filter: ItemFilter = {
        packId: q.pack,
        flowId: q.flow,
        state: q.state,
        stationId: q.station,
        status: q.status,
        createdBy: q.createdBy,
        actorId: q.actor,
        text: q.q?.trim() || undefined,
        createdFrom: filterDate('from', q.from),
        createdTo: filterDate('to', q.to),
      };
      return items.listItems(requireUser(request), filter, q.page, q.pageSize);
    },
  );

  app.get(
    '/api/items/:itemId/trace',
    {
      schema: {
        tags: ['items'],
        summary: "An item's trace: every event in order, and whether the record is intact",
        description:
          'integrity checks the hash chain and each event\'s seal, the item row against a replay of its events, and the newest signed checkpoint that recorded the item.',
        params: itemParams,
        querystring: { type: 'object', properties: langQuery },
        response: {
          200: {
            type: 'object',
            properties: {
              item: itemSummary,
              integrity,
              events: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    seq: { type: 'integer' },
                    type: { type: 'string' },
                    label: localizedText,
                    actor: { type: 'object', properties: { id: { type: 'string' }, displayName: { type: 'string' } } },
                    role: { type: 'string' },
                    payload: anyObject,
                    stateBefore: {},
                    stateAfter: {},
                    data: anyObject,
                    packVersion: { type: 'string' },
                    at: { type: 'string', format: 'date-time' },
                    prevHash: { type: 'string' },
                    hash: { type: 'string' },
                  },
                },
              },
            },
          },
          ...errors(401, 404),
        },
      },
    },
    async (request) => items.trace(requireUser(request), (request.params as { itemId: string }).itemId),
  );
}
