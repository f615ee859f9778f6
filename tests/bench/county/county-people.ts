import { createHash } from 'node:crypto';
import type { User } from '../../../engine/domain/user.js';

/**
 * The generated county's people and the signing key its record is sealed with: shared by the
 * generator and the list benchmark, which starts the engine on the same database (a start with
 * another key is refused, engine/store/store.ts).
 */
export const BENCH_SIGNING_SECRET = createHash('sha256').update('renda bench county').digest();

export type GeneratedUser = Omit<User, 'displayName' | 'id' | 'unitId' | 'mustChangePassword'> & { id: string };

/** Departments that handle suggestions county-wide (no station). */
const DEPARTMENTS = 10;

/** Per station one liaison (staff) and two deputies; plus county departments and auditors: several hundred people. */
export function countyUsers(countyId: string, stationIds: string[]): GeneratedUser[] {
  const out: GeneratedUser[] = [];
  stationIds.forEach((stationId, i) => {
    const n = String(i + 1).padStart(3, '0');
    out.push({ countyId, id: `u-staff-${n}`, username: `staff-${n}`, roles: ['staff'], stationIds: [stationId] });
    for (const k of ['a', 'b']) out.push({ countyId, id: `u-deputy-${n}${k}`, username: `deputy-${n}${k}`, roles: ['deputy'], stationIds: [stationId] });
  });
  for (let i = 1; i <= DEPARTMENTS; i++) out.push({ countyId, id: `u-dept-${i}`, username: `dept-${i}`, roles: ['department'], stationIds: [] });
  out.push({ countyId, id: 'u-auditor-1', username: 'auditor-1', roles: ['auditor'], stationIds: [] });
  return out;
}
