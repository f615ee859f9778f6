import { MAX_PAYLOAD_DEPTH } from './payload-bounds.js';

/** What one walk over a submitted payload found. */
export type PayloadSurvey =
  /** Deeper than MAX_PAYLOAD_DEPTH: refuse before anything recursive touches it (tooDeep says where). */
  | 'too-deep'
  /** normalizePayload would change it: an empty string, an undefined value or a __proto__ key in an object. */
  | 'to-normalise'
  /** Nothing to change: the payload can be validated and kept as it is, without a copy. */
  | 'as-is';

/**
 * One walk over a submission, before ajv: whether it is too deep and whether normalising would
 * change it. Most payloads come from the form itself, which never sends an empty string, so the
 * copy normalizePayload makes is usually an identical one; skipping it was a third of what the
 * runtime added to ajv on a valid 100-field form (BENCHMARKS.md, benchmark 1). Recursive, but
 * never deeper than MAX_PAYLOAD_DEPTH calls; allocates nothing.
 */
export function surveyPayload(value: unknown): PayloadSurvey {
  const found = walk(value, 0);
  return found === TOO_DEEP ? 'too-deep' : found === CHANGES ? 'to-normalise' : 'as-is';
}

const AS_IS = 0;
const CHANGES = 1;
const TOO_DEEP = 2;

/** The worst of what is under value (TOO_DEEP > CHANGES > AS_IS); value sits at the given depth. */
function walk(value: unknown, depth: number): number {
  if (value === null || typeof value !== 'object') return AS_IS;
  if (depth === MAX_PAYLOAD_DEPTH) return TOO_DEEP;
  let worst = AS_IS;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const inner = value[i];
      if (inner !== null && typeof inner === 'object') {
        const found = walk(inner, depth + 1);
        if (found === TOO_DEEP) return TOO_DEEP;
        if (found > worst) worst = found;
      }
    }
    return worst;
  }
  const object = value as Record<string, unknown>;
  // for…in, not Object.keys: no array per object, several times faster on a long form. It also
  // lists inherited enumerable keys, which JSON values (parsed, or a form's data) never have;
  // were there any, they could only make the answer more cautious (a copy, a refusal).
  for (const key in object) {
    const inner = object[key];
    if (inner === '' || inner === undefined || key === '__proto__') worst = CHANGES;
    else if (inner !== null && typeof inner === 'object') {
      const found = walk(inner, depth + 1);
      if (found === TOO_DEEP) return TOO_DEEP;
      if (found > worst) worst = found;
    }
  }
  return worst;
}
