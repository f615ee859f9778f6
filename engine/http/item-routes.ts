import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DEFAULT_SOON_HOURS, DUE_WINDOWS, SOON_HOURS } from '../domain/due-window.js';
import type { ItemFilter } from '../domain/item-query.js';
import { LINK_KINDS, parseLinkKey } from '../domain/item-directory.js';
import type { ItemService } from '../runtime/item-service.js';
import { requireUser } from './auth-plugin.js';
import { fieldRefused } from './request-guard.js';
import { eventResult, itemPage, itemView, linkCounts, trace } from './responses.js';
import { describedObject, errors, idempotencyHeader, langOnly, langQuery, nullable, stringEnum } from './schemas.js';

const itemParams = Type.Object({ itemId: Type.String({ maxLength: 64 }) });
const payload = Type.Optional(describedObject("The form's data"));

/** List defaults, in the schema (ajv fills them in) and where the handler reads them. */
const LIST_PAGE = { page: 1, pageSize: 20 };

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

/** The assignee filter's word for work assigned to no unit (to no one, a person or a station): the supervision view's remainder row. */
const NO_UNIT = 'no-unit';

/**
 * The filters that cannot go together: a station and no station; soonHours without due=soon
 * (it would be silently ignored, and a list would not be the one asked for).
 */
function checkCombinations(q: { station?: string; noStation?: boolean; due?: string; soonHours?: number }): void {
  if (q.noStation && q.station !== undefined) throw fieldRefused('FILTERS_CONFLICT', 'querystring.noStation', 'conflict', { other: 'station' });
  if (q.soonHours !== undefined && q.due !== 'soon') throw fieldRefused('FILTER_NEEDS', 'querystring.soonHours', 'needs', { needs: 'due=soon' });
}

/** Items: create, send events, read one, list, trace. */
export const itemRoutes: FastifyPluginAsyncTypebox<{ items: ItemService }> = async (app, { items }) => {
  app.post(
    '/api/items',
    {
      schema: {
        tags: ['items'],
        summary: "Start an item of a flow (with the flow's start form)",
        headers: idempotencyHeader,
        querystring: langOnly,
        body: Type.Object(
          {
            packId: Type.String({ minLength: 1, maxLength: 63 }),
            flowId: Type.String({ minLength: 1, maxLength: 63 }),
            stationId: Type.Optional(nullable(Type.String({ maxLength: 63 }))),
            payload,
          },
          { additionalProperties: false },
        ),
        response: { 201: eventResult, 200: eventResult, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const result = await items.createItem(requireUser(request), request.body, request.headers['idempotency-key']);
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
        querystring: langOnly,
        body: Type.Object({ type: Type.String({ minLength: 1, maxLength: 63 }), payload }, { additionalProperties: false }),
        response: { 200: eventResult, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => items.sendEvent(requireUser(request), request.params.itemId, request.body, request.headers['idempotency-key']),
  );

  app.get(
    '/api/items/:itemId',
    {
      schema: {
        tags: ['items'],
        summary: 'An item: state, data, and the events you may send now with their forms',
        params: itemParams,
        querystring: langOnly,
        response: { 200: itemView, ...errors(401, 404) },
      },
    },
    async (request) => items.getItem(requireUser(request), request.params.itemId),
  );

  app.get(
    '/api/items',
    {
      schema: {
        tags: ['items'],
        summary: "List the county's items, filtered and paged (newest first)",
        querystring: Type.Object(
          {
            ...langQuery,
            pack: Type.Optional(Type.String({ maxLength: 63 })),
            flow: Type.Optional(Type.String({ maxLength: 63 })),
            state: Type.Optional(Type.String({ maxLength: 300, description: 'A state path; also matches its child states' })),
            station: Type.Optional(Type.String({ maxLength: 63 })),
            noStation: Type.Optional(Type.Boolean({ description: 'Items at no station' })),
            status: Type.Optional(stringEnum(['active', 'done'])),
            due: Type.Optional(stringEnum(DUE_WINDOWS, { description: 'Active items overdue (deadline passed) or due soon (within soonHours), as GET /api/supervision counts them' })),
            soonHours: Type.Optional(Type.Integer({ minimum: SOON_HOURS.min, maximum: SOON_HOURS.max, description: 'With due=soon: how far ahead, in hours (default 24)' })),
            assignee: Type.Optional(
              Type.String({ maxLength: 80, pattern: `^(unit:[^:]+|${NO_UNIT})$`, description: `Items whose work is assigned now to a unit (unit:<id>), or to no unit (${NO_UNIT})` }),
            ),
            createdBy: Type.Optional(Type.String({ maxLength: 64 })),
            actor: Type.Optional(Type.String({ maxLength: 64, description: 'Items this user sent any event to' })),
            q: Type.Optional(Type.String({ maxLength: 100, description: "Free text in the item's data" })),
            linked: Type.Optional(
              Type.String({ maxLength: 80, pattern: '^(station|unit|person):[^:]+$', description: 'Items linked to a station, unit or person: station:<id>, unit:<id> or person:<id>' }),
            ),
            from: Type.Optional(Type.String({ format: 'date-time', description: 'Created at or after (ISO 8601, years 1900–9999)' })),
            to: Type.Optional(Type.String({ format: 'date-time', description: 'Created before (ISO 8601, years 1900–9999)' })),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: LIST_PAGE.page })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: LIST_PAGE.pageSize })),
          },
          { additionalProperties: false },
        ),
        response: { 200: itemPage, ...errors(400, 401) },
      },
    },
    async (request) => {
      const q = request.query;
      checkCombinations(q);
      const filter: ItemFilter = {
        packId: q.pack,
        flowId: q.flow,
        state: q.state,
        stationId: q.station,
        noStation: q.noStation || undefined,
        status: q.status,
        assignedUnit: q.assignee === undefined ? undefined : q.assignee === NO_UNIT ? null : q.assignee.slice('unit:'.length),
        createdBy: q.createdBy,
        actorId: q.actor,
        text: q.q?.trim() || undefined,
        linked: q.linked === undefined ? undefined : parseLinkKey(q.linked),
        createdFrom: filterDate('from', q.from),
        createdTo: filterDate('to', q.to),
      };
      const due = q.due && { window: q.due, soonHours: q.soonHours ?? DEFAULT_SOON_HOURS };
      return items.listItems(requireUser(request), filter, q.page ?? LIST_PAGE.page, q.pageSize ?? LIST_PAGE.pageSize, due);
    },
  );

  app.get(
    '/api/items/link-counts',
    {
      schema: {
        tags: ['items'],
        summary: 'How many items are linked to each station, unit or person of a kind (among the items you may read), most first',
        querystring: Type.Object({ ...langQuery, kind: stringEnum(LINK_KINDS), status: Type.Optional(stringEnum(['active', 'done'])) }, { additionalProperties: false }),
        response: { 200: linkCounts, ...errors(400, 401) },
      },
    },
    async (request) => items.linkCounts(requireUser(request), request.query.kind, request.query.status),
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
        querystring: langOnly,
        response: { 200: trace, ...errors(401, 404) },
      },
    },
    async (request) => items.trace(requireUser(request), request.params.itemId),
  );
};
