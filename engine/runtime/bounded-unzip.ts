import { inflateRawSync } from 'node:zlib';

export interface UnzipLimits {
  maxEntries: number;
  /** What all entries together may inflate to. */
  maxUnpackedBytes: number;
}

/** Why a file was refused: it is no zip we read, or it inflates beyond the limits (a zip bomb, or simply too much). */
export type UnzipRefusal = 'notZip' | 'tooLarge';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * The entries of a zip file (an .xlsx is one), each inflated, read from its central directory
 * as JSZip (and so exceljs) reads it. A library unzips whatever it is given; this unzips first,
 * with a ceiling on what the whole inflates to that a lying size field cannot lift (zlib stops
 * at maxOutputLength), so that a small upload cannot unpack into gigabytes in the engine.
 * Encrypted, ZIP64 and multi-disk archives are refused: no spreadsheet under a few MB needs them.
 */
export function unzipWithin(file: Buffer, limits: UnzipLimits): Map<string, Buffer> | UnzipRefusal {
  const end = endOfDirectory(file);
  if (end === undefined) return 'notZip';
  const count = file.readUInt16LE(end + 10);
  if (count > limits.maxEntries) return 'tooLarge';
  const entries = new Map<string, Buffer>();
  let budget = limits.maxUnpackedBytes;
  let at = file.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (at + 46 > file.length || file.readUInt32LE(at) !== DIRECTORY_ENTRY) return 'notZip';
    const flags = file.readUInt16LE(at + 8);
    const method = file.readUInt16LE(at + 10);
    const compressedSize = file.readUInt32LE(at + 20);
    const nameLength = file.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
    const local = file.readUInt32LE(at + 42);
    const name = file.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (flags & 1 || (method !== STORED && method !== DEFLATED) || next > file.length) return 'notZip';
    if (local + 30 > file.length || file.readUInt32LE(local) !== LOCAL_HEADER) return 'notZip';
    const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    if (start + compressedSize > file.length) return 'notZip';
    const data = file.subarray(start, start + compressedSize);
    let content: Buffer;
    try {
      content = method === STORED ? data : inflateRawSync(data, { maxOutputLength: Math.max(budget, 1) });
    } catch (error) {
      return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'tooLarge' : 'notZip';
    }
    budget -= content.length;
    if (budget < 0) return 'tooLarge';
    entries.set(name, content);
    at = next;
  }
  return entries;
}

/** Where the end-of-central-directory record starts (it ends the file, before a comment of up to 64 KiB). */
function endOfDirectory(file: Buffer): number | undefined {
  for (let at = file.length - 22; at >= Math.max(0, file.length - 22 - 0xffff); at--) {
    if (file.readUInt32LE(at) !== END_OF_DIRECTORY) continue;
    // One disk only; a ZIP64 archive marks its counts 0xffff here.
    if (file.readUInt16LE(at + 4) !== 0 || file.readUInt16LE(at + 6) !== 0 || file.readUInt16LE(at + 10) === 0xffff) return undefined;
    return at;
  }
  return undefined;
}
