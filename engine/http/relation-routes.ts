import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RelationEnd } from '../domain/relation.js';
import type { HouseholdAdmin } from '../runtime/household-admin.js';
import { HOUSEHOLD_LIMITS } from '../runtime/household-rules.js';
import type { RelationAdmin } from '../runtime/relation-admin.js';
import { requireUser } from './auth-plugin.js';
import { household, householdPage, relation, relationPage } from './responses.js';
import { anyObject, errors, langQuery, nullable, stringEnum } from './schemas.js';

const text = (maxLength: number) => Type.String({ maxLength });
// null as `type: [string, null]`, never a union (directory-routes.ts says why).
const nullableText = (maxLength: number) => nullable(Type.String({ maxLength }));
const day = Type.String({ format: 'date', maxLength: 10 });
const closed = <P extends Parameters<typeof Type.Object>[0]>(properties: P) => Type.Object(properties, { additionalProperties: false });
const closedPartial = <P extends Parameters<typeof Type.Object>[0]>(properties: P) => Type.Partial(Type.Object(properties), { additionalProperties: false });
const END_TYPES = ['person', 'unit', 'station', 'household'] as const;
const end = closed({ type: stringEnum(END_TYPES), id: text(63) });
/** An end in a query: its type and id, as person:<id>. */
const endQuery = Type.String({ pattern: `^(${END_TYPES.join('|')}):[^:]{1,63}$`, maxLength: 80, description: 'type:id, e.g. household:0196…' });
const parseEnd = (value: string | undefined): RelationEnd | undefined => {
  if (!value) return undefined;
  const at = value.indexOf(':');
  return { type: value.slice(0, at) as RelationEnd['type'], id: value.slice(at + 1) };
};
const paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};
const window = (query: { page?: number; pageSize?: number }) => ({ offset: ((query.page ?? 1) - 1) * (query.pageSize ?? 20), limit: query.pageSize ?? 20 });

const householdFields = {
  code: text(HOUSEHOLD_LIMITS.code),
  headName: text(HOUSEHOLD_LIMITS.name),
  village: text(HOUSEHOLD_LIMITS.name),
  stationId: nullableText(63),
  phone: nullableText(HOUSEHOLD_LIMITS.phone),
  note: nullableText(HOUSEHOLD_LIMITS.note),
};

/**
 * Households (农户) and relations of the county's directory (issue 10), under /api/admin/, for
 * the county's administrators only (403 DIRECTORY_ADMIN_ONLY). A bad field answers 400 naming
 * the field and the rule; a relation's attributes are checked with its kind's form
 * (400 PAYLOAD_INVALID, each field's error in the details).
 */
export const relationRoutes: FastifyPluginAsyncTypebox<{ households: HouseholdAdmin; relations: RelationAdmin }> = async (app, { households, relations }) => {
  const tags = ['directory'];

  app.get(
    '/api/admin/households',
    {
      schema: {
        tags,
        summary: "The county's households a page at a time, in the order of village and head, searched by code, head or village",
        querystring: closed({
          ...langQuery,
          q: Type.Optional(text(60)),
          village: Type.Optional(text(HOUSEHOLD_LIMITS.name)),
          stationId: Type.Optional(text(63)),
          status: Type.Optional(stringEnum(['active', 'closed', 'all'], { default: 'active' })),
          ...paging,
        }),
        response: { 200: householdPage, ...errors(400, 401, 403) },
      },
    },
    (request) => {
      const { q, village, stationId, status } = request.query;
      return households.list(requireUser(request), { text: q, village, stationId, status, ...window(request.query) });
    },
  );

  app.post(
    '/api/admin/households',
    {
      schema: {
        tags,
        summary: 'A new household; a code (户编号) is made when none is given',
        querystring: closed(langQuery),
        body: closed({
          ...householdFields,
          code: Type.Optional(householdFields.code),
          stationId: Type.Optional(householdFields.stationId),
          phone: Type.Optional(householdFields.phone),
          note: Type.Optional(householdFields.note),
        }),
        response: { 201: household, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { stationId = null, phone = null, note = null, ...rest } = request.body;
      return reply.status(201).send(await households.create(requireUser(request), { ...rest, stationId, phone, note }));
    },
  );

  app.patch(
    '/api/admin/households/:householdId',
    {
      schema: {
        tags,
        summary: "Changes a household's code, head, village, station, phone or note, or closes it (moved away, merged)",
        params: closed({ householdId: text(63) }),
        querystring: closed(langQuery),
        body: closedPartial({ ...householdFields, closed: Type.Boolean() }),
        response: { 200: household, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (request) => households.update(requireUser(request), request.params.householdId, request.body),
  );

  app.get(
    '/api/admin/relations',
    {
      schema: {
        tags,
        summary: 'The relations of the county, newest start first: of one kind, from or to one entry, in force on a day',
        querystring: closed({ ...langQuery, kind: Type.Optional(text(63)), from: Type.Optional(endQuery), to: Type.Optional(endQuery), activeOn: Type.Optional(day), ...paging }),
        response: { 200: relationPage, ...errors(400, 401, 403) },
      },
    },
    (request) => {
      const { kind, from, to, activeOn } = request.query;
      return relations.list(requireUser(request), { kind, from: parseEnd(from), to: parseEnd(to), activeOn, ...window(request.query) });
    },
  );

  app.post(
    '/api/admin/relations',
    {
      schema: {
        tags,
        summary: "A new relation of a kind the county's packs declare, between two entries of the county of the kind's types",
        querystring: closed(langQuery),
        body: closed({ kind: text(63), from: end, to: end, attributes: Type.Optional(anyObject), startsOn: day, endsOn: Type.Optional(nullable(day)) }),
        response: { 201: relation, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await relations.create(requireUser(request), request.body)),
  );

  app.patch(
    '/api/admin/relations/:relationId',
    {
      schema: {
        tags,
        summary: "Changes a relation's dates or attributes; ending it is setting endsOn",
        params: closed({ relationId: text(63) }),
        querystring: closed(langQuery),
        body: closedPartial({ attributes: anyObject, startsOn: day, endsOn: nullable(day) }),
        response: { 200: relation, ...errors(400, 401, 403, 404) },
      },
    },
    (request) => relations.update(requireUser(request), request.params.relationId, request.body),
  );
};
