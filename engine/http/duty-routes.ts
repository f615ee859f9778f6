import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DutyBoardService } from '../runtime/duty-board.js';
import { requireUser } from './auth-plugin.js';
import { dutyBoard, dutySummary } from './responses.js';
import { errors, langOnly, langQuery } from './schemas.js';

/** The recurring duties' boards (履职任务): each duty's current period, and one period's subjects. */
export const dutyRoutes: FastifyPluginAsyncTypebox<{ duties: DutyBoardService }> = async (app, { duties }) => {
  app.get(
    '/api/duties',
    {
      schema: {
        tags: ['duties'],
        summary: "The county's recurring duties with how their subjects stand in the current period (within my scope)",
        querystring: langOnly,
        response: { 200: Type.Array(dutySummary), ...errors(401) },
      },
    },
    async (request) => duties.list(requireUser(request)),
  );

  app.get(
    '/api/duties/:packId/:dutyId',
    {
      schema: {
        tags: ['duties'],
        summary: "One duty's board for the period holding a day (today without one): each subject's status, task and follow-up",
        params: Type.Object({ packId: Type.String({ maxLength: 63 }), dutyId: Type.String({ maxLength: 63 }) }),
        querystring: Type.Object({ ...langQuery, day: Type.Optional(Type.String({ maxLength: 10, description: 'A day of the period (YYYY-MM-DD, county time)' })) }, { additionalProperties: false }),
        response: { 200: dutyBoard, ...errors(400, 401, 404) },
      },
    },
    async (request) => duties.board(requireUser(request), request.params.packId, request.params.dutyId, request.query.day),
  );
};
