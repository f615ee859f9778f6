import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../engine/app.js';
import type { PackRegistry } from '../../engine/packs/pack-registry.js';
import type { RecordKeys } from '../../engine/record/record-keys.js';
import type { Store } from '../../engine/store/store.js';

interface Operation {
  requestBody?: { content: Record<string, { schema: { type?: unknown; additionalProperties?: unknown } }> };
  responses?: Record<string, unknown>;
}

/**
 * The route schemas type each handler (TypeBox): a route without a success answer schema would
 * return anything unchecked, and a JSON body without additionalProperties: false would take
 * fields nobody reads. Read from the OpenAPI document the schemas make (/docs). Registering the
 * routes touches none of the services, so empty stand-ins do.
 */
describe('route schemas', () => {
  const routes: Array<{ route: string; operation: Operation }> = [];
  let app: FastifyInstance;

  beforeAll(async () => {
    const none = {};
    app = await buildApp({ store: none as Store, registry: none as PackRegistry, keys: none as RecordKeys });
    await app.ready();
    const { paths } = app.swagger() as { paths: Record<string, Record<string, Operation>> };
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(methods)) routes.push({ route: `${method.toUpperCase()} ${path}`, operation });
    }
  });

  afterAll(() => app.close());

  it('finds every API route', () => {
    expect(routes.length).toBeGreaterThanOrEqual(26);
    expect(routes.every((r) => / \/api\//.test(r.route))).toBe(true);
  });

  it('declare the success answer each handler is checked against', () => {
    const without = routes.filter((r) => !Object.keys(r.operation.responses ?? {}).some((status) => /^2\d\d$/.test(status)));
    expect(without.map((r) => r.route)).toEqual([]);
  });

  it('refuse unknown fields in every JSON body', () => {
    const json = routes.filter((r) => r.operation.requestBody?.content['application/json']);
    const open = json.filter((r) => r.operation.requestBody?.content['application/json'].schema.additionalProperties !== false);
    expect(open.map((r) => r.route)).toEqual([]);
    expect(json.length).toBeGreaterThanOrEqual(5);
  });
});
