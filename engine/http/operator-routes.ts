import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ManagedCounty } from '../domain/county.js';
import type { CountySetup } from '../runtime/county-setup.js';
import { requireOperator } from './auth-plugin.js';
import { managedCounty } from './responses.js';
import { errors, langOnly } from './schemas.js';

const text = (maxLength: number) => Type.String({ maxLength });
const closed = <P extends Parameters<typeof Type.Object>[0]>(properties: P) => Type.Object(properties, { additionalProperties: false });
/** A county as the answer carries it: times as ISO text. */
const countyView = (c: ManagedCounty & { activePeople: number }) => ({ ...c, createdAt: c.createdAt.toISOString(), disabledAt: c.disabledAt?.toISOString() ?? null });

/**
 * The platform operator's counties (issue 10), under /api/operator/: every county, disabled ones
 * too, with how many of its people may log in; a new county with its first administrator (the
 * same CountySetup.create as `npm run admin -- county create` and the demo seed); disabling and
 * enabling. Only an operator's session reaches them: a county's people are refused (403
 * OPERATOR_ONLY), and an operator reaches no county route (requireUser: 403). The body's shape
 * is NewCounty's, so a refusal's field (admin.username …) is the body's own path.
 */
export const operatorRoutes: FastifyPluginAsyncTypebox<{ setup: CountySetup }> = async (app, { setup }) => {
  const tags = ['operator'];
  const countyParams = closed({ countyId: text(63) });

  app.get(
    '/api/operator/counties',
    { schema: { tags, summary: 'Every county, disabled ones too, with its count of active people', querystring: langOnly, response: { 200: Type.Array(managedCounty), ...errors(401, 403) } } },
    async (request) => {
      requireOperator(request);
      return (await setup.overview()).map(countyView);
    },
  );

  app.post(
    '/api/operator/counties',
    {
      schema: {
        tags,
        summary: 'A new county with its first administrator, who chooses their own password at the first login',
        querystring: langOnly,
        // Bounds against abuse only; the rules (and their messages naming the field) are CountySetup's.
        body: closed({
          id: text(63),
          name: closed({ 'zh-CN': text(200), en: text(200) }),
          admin: closed({ username: text(100), displayName: text(200), password: text(200) }),
        }),
        response: { 201: managedCounty, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      requireOperator(request);
      await setup.create(request.body);
      return reply.status(201).send(countyView(await setup.get(request.body.id)));
    },
  );

  for (const [action, summary] of [
    ['disable', 'Disables a county: no one of it logs in, open sessions end at their next request, its boards go'],
    ['enable', 'Puts a disabled county back in service'],
  ] as const) {
    app.post(
      `/api/operator/counties/:countyId/${action}`,
      { schema: { tags, summary, params: countyParams, querystring: langOnly, response: { 200: managedCounty, ...errors(400, 401, 403, 404) } } },
      async (request) => {
        requireOperator(request);
        await (action === 'disable' ? setup.disable(request.params.countyId) : setup.enable(request.params.countyId));
        return countyView(await setup.get(request.params.countyId));
      },
    );
  }
};
