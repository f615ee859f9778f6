import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DEFAULT_SOON_HOURS, SOON_HOURS } from '../domain/due-window.js';
import type { SupervisionExport } from '../runtime/supervision-export.js';
import type { SupervisionService } from '../runtime/supervision-service.js';
import { requireUser } from './auth-plugin.js';
import { contentDisposition } from './content-disposition.js';
import { supervision } from './responses.js';
import { errors, langQuery } from './schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const supervisionQuery = Type.Object(
  {
    ...langQuery,
    soonHours: Type.Optional(
      Type.Integer({ minimum: SOON_HOURS.min, maximum: SOON_HOURS.max, default: DEFAULT_SOON_HOURS, description: 'How far ahead "due soon" looks, in hours (1–720)' }),
    ),
  },
  { additionalProperties: false },
);

/**
 * The supervision view (督办看板, issue 11): overdue and due-soon items per unit and per station,
 * within the reader's scope, and the same as an Excel workbook.
 */
export const supervisionRoutes: FastifyPluginAsyncTypebox<{ supervision: SupervisionService; exporter: SupervisionExport }> = async (app, { supervision: service, exporter }) => {
  const tags = ['items'];

  app.get(
    '/api/supervision',
    {
      schema: {
        tags,
        summary: 'Overdue and due-soon active items per unit and per station (within your scope), worst first',
        description:
          'Overdue: the running deadline has passed; due soon: it comes within soonHours. Items whose clock is paused count as neither. ' +
          'byUnit groups by the unit the work is assigned to now (unitId null: to no unit), byStation by station (stationId null: at none); groups with nothing overdue or due soon are left out. ' +
          'GET /api/items?due=overdue|soon (with assignee=unit:<id> or no-unit, station or noStation) lists the items counted.',
        querystring: supervisionQuery,
        response: { 200: supervision, ...errors(400, 401) },
      },
    },
    async (request) => service.view(requireUser(request), request.query.soonHours ?? DEFAULT_SOON_HOURS),
  );

  app.get(
    '/api/supervision/export',
    {
      schema: {
        tags,
        summary: 'The supervision view as an Excel workbook',
        description: 'Two sheets, 按承办单位 and 按站点, with Chinese headings (each with a note in English), a total row, and times in Beijing time.',
        querystring: supervisionQuery,
        response: {
          200: Type.Unsafe<Buffer>({ description: 'The workbook (.xlsx)', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }),
          ...errors(400, 401),
        },
      },
    },
    async (request, reply) => {
      const workbook = await exporter.export(requireUser(request), request.query.soonHours ?? DEFAULT_SOON_HOURS);
      return reply.type(XLSX).header('Content-Disposition', contentDisposition('attachment', workbook.filename)).header('Cache-Control', 'no-store').send(workbook.content);
    },
  );
};
