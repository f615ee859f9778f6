import { LOCALES, walkFields, type JsonSchema, type LocalizedText } from '../../forms/index.js';
import type { FlowDefinition } from '../flows/flow-definition.js';
import { flowFormIds, statesOf } from '../flows/flow-inspection.js';
import { publicLeafPaths } from '../flows/flow-publicity.js';
import { templateFields, titleFieldRefusal } from '../flows/public-title.js';
import type { PackContent } from './pack-content.js';

type Report = (file: string, pointer: string, zh: string, en: string) => void;

const types = (schema: unknown) => [(schema as JsonSchema | undefined)?.type].flat();
const statePointer = (path: string) => path.split('.').map((key) => `/states/${key}`).join('');
const property = (schema: JsonSchema | undefined, name: string): JsonSchema | undefined => {
  const properties = schema?.properties as Record<string, JsonSchema> | undefined;
  return properties && Object.hasOwn(properties, name) ? properties[name] : undefined;
};

/**
 * Why a field may not be shown on a public board, or undefined when it may. Personal fields
 * may (they are masked); free text may, when the county chose to publish it (公示内容). Files
 * and ids picked from engine data may not: the board cannot serve the one and would show the
 * other as a code. Nor groups of fields, which a board cannot lay out as one value.
 */
function shownFieldRefusal(schema: JsonSchema): LocalizedText | undefined {
  if (schema['x-source'] !== undefined) return { 'zh-CN': '是从系统数据中选取的编号', en: 'holds an id picked from engine data (x-source)' };
  let file = false;
  walkFields(schema, ({ schema: inner }) => (file ||= inner.format === 'attachment'), { conditional: true });
  if (file) return { 'zh-CN': '是附件', en: 'holds files' };
  const nested = types(schema.items).some((t) => t === 'object' || t === 'array');
  if (types(schema).includes('object') || (types(schema).includes('array') && nested)) return { 'zh-CN': '是一组字段', en: 'is a group of fields' };
  return undefined;
}

/**
 * Publish-time rules for public boards: a flow opts in with meta.public (title template and
 * shown fields) and marks the states whose items show. The template may name only start-form
 * fields that are neither personal nor free text; shown fields must come from the flow's own
 * forms. A flow that opts in but marks no state, or a state marked public in a flow that does
 * not opt in, is a mistake the county would only find on the street, so it is refused here.
 */
export function checkPublicBoard(flow: FlowDefinition, pack: PackContent, report: Report): void {
  const file = `flows/${flow.id}.json`;
  const meta = flow.meta.public;
  if (!meta) {
    for (const { path, state } of statesOf(flow))
      if (state.meta.public === true)
        report(file, `${statePointer(path)}/meta/public`, '流程没有声明 meta.public（公示），此状态的公示设置不会生效', 'the flow has no meta.public, so marking this state public shows nothing');
    return;
  }

  const startForm = flow.meta.start.form ? pack.forms[flow.meta.start.form] : undefined;
  for (const locale of LOCALES) {
    const at = `/meta/public/title/${locale}`;
    const parsed = templateFields(meta.title[locale]);
    if ('problem' in parsed) {
      report(file, at, `公示标题模板无效：${parsed.problem['zh-CN']}`, `the public title template is invalid: ${parsed.problem.en}`);
      continue;
    }
    for (const field of parsed.fields) {
      const schema = property(startForm?.schema, field);
      const refusal = schema && titleFieldRefusal(schema);
      if (!schema) report(file, at, `公示标题中的字段“${field}”不在发起表单中`, `the public title names "${field}", which is not a field of the start form`);
      else if (refusal)
        report(
          file,
          at,
          `公示标题不能使用字段“${field}”：它${refusal['zh-CN']}；标题只能使用选项、数字、日期或是否字段`,
          `the public title cannot use "${field}": it ${refusal.en}; a title may use only choices, numbers, dates and yes/no fields`,
        );
    }
  }

  const forms = flowFormIds(flow).flatMap((id) => (pack.forms[id] ? [pack.forms[id]] : []));
  (meta.fields ?? []).forEach((field, i) => {
    const schema = forms.map((form) => property(form.schema, field)).find((s) => s !== undefined);
    const refusal = schema && shownFieldRefusal(schema);
    if (!schema) report(file, `/meta/public/fields/${i}`, `公示字段“${field}”不在此流程使用的任何表单中`, `public field "${field}" is on none of the forms this flow uses`);
    else if (refusal) report(file, `/meta/public/fields/${i}`, `字段“${field}”不能公示：它${refusal['zh-CN']}`, `field "${field}" cannot be shown publicly: it ${refusal.en}`);
  });

  if (!publicLeafPaths(flow).length)
    report(file, '/meta/public', '没有任何状态标记为公示（meta.public: true），此流程的事项不会出现在公示栏', 'no state is marked public (meta.public: true), so no item of this flow would ever show on a board');
}
