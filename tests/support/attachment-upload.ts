import type { FastifyInstance } from 'fastify';
import { FIELD_VISITS } from './attachment-fixture-pack.js';

export interface FileToSend {
  name: string;
  type: string;
  bytes: Buffer;
}

/** A body as a browser sends one file: multipart/form-data with one part named "file", and its content type. */
export async function multipartOf(file: FileToSend): Promise<{ payload: Buffer; contentType: string }> {
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const encoded = new Request('http://localhost/', { method: 'POST', body });
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

/** Uploads as a browser does: multipart/form-data with one file part. */
export async function upload(app: FastifyInstance, cookie: string, file: FileToSend, field = '/photos', form: string = FIELD_VISITS.startForm) {
  const { payload, contentType } = await multipartOf(file);
  const query = new URLSearchParams({ packId: FIELD_VISITS.packId, version: 'latest', formId: form, field });
  return app.inject({ method: 'POST', url: `/api/attachments?${query}`, payload, headers: { cookie, 'content-type': contentType } });
}

/** Imports a workbook into the county's directory (multipart/form-data), or previews the import (dryRun). */
export async function importDirectory(app: FastifyInstance, cookie: string, bytes: Buffer, { dryRun = false, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } = {}) {
  const { payload, contentType } = await multipartOf({ name: '名录.xlsx', type, bytes });
  return app.inject({ method: 'POST', url: `/api/admin/directory/import${dryRun ? '?dryRun=true' : ''}`, payload, headers: { cookie, 'content-type': contentType } });
}
