import type { FastifyInstance } from 'fastify';
import { FIELD_VISITS } from './attachment-fixture-pack.js';

export interface FileToSend {
  name: string;
  type: string;
  bytes: Buffer;
}

/** Uploads as a browser does: multipart/form-data with one file part. */
export async function upload(app: FastifyInstance, cookie: string, file: FileToSend, field = '/photos', form: string = FIELD_VISITS.startForm) {
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const encoded = new Request('http://localhost/', { method: 'POST', body });
  const query = new URLSearchParams({ packId: FIELD_VISITS.packId, version: 'latest', formId: form, field });
  return app.inject({
    method: 'POST',
    url: `/api/attachments?${query}`,
    payload: Buffer.from(await encoded.arrayBuffer()),
    headers: { cookie, 'content-type': encoded.headers.get('content-type')! },
  });
}
