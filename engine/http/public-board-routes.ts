import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PublicBoardService } from '../runtime/public-board-service.js';
import { board } from './responses.js';
import { errors, langOnly } from './schemas.js';

/** Public progress boards: no login; only what a county's flows opted in to show, personal data masked. */
export const publicBoardRoutes: FastifyPluginAsyncTypebox<{ boards: PublicBoardService }> = async (app, { boards }) => {
  app.get(
    '/api/public/counties/:countyId/stations/:stationId/board',
    {
      schema: {
        tags: ['public'],
        summary: "A station's public progress board (公示): items of flows and states marked public, with templated titles, dates, outcomes and public fields; personal data masked",
        params: Type.Object({ countyId: Type.String({ maxLength: 63 }), stationId: Type.String({ maxLength: 63 }) }),
        querystring: langOnly,
        response: { 200: board, ...errors(404) },
      },
    },
    async (request) => boards.board(request.params.countyId, request.params.stationId),
  );
};
