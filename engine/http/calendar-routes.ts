import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { toWallClock } from '../domain/county-time.js';
import { EngineError } from '../errors/engine-error.js';
import type { CalendarAdmin, CalendarYear } from '../runtime/calendar-admin.js';
import type { CalendarExport } from '../runtime/calendar-export.js';
import type { CalendarImport } from '../runtime/calendar-import.js';
import { onlyCalendarAdmin } from '../runtime/calendar-rules.js';
import type { Clock } from '../runtime/clock.js';
import { WORKBOOK_LIMITS } from '../runtime/workbook-reading.js';
import { requireUser } from './auth-plugin.js';
import { contentDisposition } from './content-disposition.js';
import { readUploadedFile } from './file-upload.js';
import { calendarImportReport, calendarYear } from './responses.js';
import { errors, langOnly, langQuery } from './schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The year asked for; the service refuses one outside the calendar's years, naming the rule. */
const yearQuery = Type.Object(
  { ...langQuery, year: Type.Optional(Type.Integer({ description: "The year (2000–2099); the county's current year when absent" })) },
  { additionalProperties: false },
);
const yearView = (view: CalendarYear) => ({ ...view, days: view.days.map((d) => ({ ...d, inForceFrom: d.inForceFrom.toISOString() })) });

/**
 * The county's working calendar (工作日历, issue 11): the public holidays and make-up working
 * days that deadlines in working days count by. Everyone of the county reads it (auditors too);
 * only its administrators change it (403 CALENDAR_ADMIN_ONLY), a day at a time or from an Excel
 * file, which the export writes in the same layout.
 */
export const calendarRoutes: FastifyPluginAsyncTypebox<{ calendar: CalendarAdmin; exporter: CalendarExport; importer: CalendarImport; clock: Clock }> = async (
  app,
  { calendar, exporter, importer, clock },
) => {
  const tags = ['calendar'];
  await app.register(multipart, { limits: { fileSize: WORKBOOK_LIMITS.maxBytes, files: 1, fields: 10, parts: 11 } });
  const thisYear = () => toWallClock(clock.now()).getUTCFullYear();

  app.get(
    '/api/calendar',
    {
      schema: {
        tags,
        summary: "A year of the county's working calendar: its holidays and make-up working days, and its number of working days",
        description: 'The calendar with every recorded edit. An edit counts for deadlines from its inForceFrom on; deadlines computed before it keep the calendar they were computed with.',
        querystring: yearQuery,
        response: { 200: calendarYear, ...errors(400, 401) },
      },
    },
    async (request) => yearView(await calendar.year(requireUser(request), request.query.year ?? thisYear())),
  );

  app.put(
    '/api/calendar/days/:day',
    {
      schema: {
        tags,
        summary: 'Declares a day a public holiday (holiday) or a make-up working day (workday, a Saturday or Sunday), or takes it back to the weekday rule (normal)',
        params: Type.Object({ day: Type.String({ maxLength: 40, description: 'The date, YYYY-MM-DD' }) }, { additionalProperties: false }),
        querystring: langOnly,
        body: Type.Object(
          {
            kind: Type.String({ maxLength: 40, description: 'holiday, workday or normal' }),
            name: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 200, description: "The holiday's name (at most 30 characters), such as 国庆节" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: calendarYear, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => yearView(await calendar.declare(requireUser(request), { day: request.params.day, ...request.body })),
  );

  app.get(
    '/api/calendar/export',
    {
      schema: {
        tags,
        summary: "A year of the working calendar as an Excel workbook (columns 日期, 类型, 名称), which the import reads back",
        querystring: yearQuery,
        response: {
          200: Type.Unsafe<Buffer>({ description: 'The workbook (.xlsx)', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }),
          ...errors(400, 401),
        },
      },
    },
    async (request, reply) => {
      const workbook = await exporter.export(requireUser(request), request.query.year ?? thisYear());
      return reply.type(XLSX).header('Content-Disposition', contentDisposition('attachment', workbook.filename)).header('Cache-Control', 'no-store').send(workbook.content);
    },
  );

  app.post(
    '/api/calendar/import',
    {
      schema: {
        tags,
        summary: 'Declares days from an Excel workbook: all of them, or none',
        description:
          'One sheet (工作日历, or the first) with the columns 日期, 类型 (节假日, 调休上班 or 恢复) and 名称, as the export writes them (multipart/form-data, one file of at most 5 MB). ' +
          'A file with any problem changes nothing (422 CALENDAR_IMPORT_INVALID, the report with every row, column and rule in details); days the file does not name stay as they are.',
        consumes: ['multipart/form-data'],
        body: Type.Unsafe<{ file?: string } | null>({ type: ['object', 'null'], properties: { file: { type: 'string', format: 'binary', description: 'The workbook (.xlsx)' } } }),
        querystring: langOnly,
        response: { 200: calendarImportReport, ...errors(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      // Refused before a byte of the file is read.
      const user = onlyCalendarAdmin(requireUser(request));
      const file = await readUploadedFile(app, request, WORKBOOK_LIMITS.maxBytes, () => new EngineError('DIRECTORY_FILE_TOO_LARGE', { maxBytes: WORKBOOK_LIMITS.maxBytes }));
      return importer.import(user, file.content);
    },
  );
};
