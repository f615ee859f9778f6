import { wording, type NoParams, type Wording } from './wording.js';

/** A rule of the computed-expression language: every such problem ends by naming it. */
const expression = <P extends object = NoParams>(zh: (p: P) => string, en: (p: P) => string): Wording<P> =>
  wording<P>((p) => `${zh(p)}（规则：计算表达式）`, (p) => `${en(p)} (rule: computed expression)`);

/**
 * Every problem an admin-written form schema can have, by code: what each needs to say and how
 * it reads in both languages. The checks (schema safety, computed fields, defaults, personal
 * fields, ajv's compile errors) name a code and its parameters; the sentences live here.
 */
export const SCHEMA_PROBLEMS = {
  // ajv's compile errors, made readable (compileProblem)
  UNKNOWN_KEYWORD: wording<{ keyword: string; keywords: readonly string[] }>(
    (p) => `未知的关键字“${p.keyword}”（是否拼写错误？）：表单只能使用 JSON Schema 2020-12 的关键字和 ${p.keywords.join('、')}`,
    (p) => `unknown keyword "${p.keyword}" (misspelt?): forms may only use JSON Schema 2020-12 keywords and ${p.keywords.join(', ')}`,
  ),
  UNKNOWN_FORMAT: wording<{ format: string; known: readonly string[] }>(
    (p) => `未知的格式“${p.format}”，常用格式：${p.known.join(', ')}`,
    (p) => `unknown format "${p.format}"; common formats: ${p.known.join(', ')}`,
  ),
  NOT_JSON_SCHEMA: wording<{ reason: string }>((p) => `不符合 JSON Schema 规范：${p.reason}`, (p) => `not valid JSON Schema: ${p.reason}`),
  REF_UNRESOLVED: wording<{ ref: string }>((p) => `$ref “${p.ref}”指向不存在的位置`, (p) => `$ref "${p.ref}" points to nothing`),
  SCHEMA_NOT_COMPILED: wording<{ reason: string }>((p) => `表单结构无法编译：${p.reason}`, (p) => `the form schema does not compile: ${p.reason}`),

  // schema safety (schema-safety.ts)
  SCHEMA_TOO_DEEP: wording<{ maxDepth: number }>(
    (p) => `表单结构嵌套超过 ${p.maxDepth} 层（规则：嵌套深度）`,
    (p) => `the schema is nested deeper than ${p.maxDepth} levels (rule: nesting depth)`,
  ),
  REF_NOT_LOCAL: wording<{ ref: string }>(
    (p) => `只允许引用本表单内的结构（以 # 开头），不允许“${p.ref}”（规则：仅限本地引用）`,
    (p) => `only references inside this form (starting with #) are allowed, not "${p.ref}" (rule: local references only)`,
  ),
  REF_TARGET_MISSING: wording<{ ref: string }>(
    (p) => `引用“${p.ref}”指向不存在的结构（规则：引用必须指向本表单中的结构）`,
    (p) => `reference "${p.ref}" points to no schema of this form (rule: references must point to a schema in this form)`,
  ),
  REF_CYCLE: wording<{ ref: string }>(
    (p) => `引用“${p.ref}”又回到包含它的结构，形成无限循环（规则：引用不得成环）`,
    (p) => `reference "${p.ref}" leads back to a schema that contains it, an endless loop (rule: references must not form a cycle)`,
  ),
  SCHEMA_TOO_LARGE: wording<{ maxParts: number }>(
    (p) =>
      `表单结构（展开引用后）超过 ${p.maxParts} 个部分（每个字段、选项、条件分支各算一个），服务器无法可靠地校验这么大的表单；请拆分为几个表单，长选项列表请用 enum 而非 oneOf（规则：结构规模）`,
    (p) =>
      `the schema has more than ${p.maxParts} parts once references are followed (each field, choice and branch is one), more than the server can reliably validate; split it into several forms, and write long choice lists as enum rather than oneOf (rule: schema size)`,
  ),
  VALIDATION_TOO_COSTLY: wording<{ maxChecks: number }>(
    (p) =>
      `最大的一次提交要检查超过 ${p.maxChecks} 个部分（列表中的部分按 maxItems 项、开放分组中的部分按 maxProperties 项各检查一次，n 个选项算 n 个），一次提交就能让服务器停顿；请减小 maxItems、maxProperties 或选项数（规则：校验工作量）`,
    (p) =>
      `the largest submission this form accepts makes the server check more than ${p.maxChecks} parts (a part in a list is checked once per entry up to maxItems, in an open group once per key up to maxProperties, and a choice of n values counts n), enough for one submission to stall the server; lower maxItems, maxProperties or the number of choices (rule: validation work)`,
  ),
  PATTERN_WITHOUT_MAX_LENGTH: wording(
    () => '使用 pattern 的字段必须同时设置 maxLength，以限制正则表达式要检查的文本长度（规则：pattern 需有 maxLength）',
    () => 'a field with a pattern must also set maxLength, to bound the text the regular expression runs on (rule: pattern needs maxLength)',
  ),
  FORMAT_WITHOUT_MAX_LENGTH: wording<{ format: string; bounded: readonly string[] }>(
    (p) => `格式为“${p.format}”的字段必须同时设置 maxLength（只有 ${p.bounded.join(', ')} 本身限定了长度）（规则：format 需有 maxLength）`,
    (p) => `a field with format "${p.format}" must also set maxLength (only ${p.bounded.join(', ')} bound their own length) (rule: format needs maxLength)`,
  ),
  NESTED_ID: wording(
    () => '只有表单根部可以有 $id（规则：不允许嵌套 $id）',
    () => 'only the root of a form may have an $id (rule: no nested $id)',
  ),
  LIST_WITHOUT_MAX_ITEMS: wording(
    () => '列表字段必须设置 maxItems（最多几项），否则一次提交就能塞入几十万项（规则：列表需有 maxItems）',
    () => 'a list must set maxItems (how many entries it takes at most), or one submission could carry hundreds of thousands (rule: lists need maxItems)',
  ),
  GROUP_WITHOUT_MAX_PROPERTIES: wording(
    () => '开放分组（additionalProperties、patternProperties 等带结构的字段）必须设置 maxProperties（最多几项），否则一次提交就能塞入几十万项（规则：开放分组需有 maxProperties）',
    () =>
      'an open group (additionalProperties, patternProperties… with a schema) must set maxProperties (how many keys it takes at most), or one submission could carry hundreds of thousands (rule: open groups need maxProperties)',
  ),
  UNIQUE_ITEMS_TOO_MANY: wording<{ maxItems: number }>(
    (p) =>
      `不能重复（uniqueItems）的列表，若其项不是直接声明了 type 的文本、数字或是否，maxItems 不能超过 ${p.maxItems}：检查重复要把每两项逐一比较（规则：uniqueItems 需有较小的 maxItems）`,
    (p) =>
      `a list with uniqueItems whose items do not declare a scalar type (text, number, yes/no) directly may allow at most ${p.maxItems} entries (maxItems): finding repeats compares every pair of entries (rule: uniqueItems needs a small maxItems)`,
  ),
  REGEX_INVALID: wording<{ source: string; reason: string }>(
    (p) => `“${p.source}”不是有效的正则表达式：${p.reason}（规则：正则表达式须有效）`,
    (p) => `"${p.source}" is not a valid regular expression: ${p.reason} (rule: regular expressions must be valid)`,
  ),
  REGEX_BACKTRACKS: wording<{ source: string; complexity: 'exponential' | 'polynomial' }>(
    (p) =>
      `正则表达式“${p.source}”可能出现灾难性回溯（ReDoS，${p.complexity === 'exponential' ? '指数级' : '多项式级'}耗时），一段特制的输入即可让服务器卡住；请改写，例如去掉嵌套的重复 (a+)+（规则：正则表达式不得灾难性回溯）`,
    (p) =>
      `the regular expression "${p.source}" can backtrack catastrophically (ReDoS, ${p.complexity} time): one crafted input could freeze the server; rewrite it, e.g. without nested repetition like (a+)+ (rule: no catastrophic backtracking)`,
  ),
  REGEX_UNDECIDED: wording<{ source: string; kind: string }>(
    (p) => `无法确认正则表达式“${p.source}”不会灾难性回溯（${p.kind}），请简化它（规则：正则表达式不得灾难性回溯）`,
    (p) => `could not confirm that the regular expression "${p.source}" cannot backtrack catastrophically (${p.kind}); simplify it (rule: no catastrophic backtracking)`,
  ),

  // defaults (form-defaults.ts)
  DEFAULT_MISPLACED: wording(
    () =>
      '默认值只能写在表单的字段上（properties 下），不能写在表单本身、列表项或条件分支（if/then/else、oneOf、anyOf 等）中，那里的默认值不会被填入（规则：默认值位置）',
    () =>
      'a default belongs on a field of the form (under properties), not on the form itself, a list entry or inside a condition or alternative (if/then/else, oneOf, anyOf…), where it would never be filled in (rule: default placement)',
  ),

  // personal fields (personal-fields.ts)
  PERSONAL_KIND_UNKNOWN: wording<{ kind: string; kinds: readonly string[] }>(
    (p) => `未知的个人信息类型“${p.kind}”，可用：${p.kinds.join(', ')}（规则：个人信息类型）`,
    (p) => `unknown kind of personal data "${p.kind}"; available: ${p.kinds.join(', ')} (rule: personal data kinds)`,
  ),

  // computed fields (computed-fields.ts)
  COMPUTED_MISPLACED: wording(
    () => 'x-computed 只能用于 properties 或 items 下的字段，不能放在表单根部或条件分支（if/then/else、oneOf、anyOf 等）中（规则：计算字段位置）',
    () => 'x-computed belongs on a field under properties or items, not on the form root or in a conditional branch (if/then/else, oneOf, anyOf, ...) (rule: computed field placement)',
  ),
  COMPUTED_NOT_READ_ONLY: wording(
    () => '自动计算的字段必须设置 "readOnly": true，表单会把它显示为只读（规则：计算字段只读）',
    () => 'a computed field must set "readOnly": true so the form shows it read-only (rule: computed fields are read-only)',
  ),
  COMPUTED_NOT_OPERATION: wording(
    () => 'x-computed 的最外层必须是运算（op），例如 {"op": "concat", "args": [{"ref": "/town"}]}（规则：计算表达式）',
    () => 'the outer level of x-computed must be an operation (op), e.g. {"op": "concat", "args": [{"ref": "/town"}]} (rule: computed expression)',
  ),
  COMPUTED_RESULT_TYPE: wording<{ op: string; fits: readonly string[]; types: readonly string[] }>(
    (p) => `运算“${p.op}”的结果应存入类型为 ${p.fits.join(' 或 ')} 的字段，而此字段的类型是 ${p.types.join('、')}（规则：计算结果类型）`,
    (p) => `the result of "${p.op}" belongs in a field of type ${p.fits.join(' or ')}, but this field is ${p.types.join(', ')} (rule: computed result type)`,
  ),
  COMPUTED_CYCLE: wording<{ fields: readonly string[] }>(
    (p) => `计算字段相互引用形成循环（或依赖于这样的循环）：${p.fields.join(' → ')}（规则：计算字段不得循环引用）`,
    (p) => `computed fields read each other in a circle (or read one that does): ${p.fields.join(' → ')} (rule: no circular computed fields)`,
  ),
  COMPUTED_LEAKS_PERSONAL: wording<{ ref: string }>(
    (p) => `“${p.ref}”是个人信息（x-personal），由它拼接出的计算字段也必须标注 x-personal（规则：个人信息不得外泄）`,
    (p) => `"${p.ref}" is personal data (x-personal): a computed field that includes its text must be marked x-personal too (rule: personal data must not leak)`,
  ),
  EXPRESSION_TOO_DEEP: expression<{ maxDepth: number }>(
    (p) => `计算表达式嵌套超过 ${p.maxDepth} 层`,
    (p) => `the expression is nested deeper than ${p.maxDepth} levels`,
  ),
  EXPRESSION_NOT_OBJECT: expression(
    () => '应为含 op、ref 或 value 的对象',
    () => 'must be an object with op, ref or value',
  ),
  LITERAL_EXTRA_KEYS: expression(
    () => '字面值只能有 value 一项',
    () => 'a literal has only "value"',
  ),
  LITERAL_VALUE_TYPE: expression(
    () => 'value 只能是文本、数字、是/否或 null',
    () => 'value must be a text, a number, a boolean or null',
  ),
  OPERATION_UNKNOWN: expression<{ op: string; ops: readonly string[] }>(
    (p) => `未知的运算“${p.op}”，可用：${p.ops.join(', ')}`,
    (p) => `unknown operation "${p.op}"; available: ${p.ops.join(', ')}`,
  ),
  OPERATION_KEY_UNKNOWN: expression<{ op: string; key: string }>(
    (p) => `运算“${p.op}”不接受“${p.key}”`,
    (p) => `operation "${p.op}" does not take "${p.key}"`,
  ),
  JOIN_WITHOUT_SEPARATOR: expression(
    () => 'join 需要文本类型的 separator（分隔符）',
    () => 'join needs a text "separator"',
  ),
  ARGS_EMPTY: expression(
    () => 'args 应为至少含一项的列表',
    () => 'args must be a list of at least one expression',
  ),
  REF_EXTRA_KEYS: expression(
    () => '引用只能有 ref 一项',
    () => 'a reference has only "ref"',
  ),
  REF_NOT_POINTER: expression<{ ref: string }>(
    (p) => `“${p.ref}”不是有效的字段指针：应为绝对指针（如 /visits/*/people）或相对指针（如 1/men）`,
    (p) => `"${p.ref}" is not a valid field pointer: use an absolute pointer (e.g. /visits/*/people) or a relative one (e.g. 1/men)`,
  ),
  REF_NAMES_NO_FIELD: expression<{ ref: string }>(
    (p) => `“${p.ref}”没有指向表单中的字段（列表中的字段用 * 表示每一项，如 /visits/*/people）`,
    (p) => `"${p.ref}" names no field of this form (use * for every entry of a list, e.g. /visits/*/people)`,
  ),
};

export type SchemaProblemCode = keyof typeof SCHEMA_PROBLEMS;
