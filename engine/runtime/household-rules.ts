import type { EngineError } from '../errors/engine-error.js';
import type { HouseholdInput } from '../domain/household.js';
import type { HouseholdChanges } from '../store/household-repository.js';
import { fieldInvalid } from './directory-rules.js';

/** How long a household's texts may be: the routes' schemas and an imported file are held to the same. */
export const HOUSEHOLD_LIMITS = { code: 40, name: 60, phone: 20, note: 500 } as const;

const CODE = /^[\p{L}\p{N}._-]{1,40}$/u;
const PHONE = /^[0-9+\- ]{1,20}$/;
const isName = (value: string) => value.trim().length > 0 && [...value.trim()].length <= HOUSEHOLD_LIMITS.name;

/**
 * A household's fields as they will be stored (trimmed; an empty phone or note is none) and
 * their problems, each naming its field: the same for the admin API and an imported row.
 * Whether its station is the county's is the caller's check (it knows the stations).
 */
export function householdFields<F extends HouseholdInput | HouseholdChanges>(fields: F): { household: F; problems: EngineError[] } {
  const problems: EngineError[] = [];
  const out = { ...fields } as F & HouseholdChanges;
  if (fields.code !== undefined) {
    out.code = fields.code.trim();
    if (!CODE.test(out.code)) problems.push(fieldInvalid('code', 'householdCode', out.code));
  }
  if (fields.headName !== undefined) {
    if (!isName(fields.headName)) problems.push(fieldInvalid('headName', 'name'));
    out.headName = fields.headName.trim();
  }
  if (fields.village !== undefined) {
    if (!isName(fields.village)) problems.push(fieldInvalid('village', 'name'));
    out.village = fields.village.trim();
  }
  if (fields.phone !== undefined) {
    out.phone = fields.phone?.trim() || null;
    if (out.phone && !PHONE.test(out.phone)) problems.push(fieldInvalid('phone', 'phone'));
  }
  if (fields.note !== undefined) {
    out.note = fields.note?.trim() || null;
    if (out.note && [...out.note].length > HOUSEHOLD_LIMITS.note) problems.push(fieldInvalid('note', 'note'));
  }
  if (fields.stationId !== undefined) out.stationId = fields.stationId || null;
  return { household: out, problems };
}
