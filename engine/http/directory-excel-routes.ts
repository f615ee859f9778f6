import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { EngineError } from '../errors/engine-error.js';
import type { DirectoryExport } from '../runtime/directory-export.js';
import type { DirectoryImport } from '../runtime/directory-import.js';
import { onlyAdmin } from '../runtime/directory-rules.js';
import { WORKBOOK_LIMITS } from '../runtime/workbook-reading.js';
import { requireUser } from './auth-plugin.js';
import { contentDisposition } from './content-disposition.js';
import { readUploadedFile } from './file-upload.js';
import { directoryImportReport } from './responses.js';
import { errors, langOnly, langQuery } from './schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The county's directory (people, units, stations) as an Excel workbook (issue 10), for its
 * administrators only (403 DIRECTORY_ADMIN_ONLY): exported, and imported back — previewed with
 * ?dryRun=true, and imported whole or not at all.
 */
export const directoryExcelRoutes: FastifyPluginAsyncTypebox<{ exporter: DirectoryExport; importer: DirectoryImport }> = async (app, { exporter, importer }) => {
  const tags = ['directory'];
  // One small file per request; the import route reads it whole (at most WORKBOOK_LIMITS.maxBytes).
  await app.register(multipart, { limits: { fileSize: WORKBOOK_LIMITS.maxBytes, files: 1, fields: 10, parts: 11 } });

  app.get(
    '/api/admin/directory.xlsx',
    {
      schema: {
        tags,
        summary: "The county's people, units and stations as an Excel workbook (no passwords)",
        description: 'Three sheets, 人员, 单位 and 站点, with Chinese headings (each with a note in English); the import reads the same layout back.',
        querystring: langOnly,
        response: {
          200: Type.Unsafe<Buffer>({ description: 'The workbook (.xlsx)', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }),
          ...errors(401, 403),
        },
      },
    },
    async (request, reply) => {
      const workbook = await exporter.export(requireUser(request));
      return reply
        .type(XLSX)
        .header('Content-Disposition', contentDisposition('attachment', workbook.filename))
        .header('Cache-Control', 'no-store')
        .send(workbook.content);
    },
  );

  app.post(
    '/api/admin/directory/import',
    {
      schema: {
        tags,
        summary: 'Imports people, units and stations from an Excel workbook: all of it, or nothing',
        description:
          'The workbook the export writes (multipart/form-data, one file of at most 5 MB, 10,000 rows per sheet). Rows are matched by 用户名, 名称 and 编号: existing records are updated, others created (new people need a 初始密码). ' +
          'With dryRun=true nothing is written and the report previews the import. Without it, a file with any problem is refused whole (422 DIRECTORY_IMPORT_INVALID, the report in details); otherwise everything is written in one transaction.',
        consumes: ['multipart/form-data'],
        // For the docs: the handler reads the multipart stream itself and request.body stays empty (null passes).
        body: Type.Unsafe<{ file?: string } | null>({
          type: ['object', 'null'],
          properties: { file: { type: 'string', format: 'binary', description: 'The workbook (.xlsx)' } },
        }),
        querystring: Type.Object({ ...langQuery, dryRun: Type.Optional(Type.Boolean({ description: 'Check and report only: write nothing' })) }, { additionalProperties: false }),
        response: { 200: directoryImportReport, ...errors(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      // Refused before a byte of the file is read.
      const user = onlyAdmin(requireUser(request));
      const file = await readUploadedFile(app, request, WORKBOOK_LIMITS.maxBytes, () => new EngineError('DIRECTORY_FILE_TOO_LARGE', { maxBytes: WORKBOOK_LIMITS.maxBytes }));
      return importer.import(user, file.content, { dryRun: request.query.dryRun === true });
    },
  );
};
