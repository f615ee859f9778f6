import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SESSION_COOKIE, parseSessionCookie } from '../auth/session-token.js';
import { DEPUTY_LEVELS, type Person } from '../domain/user.js';
import type { DirectoryAdmin } from '../runtime/directory-admin.js';
import { DIRECTORY_LIMITS } from '../runtime/directory-rules.js';
import { requireUser } from './auth-plugin.js';
import { managedPerson, station, unit } from './responses.js';
import { anyObject, errors, langOnly, noContent, nullable } from './schemas.js';

const text = (maxLength: number) => Type.String({ maxLength });
// null as `type: [string, null]`, never a union: with type coercion on, ajv would turn a null into
// "" in a union's string branch, and "none" would reach the database as an empty id or date.
const nullableText = (maxLength: number) => nullable(Type.String({ maxLength }));
const date = nullable(Type.String({ format: 'date', maxLength: 10 }));
const ids = Type.Array(text(63), { maxItems: DIRECTORY_LIMITS.stationIds, uniqueItems: true });
/** A person as the answer carries them: times as ISO text. */
const personView = (person: Person) => ({ ...person, createdAt: person.createdAt.toISOString() });
const closed = <P extends Parameters<typeof Type.Object>[0]>(properties: P) => Type.Object(properties, { additionalProperties: false });
/** A closed object whose properties may each be left out (Type.Partial drops the object's own options, so they are given again). */
const closedPartial = <P extends Parameters<typeof Type.Object>[0]>(properties: P) => Type.Partial(Type.Object(properties), { additionalProperties: false });

const personFields = {
  displayName: text(60),
  roles: Type.Array(text(63), { minItems: 1, maxItems: DIRECTORY_LIMITS.roles, uniqueItems: true }),
  stationIds: ids,
  unitId: nullableText(63),
  deputyLevel: Type.Unsafe<(typeof DEPUTY_LEVELS)[number] | null>({ type: ['string', 'null'], enum: [...DEPUTY_LEVELS, null] }),
};
const stationFields = {
  name: text(60),
  stationType: text(63),
  parentId: nullableText(63),
  attributes: anyObject,
  villages: Type.Array(text(60), { maxItems: DIRECTORY_LIMITS.villages }),
  openedOn: date,
  closedOn: date,
};

/**
 * The county administrator's directory (issue 10): people, units and stations, under
 * /api/admin/. Every route refuses anyone but the county's administrators (403
 * DIRECTORY_ADMIN_ONLY); a bad field answers 400 naming the field and the rule. Also a person's
 * own password change, which a new account or a reset password requires before anything else.
 */
export const directoryRoutes: FastifyPluginAsyncTypebox<{ admin: DirectoryAdmin }> = async (app, { admin }) => {
  const tags = ['directory'];

  app.get('/api/admin/people', { schema: { tags, summary: "The county's people, disabled ones too", querystring: langOnly, response: { 200: Type.Array(managedPerson), ...errors(401, 403) } } }, async (request) =>
    (await admin.people(requireUser(request))).map(personView),
  );

  app.post(
    '/api/admin/people',
    {
      schema: {
        tags,
        summary: 'A new person, with a first password they change at their first login',
        querystring: langOnly,
        body: closed({ username: text(40), password: text(200), ...personFields, stationIds: Type.Optional(ids), unitId: Type.Optional(personFields.unitId), deputyLevel: Type.Optional(personFields.deputyLevel) }),
        response: { 201: managedPerson, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(personView(await admin.createPerson(requireUser(request), request.body))),
  );

  app.patch(
    '/api/admin/people/:userId',
    {
      schema: {
        tags,
        summary: "Changes a person's name, roles, stations, unit, deputy level, or disables them (their sessions end)",
        params: closed({ userId: text(63) }),
        querystring: langOnly,
        body: closedPartial({ ...personFields, disabled: Type.Boolean() }),
        response: { 200: managedPerson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => personView(await admin.updatePerson(requireUser(request), request.params.userId, request.body)),
  );

  app.post(
    '/api/admin/people/:userId/password',
    {
      schema: {
        tags,
        summary: "Resets a person's password: their sessions end, and they choose their own at the next login",
        params: closed({ userId: text(63) }),
        querystring: langOnly,
        body: closed({ password: text(200) }),
        response: { 204: noContent, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await admin.resetPassword(requireUser(request), request.params.userId, request.body.password);
      return reply.status(204).send();
    },
  );

  app.get('/api/admin/units', { schema: { tags, summary: "The county's units with their member counts", querystring: langOnly, response: { 200: Type.Array(unit), ...errors(401, 403) } } }, (request) =>
    admin.units(requireUser(request)),
  );

  app.post(
    '/api/admin/units',
    { schema: { tags, summary: 'A new unit', querystring: langOnly, body: closed({ name: text(60), kind: Type.Optional(nullableText(DIRECTORY_LIMITS.kindLength)) }), response: { 201: unit, ...errors(400, 401, 403, 409) } } },
    async (request, reply) => reply.status(201).send(await admin.createUnit(requireUser(request), request.body)),
  );

  app.patch(
    '/api/admin/units/:unitId',
    {
      schema: {
        tags,
        summary: 'Renames a unit, changes its kind, or disables it',
        params: closed({ unitId: text(63) }),
        querystring: langOnly,
        body: closedPartial({ name: text(60), kind: nullableText(DIRECTORY_LIMITS.kindLength), disabled: Type.Boolean() }),
        response: { 200: unit, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (request) => admin.updateUnit(requireUser(request), request.params.unitId, request.body),
  );

  app.get('/api/admin/stations', { schema: { tags, summary: "The county's station registry", querystring: langOnly, response: { 200: Type.Array(station), ...errors(401, 403) } } }, (request) =>
    admin.stations(requireUser(request)),
  );

  app.post(
    '/api/admin/stations',
    {
      schema: {
        tags,
        summary: 'A new station of a type the county’s packs declare, under a parent its type allows',
        querystring: langOnly,
        body: closed({ id: text(63), ...stationFields, parentId: Type.Optional(stationFields.parentId), attributes: Type.Optional(anyObject), villages: Type.Optional(stationFields.villages), openedOn: Type.Optional(date), closedOn: Type.Optional(date) }),
        response: { 201: station, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await admin.createStation(requireUser(request), request.body)),
  );

  app.put(
    '/api/admin/stations/:stationId',
    {
      schema: {
        tags,
        summary: 'Changes a station: name, type, parent (a move), attributes, villages, opening and closing dates',
        params: closed({ stationId: text(63) }),
        querystring: langOnly,
        body: closed(stationFields),
        response: { 200: station, ...errors(400, 401, 403) },
      },
    },
    (request) => admin.updateStation(requireUser(request), request.params.stationId, request.body),
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Changes my password (required after a new account or a reset); my other sessions end',
        querystring: langOnly,
        body: closed({ currentPassword: text(200), newPassword: text(200) }),
        response: { 204: noContent, ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const session = parseSessionCookie(request.cookies[SESSION_COOKIE]);
      await admin.changeOwnPassword(requireUser(request), request.body.currentPassword, request.body.newPassword, session?.tokenHash ?? '');
      return reply.status(204).send();
    },
  );
};
