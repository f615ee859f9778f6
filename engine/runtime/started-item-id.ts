import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/**
 * The id of the item a start makes: a uuidv7 whose time is the start's and whose random part is
 * a hash of the starting item and the start's place, so a start fired twice (two processes, a
 * retry) finds the item the first made, and the parent can name it before it exists.
 */
export function startedItemId(countyId: string, parentId: string, index: number, at: string): string {
  const digest = createHash('sha256').update([countyId, parentId, 'start', index].join('\n')).digest();
  return uuidv7({ msecs: Date.parse(at), random: new Uint8Array(digest.subarray(0, 16)) });
}
