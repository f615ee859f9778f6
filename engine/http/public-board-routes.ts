import type { FastifyInstance } from 'fastify';
import type { PackRegistry } from '../packs/pack-registry.js';
import { stationBoard } from '../runtime/public-board.js';
import type { Store } from '../store/store.js';
import { anyObject, errors, langQuery, localizedText } from './schemas.js';

/** Public progress boards: no login; only what a county's flows opted in to show, personal data masked. */
export async function publicBoardRoutes(app: FastifyInstance, { store, registry }: { store: Store; registry: PackRegistry }) {
  app.get(
    '/api/public/counties/:countyId/stations/:stationId/board',
    {
      schema: {
        tags: ['public'],
        summary: "A station's public progress board (公示): items of flows and states marked public, with templated titles, dates, outcomes and public fields; personal data masked",
        params: {
          type: 'object',
          properties: { countyId: { type: 'string', maxLength: 63 }, stationId: { type: 'string', maxLength: 63 } },
          required: ['countyId', 'stationId'],
        },
        querystring: { type: 'object', properties: langQuery },
        response: {
          200: {
            type: 'object',
            properties: {
              county: { type: 'object', properties: { id: { type: 'string' }, name: localizedText } },
              station: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, stationType: { type: 'string' } } },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    title: localizedText,
                    flowTitle: localizedText,
                    state: { type: 'array', items: localizedText },
                    status: { type: 'string' },
                    outcome: localizedText,
                    fields: anyObject,
                    fieldTitles: anyObject,
                    createdAt: { type: 'string', format: 'date-time' },
                    updatedAt: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
          ...errors(404),
        },
      },
    },
    async (request) => {
      const { countyId, stationId } = request.params as { countyId: string; stationId: string };
      return stationBoard(store, registry, countyId, stationId);
    },
  );
}
