import { LOCALES, walkFields, type JsonSchema } from '../../forms/index.js';
import type { FlowDefinition } from '../flows/flow-definition.js';
import { flowFormIds, statesOf } from '../flows/flow-inspection.js';
import { publicLeafPaths } from '../flows/flow-publicity.js';
import { templateFields, titleFieldRefusal } from '../flows/public-title.js';
import type { PackContent } from './pack-content.js';
import type { ReportProblem, ShownFieldRefusal } from './pack-problems.js';

const types = (schema: unknown) => [(schema as JsonSchema | undefined)?.type].flat();
const statePointer = (path: string) => path.split('.').map((key) => `/states/${key}`).join('');
const property = (schema: JsonSchema | undefined, name: string): JsonSchema | undefined => {
  const properties = schema?.properties as Record<string, JsonSchema> | undefined;
  return properties && Object.hasOwn(properties, name) ? properties[name] : undefined;
};

/**
 * Why a field may not be shown on a public board, or undefined when it may. Personal fields
 * may (they are masked); free text may, when the county chose to publish it (公示内容); so may a
 * unit or station picked from the directory, which the board names (public-board.ts). Files and
 * people picked from engine data may not: the board cannot serve the one, and a person's id
 * would be a code on the board. Nor groups of fields, which a board cannot lay out as one value.
 */
function shownFieldRefusal(schema: JsonSchema): ShownFieldRefusal | undefined {
  const source = schema['x-source'] ?? (schema.items as JsonSchema | undefined)?.['x-source'];
  if (source !== undefined && source !== 'units' && source !== 'stations') return 'source';
  let file = false;
  walkFields(schema, ({ schema: inner }) => (file ||= inner.format === 'attachment'), { conditional: true });
  if (file) return 'file';
  const nested = types(schema.items).some((t) => t === 'object' || t === 'array');
  if (types(schema).includes('object') || (types(schema).includes('array') && nested)) return 'group';
  return undefined;
}

/**
 * Publish-time rules for public boards: a flow opts in with meta.public (title template and
 * shown fields) and marks the states whose items show. The template may name only start-form
 * fields that are neither personal nor free text; shown fields must come from the flow's own
 * forms. A flow that opts in but marks no state, or a state marked public in a flow that does
 * not opt in, is a mistake the county would only find on the street, so it is refused here.
 */
export function checkPublicBoard(flow: FlowDefinition, pack: Pick<PackContent, 'forms'>, report: ReportProblem): void {
  const file = `flows/${flow.id}.json`;
  const meta = flow.meta.public;
  if (!meta) {
    for (const { path, state } of statesOf(flow))
      if (state.meta.public === true)
        report(file, `${statePointer(path)}/meta/public`, 'PUBLIC_STATE_WITHOUT_BOARD');
    return;
  }

  const startForm = flow.meta.start.form ? pack.forms[flow.meta.start.form] : undefined;
  for (const locale of LOCALES) {
    const at = `/meta/public/title/${locale}`;
    const parsed = templateFields(meta.title[locale]);
    if ('problem' in parsed) {
      report(file, at, 'PUBLIC_TITLE_INVALID', { problem: parsed.problem });
      continue;
    }
    for (const field of parsed.fields) {
      const schema = property(startForm?.schema, field);
      const refusal = schema && titleFieldRefusal(schema);
      if (!schema) report(file, at, 'PUBLIC_TITLE_FIELD_MISSING', { field });
      else if (refusal) report(file, at, 'PUBLIC_TITLE_FIELD_REFUSED', { field, refusal });
    }
  }

  const forms = flowFormIds(flow).flatMap((id) => (pack.forms[id] ? [pack.forms[id]] : []));
  (meta.fields ?? []).forEach((field, i) => {
    const schema = forms.map((form) => property(form.schema, field)).find((s) => s !== undefined);
    const refusal = schema && shownFieldRefusal(schema);
    if (!schema) report(file, `/meta/public/fields/${i}`, 'PUBLIC_FIELD_MISSING', { field });
    else if (refusal) report(file, `/meta/public/fields/${i}`, 'PUBLIC_FIELD_REFUSED', { field, refusal });
  });

  if (!publicLeafPaths(flow).length)
    report(file, '/meta/public', 'NO_PUBLIC_STATE');
}
