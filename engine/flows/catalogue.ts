import type { JsonSchema, LocalizedText } from '../../forms/index.js';
import type { FlowEvent, ItemContext } from './flow-event.js';
import { ASSIGNMENT_KEY, type Assignment } from '../domain/assignment.js';
import { LINK_KINDS, LINKS_KEY, linksOf, STATION_KEY, type ItemLinks, type StationIntent } from '../domain/item-directory.js';
import { startsOf, STARTS_KEY, type ItemStart } from '../domain/item-start.js';
import type {
  AllOfGuard,
  AnyOfGuard,
  AppendRecordAction,
  AssignActorAction,
  AssignPayloadAction,
  AssignToAction,
  AssignTimeAction,
  AssignValueAction,
  ClearFieldsAction,
  ContextEqualsGuard,
  ContextInGuard,
  CountAtLeastGuard,
  IncrementAction,
  LinkToAction,
  NotGuard,
  PayloadEqualsGuard,
  PayloadInGuard,
  RegisterStationAction,
  RoleIsGuard,
  StartItemAction,
  UnlinkAction,
} from './generated/catalogue.js';

/**
 * The named guards and actions packs may use. Packs hold no code: a flow refers to these by
 * name with parameters, the loader checks the parameters against each entry's schema, the API
 * lists them (GET /api/catalogue), and `npm run gen:types` writes them into
 * workflows/schema/catalogue.schema.json so an editor completes them. A county that needs new behaviour gets a new,
 * general entry here, never a county-specific branch.
 */

type Params = Record<string, unknown>;
type Args = { context: ItemContext; event: FlowEvent };

export interface CatalogueEntry {
  title: LocalizedText;
  description: LocalizedText;
  /** JSON Schema of the entry's params. */
  params: JsonSchema;
}

export interface GuardEntry extends CatalogueEntry {
  /**
   * Method syntax on purpose: each entry declares its own params type (generated from its params
   * schema into ./generated/catalogue.ts), and the loader has checked params against that schema
   * before a flow runs, so the table can hold entries of every params type.
   */
  test(args: Args, params: Params): boolean;
}

export interface ActionEntry extends CatalogueEntry {
  /** Returns the context fields to change; never mutates. */
  assign(args: Args, params: Params): ItemContext;
}

const field = { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]{0,62}$' };
const anyValue = { type: ['string', 'number', 'boolean', 'null'] };
/** A nested guard in allOf/anyOf/not params; the generated catalogue schema links it back to the guard list. */
export const namedGuard = {
  oneOf: [
    { type: 'string' },
    { type: 'object', properties: { type: { type: 'string' }, params: { type: 'object' } }, required: ['type'], additionalProperties: false },
  ],
};

function obj(properties: Record<string, unknown>, required: string[]): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

function countOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return typeof value === 'number' ? value : 0;
}

/** A field's value as the event brings it, or else as the item holds it. */
function valueOf({ context, event }: Args, name: string | undefined): unknown {
  if (name === undefined) return undefined;
  const sent = event.payload?.[name];
  return sent === undefined || sent === null || sent === '' ? context[name] : sent;
}

/** Non-empty text, trimmed; undefined for anything else. */
function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** One text or a list of texts, as a list of the non-empty ones. */
function textsOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(textOf).filter((v): v is string => v !== undefined);
}

/** A link kind, as linkTo and unlink name it. */
const linkKind = { enum: [...LINK_KINDS] };

function testNamed(guard: unknown, args: Args): boolean {
  const { type, params } = typeof guard === 'string' ? { type: guard, params: {} } : (guard as { type: string; params?: Params });
  if (!Object.hasOwn(GUARDS, type)) throw new Error(`unknown guard ${type}`);
  return GUARDS[type].test(args, params ?? {});
}

export const GUARDS: Record<string, GuardEntry> = {
  payloadEquals: {
    title: { 'zh-CN': '表单字段等于', en: 'Form field equals' },
    description: { 'zh-CN': '事件表单中的字段等于给定值', en: "The event form's field equals the value" },
    params: obj({ field, value: anyValue }, ['field', 'value']),
    test: ({ event }, p: PayloadEqualsGuard['params']) => event.payload?.[p.field] === p.value,
  },
  payloadIn: {
    title: { 'zh-CN': '表单字段属于', en: 'Form field is one of' },
    description: { 'zh-CN': '事件表单中的字段是所列值之一', en: "The event form's field is one of the values" },
    params: obj({ field, values: { type: 'array', items: anyValue, minItems: 1 } }, ['field', 'values']),
    test: ({ event }, p: PayloadInGuard['params']) => p.values.some((v) => v === event.payload?.[p.field]),
  },
  contextEquals: {
    title: { 'zh-CN': '事项字段等于', en: 'Item field equals' },
    description: { 'zh-CN': '事项数据中的字段等于给定值', en: "The item's data field equals the value" },
    params: obj({ field, value: anyValue }, ['field', 'value']),
    test: ({ context }, p: ContextEqualsGuard['params']) => context[p.field] === p.value,
  },
  contextIn: {
    title: { 'zh-CN': '事项字段属于', en: 'Item field is one of' },
    description: { 'zh-CN': '事项数据中的字段是所列值之一', en: "The item's data field is one of the values" },
    params: obj({ field, values: { type: 'array', items: anyValue, minItems: 1 } }, ['field', 'values']),
    test: ({ context }, p: ContextInGuard['params']) => p.values.some((v) => v === context[p.field]),
  },
  countAtLeast: {
    title: { 'zh-CN': '计数达到', en: 'Count at least' },
    description: {
      'zh-CN': '事项字段（数字或列表的条数）不少于给定数',
      en: "The item's field (a number, or a list's length) is at least the count",
    },
    params: obj({ field, count: { type: 'integer', minimum: 0 } }, ['field', 'count']),
    test: ({ context }, p: CountAtLeastGuard['params']) => countOf(context[p.field]) >= p.count,
  },
  roleIs: {
    title: { 'zh-CN': '发送者角色为', en: 'Sender role is' },
    description: { 'zh-CN': '发送事件所用的角色', en: 'The role the event was sent with' },
    params: obj({ role: { type: 'string' } }, ['role']),
    test: ({ event }, p: RoleIsGuard['params']) => event.actor.role === p.role,
  },
  allOf: {
    title: { 'zh-CN': '同时满足', en: 'All of' },
    description: { 'zh-CN': '所列条件全部成立', en: 'Every listed guard holds' },
    params: obj({ guards: { type: 'array', items: namedGuard, minItems: 1 } }, ['guards']),
    test: (args, p: AllOfGuard['params']) => p.guards.every((g) => testNamed(g, args)),
  },
  anyOf: {
    title: { 'zh-CN': '满足其一', en: 'Any of' },
    description: { 'zh-CN': '所列条件至少一个成立', en: 'At least one listed guard holds' },
    params: obj({ guards: { type: 'array', items: namedGuard, minItems: 1 } }, ['guards']),
    test: (args, p: AnyOfGuard['params']) => p.guards.some((g) => testNamed(g, args)),
  },
  not: {
    title: { 'zh-CN': '不满足', en: 'Not' },
    description: { 'zh-CN': '所给条件不成立', en: 'The given guard does not hold' },
    params: obj({ guard: namedGuard }, ['guard']),
    test: (args, p: NotGuard['params']) => !testNamed(p.guard, args),
  },
};

export const ACTIONS: Record<string, ActionEntry> = {
  assignPayload: {
    title: { 'zh-CN': '保存表单字段', en: 'Save form fields' },
    description: {
      'zh-CN': '把事件表单的字段（不指定则全部）写入事项数据',
      en: "Copies the event form's fields (all when none are listed) into the item's data",
    },
    params: obj({ fields: { type: 'array', items: field, minItems: 1 } }, []),
    assign: ({ event }, p: NonNullable<AssignPayloadAction['params']>) => {
      const fields = p.fields ?? Object.keys(event.payload ?? {});
      return Object.fromEntries(fields.filter((f) => f in (event.payload ?? {})).map((f) => [f, event.payload[f]]));
    },
  },
  assignValue: {
    title: { 'zh-CN': '设定字段值', en: 'Set a field' },
    description: { 'zh-CN': '把事项数据中的字段设为给定值', en: "Sets the item's data field to the value" },
    params: obj({ field, value: anyValue }, ['field', 'value']),
    assign: (_args, p: AssignValueAction['params']) => ({ [p.field]: p.value }),
  },
  increment: {
    title: { 'zh-CN': '计数加一', en: 'Increment' },
    description: { 'zh-CN': '事项数据中的计数加上给定数（默认 1）', en: "Adds to the item's counter (1 by default)" },
    params: obj({ field, by: { type: 'integer' } }, ['field']),
    assign: ({ context }, p: IncrementAction['params']) => ({ [p.field]: countOf(context[p.field]) + (p.by ?? 1) }),
  },
  appendRecord: {
    title: { 'zh-CN': '追加记录', en: 'Append a record' },
    description: {
      'zh-CN': '把本次事件（表单字段、时间、发送者）追加到事项数据的列表中，如办理进展',
      en: "Appends this event (form fields, time, sender) to a list in the item's data, e.g. progress reports",
    },
    params: obj({ field, fields: { type: 'array', items: field, minItems: 1 } }, ['field']),
    assign: ({ context, event }, p: AppendRecordAction['params']) => {
      const payload = event.payload ?? {};
      const picked = p.fields ? Object.fromEntries(p.fields.filter((f) => f in payload).map((f) => [f, payload[f]])) : payload;
      const list = Array.isArray(context[p.field]) ? (context[p.field] as unknown[]) : [];
      return { [p.field]: [...list, { ...picked, event: event.type, by: event.actor.id, role: event.actor.role, at: event.at }] };
    },
  },
  assignActor: {
    title: { 'zh-CN': '记录经办人', en: 'Record the sender' },
    description: { 'zh-CN': '把发送事件的用户写入事项数据的字段', en: "Writes the sending user's id into the item's data field" },
    params: obj({ field }, ['field']),
    assign: ({ event }, p: AssignActorAction['params']) => ({ [p.field]: event.actor.id }),
  },
  assignTime: {
    title: { 'zh-CN': '记录时间', en: 'Record the time' },
    description: { 'zh-CN': '把事件被接收的时间写入事项数据的字段', en: "Writes the event's time into the item's data field" },
    params: obj({ field }, ['field']),
    assign: ({ event }, p: AssignTimeAction['params']) => ({ [p.field]: event.at }),
  },
  assignTo: {
    title: { 'zh-CN': '分派', en: 'Assign' },
    description: {
      'zh-CN': '把事项当前的办理分派给一个单位、人员或站点：取事件表单（或事项数据）中所选的编号。此后只有被分派者（单位成员中认领者优先）和所列督办角色可以办理，其他人的待办中也看不到',
      en: "Assigns the item's current work to one unit, person or station, picked in the event's form (or the item's data). From then on only the assignee (within a unit, whoever claimed it) and the supervising roles may act, and no one else finds it in their inbox",
    },
    params: obj(
      {
        kind: { enum: ['unit', 'person', 'station'] },
        field,
        supervisors: { type: 'array', items: { type: 'string', maxLength: 63 }, maxItems: 20, uniqueItems: true },
      },
      ['kind', 'field'],
    ),
    assign: ({ context, event }, p: AssignToAction['params']) => {
      const id = event.payload?.[p.field] ?? context[p.field];
      if (typeof id !== 'string' || !id) return {}; // nothing picked: the assignment stays as it was
      return { [ASSIGNMENT_KEY]: { kind: p.kind, id, ...(p.supervisors?.length ? { supervisors: p.supervisors } : {}) } satisfies Assignment };
    },
  },
  unassign: {
    title: { 'zh-CN': '取消分派', en: 'Unassign' },
    description: { 'zh-CN': '取消事项的分派：此后按流程中的角色办理', en: "Ends the item's assignment: from then on the flow's roles decide who acts" },
    params: obj({}, []),
    assign: () => ({ [ASSIGNMENT_KEY]: undefined }),
  },
  registerStation: {
    title: { 'zh-CN': '登记站点', en: 'Register a station' },
    description: {
      'zh-CN':
        '把事项建设的站点登记到本区县的站点名册：站点类型取本模式包中声明的类型，名称、上级站点、服务的村（社区）、设立日期和各项站点属性取自事项字段（事件表单中有的优先）；站点属性按该类型的属性表单检查。同一事项再次登记时更新这个站点，不会新增；名称与同级站点重复或属性不合要求时，事件被拒绝，什么也不改变',
      en: "Registers the station the item built in the county's station registry: the type is one the pack declares; the name, parent station, villages served, opening date and each attribute come from item fields (the event's form first), and the attributes are checked with the type's attribute form. Registering again from the same item updates that station rather than adding one; a name another station under the same parent has, or attributes the form refuses, refuse the event and change nothing",
    },
    params: obj(
      {
        stationType: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' },
        name: field,
        parent: field,
        villages: field,
        openedOn: field,
        attributes: {
          type: 'object',
          description: '站点属性名 → 事项字段 · station attribute → item field',
          propertyNames: { pattern: '^[a-zA-Z_][a-zA-Z0-9_]{0,62}$' },
          additionalProperties: field,
          maxProperties: 50,
        },
      },
      ['stationType', 'name'],
    ),
    assign: (args, p: RegisterStationAction['params']) => {
      const attributes: Record<string, unknown> = {};
      for (const [attribute, from] of Object.entries(p.attributes ?? {})) {
        const value = valueOf(args, from);
        // An attribute without a value is left out: the type's form says whether it may be.
        if (value !== undefined && value !== null && value !== '') attributes[attribute] = value;
      }
      const intent: StationIntent = {
        type: p.stationType,
        name: textOf(valueOf(args, p.name)) ?? '',
        parentId: textOf(valueOf(args, p.parent)) ?? null,
        villages: textsOf(valueOf(args, p.villages)),
        openedOn: textOf(valueOf(args, p.openedOn)) ?? null,
        attributes,
        sources: {
          name: p.name,
          ...(p.parent ? { parent: p.parent } : {}),
          ...(p.villages ? { villages: p.villages } : {}),
          ...(p.openedOn ? { openedOn: p.openedOn } : {}),
          ...(p.attributes ? { attributes: p.attributes } : {}),
        },
      };
      return { [STATION_KEY]: intent };
    },
  },
  linkTo: {
    title: { 'zh-CN': '关联', en: 'Link' },
    description: {
      'zh-CN': '把事项关联到事项字段（事件表单中有的优先）所选的站点、单位或人员（一个或多个），以便按站点、单位、人员统计事项；已关联的不重复',
      en: 'Links the item to the stations, units or people picked in an item field (the event\'s form first), one or several, so that items can be counted per station, unit and person; a link already there stays one',
    },
    params: obj({ kind: linkKind, field }, ['kind', 'field']),
    assign: (args, p: LinkToAction['params']) => {
      const links = linksOf(args.context);
      const ids = [...new Set([...(links[p.kind] ?? []), ...textsOf(valueOf(args, p.field))])];
      return { [LINKS_KEY]: { ...links, [p.kind]: ids } satisfies ItemLinks };
    },
  },
  unlink: {
    title: { 'zh-CN': '取消关联', en: 'Unlink' },
    description: {
      'zh-CN': '取消事项与站点、单位或人员的关联：取消事项字段所选的那些，不指定字段则取消这一类的全部',
      en: 'Removes links of the item to stations, units or people: those picked in an item field, or every one of the kind when no field is given',
    },
    params: obj({ kind: linkKind, field }, ['kind']),
    assign: (args, p: UnlinkAction['params']) => {
      const links = linksOf(args.context);
      const drop = p.field === undefined ? undefined : new Set(textsOf(valueOf(args, p.field)));
      const kept = drop ? (links[p.kind] ?? []).filter((id) => !drop.has(id)) : [];
      return { [LINKS_KEY]: { ...links, [p.kind]: kept } satisfies ItemLinks };
    },
  },
  startItem: {
    title: { 'zh-CN': '启动事项', en: 'Start an item' },
    description: {
      'zh-CN':
        '启动本模式包中另一流程（或本流程）的新事项，如把走访收集的意见转为建议：新事项在本事项的站点，数据取自本事项的字段（事件表单中有的优先；可改名：新字段 → 本字段）和给定的固定值，归发送本事件的用户（或本事项的创建人）所有。两个事项在各自的办理记录中互相链接。引擎随本事件一并记下，即使随后重启也只启动一次',
      en: "Starts a new item of another flow of the pack (or this one), e.g. an opinion heard on a visit becomes a suggestion: the new item is at this item's station, its data copied from this item's fields (the event's form first; renamed as new field → this field) and fixed values, and it is the item of the user who sent this event (or of this item's creator). Each item's trace links to the other. The engine records the start with the event and starts the item once, across restarts",
    },
    params: obj(
      {
        flow: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' },
        fields: {
          description: '复制的字段：同名列表，或 新事项字段 → 本事项字段 · fields copied: a list of names, or new item field → this item field',
          oneOf: [
            { type: 'array', items: field, minItems: 1, maxItems: 100, uniqueItems: true },
            { type: 'object', propertyNames: field, additionalProperties: field, maxProperties: 100 },
          ],
        },
        values: { type: 'object', propertyNames: field, additionalProperties: anyValue, maxProperties: 100 },
        by: { enum: ['sender', 'creator'] },
      },
      ['flow'],
    ),
    assign: (args, p: StartItemAction['params']) => {
      const mapping = Array.isArray(p.fields) ? Object.fromEntries(p.fields.map((f) => [f, f])) : (p.fields ?? {});
      const copied = Object.entries(mapping).flatMap(([to, from]) => {
        const value = valueOf(args, from);
        return value === undefined || value === null || value === '' ? [] : [[to, value]];
      });
      const { event } = args;
      const start: ItemStart = { flow: p.flow, data: { ...Object.fromEntries(copied), ...p.values }, by: p.by ?? 'sender', sender: event.actor, event: event.type, at: event.at };
      return { [STARTS_KEY]: [...startsOf(args.context), start] };
    },
  },
  clearFields: {
    title: { 'zh-CN': '清除字段', en: 'Clear fields' },
    description: { 'zh-CN': '从事项数据中删除所列字段（如退回重办时清除上次答复）', en: "Removes the listed fields from the item's data" },
    params: obj({ fields: { type: 'array', items: field, minItems: 1 } }, ['fields']),
    assign: (_args, p: ClearFieldsAction['params']) => Object.fromEntries(p.fields.map((f) => [f, undefined])),
  },
};

/** The catalogue as the API and the designer see it (no code). */
export function describeCatalogue() {
  const strip = (entries: Record<string, CatalogueEntry>) =>
    Object.entries(entries).map(([name, e]) => ({ name, title: e.title, description: e.description, params: e.params }));
  return { guards: strip(GUARDS), actions: strip(ACTIONS) };
}
