import type { StateValue } from 'xstate';
import { fieldTitle, LOCALES, maskFields, type JsonSchema, type Locale, type LocalizedText, type PersonalField } from '../../forms/index.js';
import { EngineError } from '../errors/engine-error.js';
import type { PublicFlowMeta } from '../flows/flow-definition.js';
import { flowFormIds } from '../flows/flow-inspection.js';
import { isPublicState, publicLeafPaths } from '../flows/flow-publicity.js';
import { fillTemplate, templateFields } from '../flows/public-title.js';
import type { PackRegistry, RuntimeFlow } from '../packs/pack-registry.js';
import type { ItemRecord } from '../domain/item-record.js';
import type { Store } from '../store/store.js';
import { stateView } from './item-view.js';
import { flowPersonalFields } from './personal-access.js';

/** How many of a station's items a board shows (newest first). */
export const BOARD_LIMIT = 200;

export interface BoardItem {
  id: string;
  /** From the flow's public title template, never from a field someone typed. */
  title: LocalizedText;
  flowTitle: LocalizedText;
  /** The item's public states (a state kept internal is not named, even beside a public one). */
  state: LocalizedText[];
  status: 'active' | 'done';
  outcome?: LocalizedText;
  /** The flow's public fields, personal ones masked, choices and yes/no in words. */
  fields: Record<string, unknown>;
  fieldTitles: Record<string, LocalizedText>;
  createdAt: string;
  updatedAt: string;
}

export interface Board {
  county: { id: string; name: LocalizedText };
  station: { id: string; name: string; stationType: string };
  items: BoardItem[];
}

const YES_NO: Record<string, LocalizedText> = { true: { 'zh-CN': '是', en: 'Yes' }, false: { 'zh-CN': '否', en: 'No' } };

const isLocalized = (value: unknown): value is LocalizedText => value !== null && typeof value === 'object' && 'zh-CN' in value;
const inLocale = (value: unknown, locale: Locale): string => (value === null || value === undefined ? '' : isLocalized(value) ? value[locale] : String(value));

/** A value as the public reads it: a choice by its title (基础设施建设, not infrastructure), yes/no in words, a list joined; the rest as it is. */
function displayValue(schema: JsonSchema | undefined, value: unknown, names: DirectoryNames): unknown {
  if (Array.isArray(value)) {
    const entries = value.map((v) => displayValue(schema?.items as JsonSchema | undefined, v, names));
    return Object.fromEntries(LOCALES.map((l) => [l, entries.map((e) => inLocale(e, l)).join(l === 'zh-CN' ? '、' : ', ')]));
  }
  const options = Array.isArray(schema?.oneOf) ? (schema!.oneOf as JsonSchema[]) : [];
  const option = options.find((o) => o.const === value);
  if (option) return fieldTitle(option, String(value));
  // A unit or station picked from the directory is shown by its name, never its id.
  const source = schema?.['x-source'];
  if ((source === 'units' || source === 'stations') && typeof value === 'string') return names[source].get(value) ?? '';
  return typeof value === 'boolean' ? YES_NO[String(value)] : value;
}

/** What a board needs to know about one public flow of one pack version, worked out once per board. */
interface PublicFlow {
  runtime: RuntimeFlow;
  meta: PublicFlowMeta;
  titleFields: string[];
  /** The personal fields of every form this flow uses (personal-access.ts), masked on the board for everyone. */
  personal: PersonalField[];
  /** A field's declaration: the start form's first, then the events' forms in flow order. */
  definition(field: string): JsonSchema | undefined;
}

function publicFlow(runtime: RuntimeFlow, meta: PublicFlowMeta): PublicFlow {
  const { pack, flow } = runtime;
  const forms = flowFormIds(flow).flatMap((id) => (pack.content.forms[id] ? [pack.content.forms[id]] : []));
  return {
    runtime,
    meta,
    titleFields: LOCALES.flatMap((l) => {
      const parsed = templateFields(meta.title[l]);
      return 'fields' in parsed ? parsed.fields : [];
    }),
    personal: flowPersonalFields(runtime),
    definition: (field) =>
      forms
        .map((form) => form.schema.properties as Record<string, JsonSchema> | undefined)
        .find((properties) => properties && Object.hasOwn(properties, field))?.[field],
  };
}

/** The county's units and stations by id, for the fields a form picks from them (x-source). */
type DirectoryNames = Record<'units' | 'stations', Map<string, string>>;

function boardItem(view: PublicFlow, item: ItemRecord, names: DirectoryNames): BoardItem {
  const { flow } = view.runtime;
  const snapshot = item.snapshot as { value: StateValue; context?: Record<string, unknown> };
  const context = snapshot.context ?? {};
  const shownFields = view.meta.fields ?? [];
  const picked = Object.fromEntries([...shownFields, ...view.titleFields].map((f) => [f, context[f] ?? null]));
  const masked = maskFields(view.personal, picked);
  const shown = (field: string) => displayValue(view.definition(field), masked[field], names);
  const untitled = view.titleFields.every((f) => inLocale(masked[f], 'zh-CN') === '');
  const state = stateView(view.runtime, snapshot.value);
  const labels = state.labels.filter((_, i) => isPublicState(flow, state.paths[i]));
  return {
    id: item.id,
    title: untitled ? flow.meta.title : (Object.fromEntries(LOCALES.map((l) => [l, fillTemplate(view.meta.title[l], (f) => inLocale(shown(f), l))])) as LocalizedText),
    flowTitle: flow.meta.title,
    state: labels,
    status: item.status,
    ...(state.outcome ? { outcome: state.outcome } : {}),
    fields: Object.fromEntries(shownFields.map((f) => [f, shown(f)])),
    fieldTitles: Object.fromEntries(shownFields.map((f) => [f, flow.meta.fields?.[f]?.label ?? fieldTitle(view.definition(f), f)])),
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

/**
 * A station's public progress board (公示, 事项进度栏): for anyone, without login. Only flows
 * that opted in (meta.public) appear, and only while an item is in a state marked public; the
 * store selects those items, so the LIMIT counts only what is shown. Each item shows its
 * templated title, public states, dates, outcome and the flow's public fields, masked.
 */
export async function stationBoard(store: Store, registry: PackRegistry, countyId: string, stationId: string): Promise<Board> {
  const [county, station] = await Promise.all([store.counties.getCounty(countyId), store.counties.getStation(countyId, stationId)]);
  if (!county || !station) throw new EngineError('NOT_FOUND', { what: { 'zh-CN': `站点 ${stationId}`, en: `Station ${stationId}` } });
  // Every version counts: items keep running on the version they were created with.
  const flows = new Map<string, PublicFlow>();
  const key = (packId: string, version: string, flowId: string) => `${packId}@${version}/${flowId}`;
  for (const pack of registry.countyVersions(countyId))
    for (const flow of Object.values(pack.content.flows))
      if (flow.meta.public) flows.set(key(pack.packId, pack.version, flow.id), publicFlow(registry.flow(pack, flow.id)!, flow.meta.public));
  const inStates = [...flows.values()].map(({ runtime: { pack, flow } }) => ({ packId: pack.packId, packVersion: pack.version, flowId: flow.id, paths: publicLeafPaths(flow) }));
  const [{ items }, units, stations] = await Promise.all([
    store.lists.list(countyId, { stationId, inStates }, { offset: 0, limit: BOARD_LIMIT }, 'updated-desc', { count: false }),
    store.units.listUnits(countyId),
    store.counties.listStations(countyId),
  ]);
  const names: DirectoryNames = { units: new Map(units.map((u) => [u.id, u.name])), stations: new Map(stations.map((s) => [s.id, s.name])) };
  return {
    county,
    station: { id: station.id, name: station.name, stationType: station.stationType },
    items: items.map((item) => boardItem(flows.get(key(item.packId, item.packVersion, item.flowId))!, item, names)),
  };
}
