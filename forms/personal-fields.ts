import { copyData } from './data-copy.js';
import { PERSONAL_KINDS, type JsonSchema, type PersonalKind } from './form-definition.js';
import { formatPointer, locate, parsePointer } from './json-pointer.js';
import { schemaProblem, type SchemaProblem } from './schema-problem.js';
import { schemaPointer, walkFields } from './schema-walk.js';

/** A field holding personal data: its data pointer ("*" for every entry of a list) and kind. */
export interface PersonalField {
  pointer: string;
  kind: PersonalKind;
}

/**
 * The fields a schema marks with x-personal, wherever they are declared, conditional branches
 * included: masking a field that is not there costs nothing, missing one leaks it.
 * An unknown kind counts as "other", which hides the whole value.
 */
export function personalFields(schema: JsonSchema): PersonalField[] {
  const fields = new Map<string, PersonalKind>();
  walkFields(
    schema,
    ({ schema: field, data }) => {
      const kind = field['x-personal'];
      if (kind === undefined) return;
      const pointer = formatPointer(data);
      if (!fields.has(pointer)) fields.set(pointer, isPersonalKind(kind) ? kind : 'other');
    },
    { conditional: true },
  );
  return [...fields].map(([pointer, kind]) => ({ pointer, kind }));
}

const isPersonalKind = (kind: unknown): kind is PersonalKind => PERSONAL_KINDS.includes(kind as PersonalKind);

/** Publish-time check: every x-personal names a kind we know how to mask. */
export function checkPersonalFields(schema: JsonSchema): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  walkFields(
    schema,
    ({ schema: field, at }) => {
      const kind = field['x-personal'];
      if (kind !== undefined && !isPersonalKind(kind))
        problems.push(schemaProblem(`${schemaPointer(at)}/x-personal`, 'PERSONAL_KIND_UNKNOWN', { kind: String(kind), kinds: PERSONAL_KINDS }));
    },
    { conditional: true },
  );
  return problems;
}

/**
 * A copy of the data with every personal field masked, for public boards and exports.
 * The input is not changed.
 */
export function maskPersonal<T>(schema: JsonSchema, data: T): T {
  return maskFields(personalFields(schema), data);
}

/**
 * A copy of the data with the given personal fields masked: for data that more than one form
 * wrote, masked by the personal fields of every one of them. A field listed twice is masked
 * once, by its first kind (masking 138****1234 again would leave ***). The input is not changed.
 */
export function maskFields<T>(personal: readonly PersonalField[], data: T): T {
  const copy = copyData(data);
  const first = new Map<string, PersonalField>();
  for (const field of personal) if (!first.has(field.pointer)) first.set(field.pointer, field);
  // Outer fields first, so a masked object is not then searched for inner ones.
  const fields = [...first.values()].sort((a, b) => a.pointer.length - b.pointer.length);
  for (const { pointer, kind } of fields) {
    const segments = parsePointer(pointer)!;
    if (segments.length === 0) return maskValue(kind, copy) as T;
    const key = segments[segments.length - 1];
    for (const parent of locate(copy, segments.slice(0, -1))) {
      const holder = parent.value as Record<string, unknown>;
      if (holder === null || typeof holder !== 'object') continue;
      const targets = key === '*' ? Object.keys(holder) : Object.hasOwn(holder, key) ? [key] : [];
      for (const k of targets) if (holder[k] !== undefined && holder[k] !== null) holder[k] = maskValue(kind, holder[k]);
    }
  }
  return copy;
}

const STARS = '**';

/**
 * Masks one value. Each rule keeps only what a public board needs to tell entries apart:
 *  - name: the first character (the family name, usually), 张三 → 张**, 欧阳修 → 欧**
 *  - phone: the first 3 and last 4 digits, 13812341234 → 138****1234; fewer than 11 digits → ***
 *    (with fewer, keeping 7 would show nearly all of a short number)
 *  - id-number: the first 6 (the region of issue) and last 4 characters, the middle as asterisks;
 *    11 characters or fewer → ***
 *  - address: see maskAddress
 *  - other, or a value that is not text: ***
 */
export function maskValue(kind: PersonalKind, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '***';
  const text = String(value);
  const chars = Array.from(text); // by code point: a rare character outside the BMP stays whole
  switch (kind) {
    case 'name':
      return chars.length ? `${chars[0]}${STARS}` : '';
    case 'phone': {
      const digits = text.replace(/\D/g, '');
      return digits.length >= 11 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '***';
    }
    case 'id-number':
      return chars.length > 11 ? `${chars.slice(0, 6).join('')}${'*'.repeat(chars.length - 10)}${chars.slice(-4).join('')}` : '***';
    case 'address':
      return maskAddress(text);
    default:
      return '***';
  }
}

/** Words that end like an administrative unit (区, 市) but are places inside one. */
const NOT_UNITS = ['小区', '园区', '景区', '校区', '厂区', '营区', '片区', '社区', '超市', '集市', '菜市', '门市', '夜市', '城市'];
const UNIT_ENDINGS = new Set(['省', '市', '州', '盟', '县', '区', '旗', '镇', '乡', '村']);
/** No administrative unit's full name is longer; a longer prefix is not one. */
const MAX_UNIT_PREFIX = 12;

/**
 * Keeps the address up to the end of its first administrative unit and hides the rest behind
 * a fixed "******" (so the length of the hidden part is not shown either):
 * 郁南县都城镇xx路1号 → 郁南县******, 广东省云浮市郁南县… → 广东省******.
 * The unit is the first character among 省 市 州 盟 县 区 旗 镇 乡 村 (or 街道) that has a name
 * before it, extended over directly following unit characters (池州市, not 池州). Places
 * that only look like units (小区, 超市, ...) do not count. No unit within the first 12
 * characters → *** (nothing is kept).
 */
export function maskAddress(address: string): string {
  const chars = Array.from(address);
  for (let i = 1; i < Math.min(chars.length, MAX_UNIT_PREFIX); i++) {
    const pair = chars[i - 1] + chars[i];
    const isUnit = (UNIT_ENDINGS.has(chars[i]) && !NOT_UNITS.includes(pair)) || (pair === '街道' && i >= 2);
    if (!isUnit) continue;
    let end = i + 1;
    while (end < chars.length && end < MAX_UNIT_PREFIX && UNIT_ENDINGS.has(chars[end])) end++;
    return `${chars.slice(0, end).join('')}******`;
  }
  return '***';
}
