import type { PackFileDocument } from './generated/pack-file.js';
import type { PackContent, PackFile, PackProblem } from './pack-content.js';
import { PACK_FORMAT } from './pack-format.js';
import { packProblem } from './pack-problems.js';
import { validatePack } from './pack-validator.js';

// The type is generated from workflows/schema/pack-file.schema.json (npm run gen:types).
export type { PackFileDocument };

/**
 * A pack in one file: the pack folder as one JSON object, pack.json under "pack" and each folder
 * under its own name with its files by id. It is what an export of a published version answers
 * and what an administrator uploads; it is read back into the folder's files, so one validator
 * (validatePack) judges both, and a problem names the file it would be in the folder
 * (forms/intake.json) with the pointer inside that file. A problem of the one file's own shape
 * names no file ('') and points into the one file.
 */
const FOLDERS = { forms: 'forms', flows: 'flows', 'station-types': 'stationTypes', evaluations: 'evaluations' } as const satisfies Record<
  string,
  keyof Omit<PackContent, 'manifest'>
>;

/** The keys a one-file pack may hold: what pack-file.schema.json allows. */
export const PACK_FILE_KEYS = ['$schema', 'pack', ...Object.keys(FOLDERS)] as const;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** A published version as one file; uploaded unchanged, it validates to the same content and hash. */
export function packDocument(content: PackContent): PackFileDocument {
  return {
    // The format is the files' (pack-content.ts: PublishedManifest): the export says which it is written in.
    pack: { format: PACK_FORMAT, ...content.manifest },
    forms: content.forms,
    flows: content.flows,
    'station-types': content.stationTypes,
    evaluations: content.evaluations,
  };
}

/**
 * The files of the pack folder a one-file pack holds, as validatePack reads them, and what is
 * wrong with the one file's own shape. Anything inside a file is left to validatePack.
 */
export function packFilesOf(document: unknown): { files: PackFile[]; problems: PackProblem[] } {
  if (!isObject(document)) return { files: [], problems: [packProblem('', '', 'PACK_FILE_NOT_OBJECT')] };
  const files: PackFile[] = [];
  const problems: PackProblem[] = [];
  for (const [key, value] of Object.entries(document)) {
    if (key === '$schema') continue; // an editor's hint, as in each file of a folder
    if (key === 'pack') files.push({ path: 'pack.json', text: JSON.stringify(value) });
    else if (!Object.hasOwn(FOLDERS, key)) problems.push(packProblem('', `/${escape(key)}`, 'PACK_FILE_KEY_UNKNOWN', { key, allowed: PACK_FILE_KEYS.slice(1) }));
    else if (!isObject(value)) problems.push(packProblem('', `/${key}`, 'PACK_FILE_FOLDER_INVALID', { folder: key }));
    // An id that is no file name (a/b) reads as a file outside the folder, which validatePack refuses.
    else for (const [id, file] of Object.entries(value)) files.push({ path: `${key}/${id}.json`, text: JSON.stringify(file) });
  }
  return { files, problems };
}

/** Validates a one-file pack: its own shape, then its files as validatePack judges a folder, in one report. */
export function validatePackDocument(document: unknown): { content?: PackContent; problems: PackProblem[] } {
  const { files, problems } = packFilesOf(document);
  if (!isObject(document)) return { problems };
  const read = validatePack(files);
  const all = [...problems, ...read.problems];
  return all.length ? { problems: all } : { content: read.content, problems: [] };
}
