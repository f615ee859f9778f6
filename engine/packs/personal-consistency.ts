import type { ReportProblem } from './pack-problems.js';
import { formatPointer, schemaPointer, walkFields, type FormDefinition, type PersonalKind } from '../../forms/index.js';

/** How one form declares a field: its kind of personal data (null: not personal) and where. */
interface Declaration {
  kind: PersonalKind | null;
  at: string;
}

/**
 * Every field a form declares (by data pointer), conditional branches included. A field any of
 * whose declarations carries x-personal counts as personal, as it does for masking.
 */
function declarations(form: FormDefinition): Map<string, Declaration> {
  const found = new Map<string, Declaration>();
  walkFields(
    form.schema,
    ({ schema, data, at }) => {
      if (!data.length) return; // the root is the whole payload, not a field
      const pointer = formatPointer(data);
      const kind = (schema['x-personal'] as PersonalKind | undefined) ?? null;
      const seen = found.get(pointer);
      if (!seen || (seen.kind === null && kind !== null)) found.set(pointer, { kind, at: schemaPointer(at) });
    },
    { conditional: true },
  );
  return found;
}

/**
 * Publish-time rule: a field name is personal in every form of a pack or in none, and of one
 * kind. An item's data merges the payloads of its flow's forms by field name, so a later form
 * that reuses a personal field's name without x-personal would otherwise leave one value under
 * two verdicts, and whichever a reader picked could publish a full name. Each disagreement is
 * reported on the later form (in pack order), at the declaration to fix.
 */
export function checkPersonalConsistency(forms: FormDefinition[], report: ReportProblem): void {
  const first = new Map<string, { form: string; kind: PersonalKind | null }>();
  for (const form of forms) {
    for (const [pointer, { kind, at }] of declarations(form)) {
      const earlier = first.get(pointer);
      if (!earlier) first.set(pointer, { form: form.id, kind });
      else if (earlier.kind !== kind) {
        report(`forms/${form.id}.json`, `/schema${at}`, 'PERSONAL_INCONSISTENT', { field: pointer.slice(1), earlierForm: earlier.form, was: earlier.kind, is: kind });
      }
    }
  }
}
