import { fieldTitle, maskPersonal, type JsonSchema, type LocalizedText } from '../../forms/index.js';
import { EngineError } from '../errors/engine-error.js';
import type { PackRegistry, RuntimePack } from '../packs/pack-registry.js';
import type { Store } from '../store/store.js';
import { itemSummary } from './item-view.js';

/** How many of a station's items a board shows (newest first). */
export const BOARD_LIMIT = 200;

export interface BoardItem {
  id: string;
  title: string;
  flowTitle: LocalizedText;
  state: LocalizedText[];
  status: 'active' | 'done';
  outcome?: LocalizedText;
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

/** A choice's title instead of its code (基础设施建设, not infrastructure); other values as they are. */
function displayValue(schema: JsonSchema | undefined, value: unknown): unknown {
  const options = Array.isArray(schema?.oneOf) ? (schema!.oneOf as JsonSchema[]) : [];
  const option = options.find((o) => o.const === value);
  return option ? fieldTitle(option, String(value)) : value;
}

/** All properties of all forms of a pack version: the schema list fields are masked by. */
function packSchema(pack: RuntimePack): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const form of Object.values(pack.content.forms)) Object.assign(properties, form.schema.properties ?? {});
  return { type: 'object', properties };
}

/**
 * A station's public progress board (公示, 事项进度栏): for anyone, without login. It shows
 * only each item's list fields (choices by their titles), state, dates and outcome, with
 * fields marked personal masked (张** / 138****1234) — never the item's full data.
 */
export async function stationBoard(store: Store, registry: PackRegistry, countyId: string, stationId: string): Promise<Board> {
  const [county, station] = await Promise.all([store.counties.getCounty(countyId), store.counties.getStation(countyId, stationId)]);
  if (!county || !station) throw new EngineError('NOT_FOUND', { what: `站点 ${stationId}`, whatEn: `Station ${stationId}` });
  const { items } = await store.items.listItems(countyId, { stationId }, { offset: 0, limit: BOARD_LIMIT }, 'updated-desc');
  return {
    county,
    station: { id: station.id, name: station.name, stationType: station.stationType },
    items: items.map((item) => {
      const pack = registry.get(item.countyId, item.packId, item.packVersion)!;
      const runtime = registry.flow(pack, item.flowId)!;
      const summary = itemSummary(runtime, item);
      const schema = packSchema(pack);
      const properties = schema.properties as Record<string, JsonSchema>;
      const masked = maskPersonal(schema, summary.fields);
      const fields = Object.fromEntries(Object.entries(masked).map(([k, v]) => [k, displayValue(properties[k], v)]));
      const titleField = runtime.flow.meta.listFields[0];
      return {
        id: item.id,
        title: typeof fields[titleField] === 'string' ? (fields[titleField] as string) : summary.title,
        flowTitle: summary.flowTitle,
        state: summary.state.labels,
        status: summary.status,
        outcome: summary.state.outcome,
        fields,
        fieldTitles: Object.fromEntries(Object.keys(fields).map((k) => [k, runtime.flow.meta.fields?.[k]?.label ?? fieldTitle(properties[k], k)])),
        createdAt: summary.createdAt,
        updatedAt: summary.updatedAt,
      };
    }),
  };
}
