import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { requireUser } from './auth-plugin.js';
import { anyObject, errors, localizedText } from './schemas.js';

/** Counties (public: the login page lists them) and the stations of the user's county. */
export async function countyRoutes(app: FastifyInstance, { store }: { store: Store }) {
  app.get(
    '/api/counties',
    {
      schema: {
        tags: ['counties'],
        summary: 'Counties served by this installation (for the login page)',
        response: { 200: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: localizedText } } } },
      },
    },
    async () => store.counties.listCounties(),
  );

  app.get(
    '/api/stations',
    {
      schema: {
        tags: ['counties'],
        summary: "Stations of the user's county",
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                stationType: { type: 'string' },
                name: { type: 'string' },
                parentId: { type: ['string', 'null'] },
                attributes: anyObject,
              },
            },
          },
          ...errors(401),
        },
      },
    },
    async (request) => store.counties.listStations(requireUser(request).countyId),
  );
}
