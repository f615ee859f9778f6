import type { FastifyInstance } from 'fastify';
import { EngineError } from '../errors/engine-error.js';
import { describeCatalogue } from '../flows/catalogue.js';
import { BUILT_IN_ROLE_NAMES } from '../packs/pack-content.js';
import type { PackRegistry, RuntimePack } from '../packs/pack-registry.js';
import type { User } from '../domain/user.js';
import { requireUser } from './auth-plugin.js';
import { anyObject, errors, formDefinition, langQuery, localizedText } from './schemas.js';

const packSummary = {
  type: 'object',
  properties: {
    packId: { type: 'string' },
    version: { type: 'string' },
    hash: { type: 'string' },
    name: localizedText,
    description: localizedText,
    versions: { type: 'array', items: { type: 'string' } },
    roles: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: localizedText } } },
    flows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          title: localizedText,
          description: localizedText,
          start: anyObject,
          listFields: { type: 'array', items: { type: 'string' } },
          canStart: { type: 'boolean', description: 'Whether the logged-in user may start an item of this flow' },
          public: { type: 'boolean', description: 'Whether its items show on public boards (while in the states marked public)' },
        },
      },
    },
  },
} as const;

const versionParams = {
  type: 'object',
  properties: { packId: { type: 'string', maxLength: 63 }, version: { type: 'string', maxLength: 20, description: 'A version, or "latest"' } },
  required: ['packId', 'version'],
} as const;

/** Published packs of the user's county, their flows and forms, and the guard/action catalogue. */
export async function packRoutes(app: FastifyInstance, { registry }: { registry: PackRegistry }) {
  const summary = (pack: RuntimePack, user: User) => ({
    packId: pack.packId,
    version: pack.version,
    hash: pack.hash,
    name: pack.content.manifest.name,
    description: pack.content.manifest.description,
    versions: registry.versions(pack.countyId, pack.packId).map((p) => p.version),
    roles: [
      ...Object.entries(BUILT_IN_ROLE_NAMES).map(([id, name]) => ({ id, name })),
      ...(pack.content.manifest.roles ?? []),
    ],
    flows: Object.values(pack.content.flows).map((f) => ({
      id: f.id,
      title: f.meta.title,
      description: f.meta.description,
      start: f.meta.start,
      listFields: f.meta.listFields,
      canStart: user.roles.some((r) => f.meta.start.roles.includes(r)),
      public: Boolean(f.meta.public),
    })),
  });
  const find = (user: User, packId: string, version: string) => {
    const pack = version === 'latest' ? registry.latest(user.countyId, packId) : registry.get(user.countyId, packId, version);
    if (!pack) throw new EngineError('PACK_NOT_FOUND', { packId, version: version === 'latest' ? undefined : version });
    return pack;
  };
  const query = { type: 'object', properties: langQuery } as const;

  app.get(
    '/api/catalogue',
    {
      schema: {
        tags: ['packs'],
        summary: 'Named guards and actions flows may use, with their parameter schemas',
        response: { 200: { type: 'object', properties: { guards: { type: 'array', items: anyObject }, actions: { type: 'array', items: anyObject } } } },
      },
    },
    async () => describeCatalogue(),
  );

  app.get(
    '/api/packs',
    { schema: { tags: ['packs'], summary: "The newest version of each of the county's packs", querystring: query, response: { 200: { type: 'array', items: packSummary }, ...errors(401) } } },
    async (request) => {
      const user = requireUser(request);
      return registry.listLatest(user.countyId).map((p) => summary(p, user));
    },
  );

  app.get(
    '/api/packs/:packId/versions/:version',
    {
      schema: {
        tags: ['packs'],
        summary: 'A pack version, whole: manifest, forms, flows, station types, evaluations',
        params: versionParams,
        querystring: query,
        response: {
          200: {
            type: 'object',
            properties: { ...packSummary.properties, content: anyObject },
          },
          ...errors(401, 404),
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { packId, version } = request.params as { packId: string; version: string };
      const pack = find(user, packId, version);
      return { ...summary(pack, user), content: pack.content };
    },
  );

  app.get(
    '/api/packs/:packId/versions/:version/flows/:flowId',
    {
      schema: {
        tags: ['packs'],
        summary: "A flow's definition (XState machine config with meta)",
        params: { ...versionParams, properties: { ...versionParams.properties, flowId: { type: 'string', maxLength: 63 } }, required: ['packId', 'version', 'flowId'] },
        querystring: query,
        response: { 200: anyObject, ...errors(401, 404) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { packId, version, flowId } = request.params as { packId: string; version: string; flowId: string };
      const runtime = registry.flow(find(user, packId, version), flowId);
      if (!runtime) throw new EngineError('FLOW_NOT_FOUND', { packId, flowId });
      return runtime.flow;
    },
  );

  app.get(
    '/api/packs/:packId/versions/:version/forms/:formId',
    {
      schema: {
        tags: ['packs'],
        summary: 'A form (JSON Schema 2020-12 and UI schema)',
        params: { ...versionParams, properties: { ...versionParams.properties, formId: { type: 'string', maxLength: 63 } }, required: ['packId', 'version', 'formId'] },
        querystring: query,
        response: { 200: formDefinition, ...errors(401, 404) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { packId, version, formId } = request.params as { packId: string; version: string; formId: string };
      const form = registry.form(find(user, packId, version), formId);
      if (!form) throw new EngineError('FORM_NOT_FOUND', { packId, formId });
      return form;
    },
  );
}
