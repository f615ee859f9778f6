import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EngineError } from '../errors/engine-error.js';
import { describeCatalogue } from '../flows/catalogue.js';
import { BUILT_IN_ROLE_NAMES } from '../packs/pack-content.js';
import type { PackRegistry, RuntimePack } from '../packs/pack-registry.js';
import type { User } from '../domain/user.js';
import { requireUser } from './auth-plugin.js';
import { catalogue, flowDefinition, formDefinition, packSummary, packVersion } from './responses.js';
import { errors, langOnly } from './schemas.js';

const versionParams = {
  packId: Type.String({ maxLength: 63 }),
  version: Type.String({ maxLength: 20, description: 'A version, or "latest"' }),
};

/** Published packs of the user's county, their flows and forms, and the guard/action catalogue. */
export const packRoutes: FastifyPluginAsyncTypebox<{ registry: PackRegistry }> = async (app, { registry }) => {
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

  app.get(
    '/api/catalogue',
    {
      schema: {
        tags: ['packs'],
        summary: 'Named guards and actions flows may use, with their parameter schemas',
        response: { 200: catalogue },
      },
    },
    async () => describeCatalogue(),
  );

  app.get(
    '/api/packs',
    { schema: { tags: ['packs'], summary: "The newest version of each of the county's packs", querystring: langOnly, response: { 200: Type.Array(packSummary), ...errors(401) } } },
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
        params: Type.Object(versionParams),
        querystring: langOnly,
        response: { 200: packVersion, ...errors(401, 404) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const pack = find(user, request.params.packId, request.params.version);
      return { ...summary(pack, user), content: pack.content };
    },
  );

  app.get(
    '/api/packs/:packId/versions/:version/flows/:flowId',
    {
      schema: {
        tags: ['packs'],
        summary: "A flow's definition (XState machine config with meta)",
        params: Type.Object({ ...versionParams, flowId: Type.String({ maxLength: 63 }) }),
        querystring: langOnly,
        response: { 200: flowDefinition, ...errors(401, 404) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { packId, version, flowId } = request.params;
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
        params: Type.Object({ ...versionParams, formId: Type.String({ maxLength: 63 }) }),
        querystring: langOnly,
        response: { 200: formDefinition, ...errors(401, 404) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { packId, version, formId } = request.params;
      const form = registry.form(find(user, packId, version), formId);
      if (!form) throw new EngineError('FORM_NOT_FOUND', { packId, formId });
      return form;
    },
  );
};
