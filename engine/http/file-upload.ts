import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { EngineError } from '../errors/engine-error.js';
import { errorMessage } from '../errors/error-catalogue.js';

const NOT_MULTIPART = { first: { 'zh-CN': '上传的内容不是完整有效的 multipart/form-data', en: 'the upload is not complete, valid multipart/form-data' } };

/** An uploaded file, read whole: its name and type as the client gave them, and its bytes. */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  content: Buffer;
}

/**
 * The one file of a multipart/form-data request (the plugin that registered @fastify/multipart
 * bounds the parts), read whole up to maxBytes. No file is ATTACHMENT_MISSING; a larger one is
 * the caller's tooLarge error; a body that is not multipart, or ends mid-part, is REQUEST_INVALID.
 */
export async function readUploadedFile(app: FastifyInstance, request: FastifyRequest, maxBytes: number, tooLarge: () => EngineError): Promise<UploadedFile> {
  if (!request.isMultipart()) throw new EngineError('ATTACHMENT_MISSING');
  let part: MultipartFile | undefined;
  try {
    part = await request.file({ limits: { fileSize: maxBytes } });
    if (!part) throw new EngineError('ATTACHMENT_MISSING');
    return { filename: part.filename, mimetype: part.mimetype, content: await part.toBuffer() };
  } catch (error) {
    if (error instanceof app.multipartErrors.RequestFileTooLargeError) throw tooLarge();
    // The parser's own complaints (no boundary, the body ends mid-part) carry no status:
    // they are the upload's fault. Errors with a status (limits: 413) keep theirs.
    if (error instanceof EngineError || (error as FastifyError).statusCode) throw error;
    throw new EngineError('REQUEST_INVALID', NOT_MULTIPART, { errors: [{ field: 'body', rule: 'multipart', message: errorMessage('REQUEST_INVALID', NOT_MULTIPART) }] });
  }
}
