import { formatPointer, schemaPointer, walkFields, type FormDefinition, type PersonalKind } from '../../forms/index.js';

type Report = (file: string, pointer: string, zh: string, en: string) => void;

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

const describe = (kind: PersonalKind | null) =>
  kind === null ? { zh: '没有标记为个人信息', en: 'not marked personal' } : { zh: `标记为个人信息（${kind}）`, en: `marked personal (${kind})` };

/**
 * Publish-time rule: a field name is personal in every form of a pack or in none, and of one
 * kind. An item's data merges the payloads of its flow's forms by field name, so a later form
 * that reuses a personal field's name without x-personal would otherwise leave one value under
 * two verdicts, and whichever a reader picked could publish a full name. Each disagreement is
 * reported on the later form (in pack order), at the declaration to fix.
 */
export function checkPersonalConsistency(forms: FormDefinition[], report: Report): void {
  const first = new Map<string, { form: string; kind: PersonalKind | null }>();
  for (const form of forms) {
    for (const [pointer, { kind, at }] of declarations(form)) {
      const earlier = first.get(pointer);
      if (!earlier) first.set(pointer, { form: form.id, kind });
      else if (earlier.kind !== kind) {
        const field = pointer.slice(1);
        const [was, is] = [describe(earlier.kind), describe(kind)];
        report(
          `forms/${form.id}.json`,
          `/schema${at}`,
          `字段“${field}”在表单“${earlier.form}”中${was.zh}，在本表单中却${is.zh}；事项数据按字段名合并各表单的内容，同名字段必须在所有表单中一致地标记 x-personal（规则：个人信息标记一致）`,
          `field "${field}" is ${was.en} in form "${earlier.form}" but ${is.en} here; an item's data merges the forms' payloads by field name, so a field must carry the same x-personal in every form (rule: consistent personal data)`,
        );
      }
    }
  }
}
