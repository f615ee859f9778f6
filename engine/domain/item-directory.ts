import type { StationInput } from './station.js';

/**
 * What an item's flow says about the county's directory (issue 10): the station it registers
 * (registerStation) and the stations, units and people it is linked to (linkTo, unlink), so that
 * items can be counted per station, unit and person.
 *
 * Like the assignment (assignment.ts), these live in the item's data under reserved keys that
 * only catalogue actions write (`$` cannot begin a form field's name), so replaying the events
 * rebuilds them exactly. The actions are pure: they record what the flow intends. The item
 * service carries it out in the event's own statement — creates or updates the station in the
 * registry, keeps the item_links rows — and a replay never does (it only rebuilds the intent).
 */

export const STATION_KEY = '$station';
export const LINKS_KEY = '$links';

/** What an item can be linked to. */
export const LINK_KINDS = ['station', 'unit', 'person'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** The item's links by kind: ids of stations, units and people (users), each once, in the order linked. */
export type ItemLinks = Partial<Record<LinkKind, string[]>>;

/** One row of item_links: the item is linked to this station, unit or person. */
export interface ItemLink {
  kind: LinkKind;
  targetId: string;
}

/**
 * The station an item registers, as its flow last said it. Each value was read from an item
 * field, which `sources` names (station field → item field), so a refusal can name the field the
 * person sending the event can correct.
 */
export interface StationIntent {
  /** A station type of the item's pack. */
  type: string;
  name: string;
  parentId: string | null;
  villages: string[];
  /** YYYY-MM-DD, when the flow says when it opened (揭牌 day). */
  openedOn: string | null;
  attributes: Record<string, unknown>;
  sources: { name: string; parent?: string; villages?: string; openedOn?: string; attributes?: Record<string, string> };
}

export function stationIntentOf(context: Record<string, unknown> | undefined): StationIntent | undefined {
  const value = context?.[STATION_KEY];
  return value && typeof value === 'object' ? (value as StationIntent) : undefined;
}

export function linksOf(context: Record<string, unknown> | undefined): ItemLinks {
  const value = context?.[LINKS_KEY];
  return value && typeof value === 'object' ? (value as ItemLinks) : {};
}

/**
 * The registry id of the station an item registers: the item's own id. It follows from the
 * item, so nothing needs to be kept for a later event to update the station instead of adding
 * another, a replay finds the same id, and the station's id leads back to the item that built it.
 */
export const registeredStationId = (itemId: string): string => itemId;

/**
 * The item_links rows an item's data implies: its links, and the station it registered (an item
 * that built a station counts among that station's items). Each (kind, id) once.
 */
export function itemLinks(context: Record<string, unknown> | undefined, itemId: string): ItemLink[] {
  const links = linksOf(context);
  const rows: ItemLink[] = [];
  const seen = new Set<string>();
  const add = (kind: LinkKind, targetId: string) => {
    const key = `${kind}:${targetId}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push({ kind, targetId });
  };
  for (const kind of LINK_KINDS) for (const id of links[kind] ?? []) if (typeof id === 'string' && id) add(kind, id);
  if (stationIntentOf(context)) add('station', registeredStationId(itemId));
  return rows;
}

/** The rows to add and to remove to go from one set of links to another. */
export function linkChanges(before: ItemLink[], after: ItemLink[]): { add: ItemLink[]; remove: ItemLink[] } {
  const key = (l: ItemLink) => `${l.kind}:${l.targetId}`;
  const had = new Set(before.map(key));
  const has = new Set(after.map(key));
  return { add: after.filter((l) => !had.has(key(l))), remove: before.filter((l) => !has.has(key(l))) };
}

/** "unit:<id>" as the list filter takes it (GET /api/items?linked=unit:<id>); undefined when it is not one. */
export function parseLinkKey(text: string): ItemLink | undefined {
  const at = text.indexOf(':');
  const kind = text.slice(0, at);
  const targetId = text.slice(at + 1);
  return at > 0 && targetId && (LINK_KINDS as readonly string[]).includes(kind) ? { kind: kind as LinkKind, targetId } : undefined;
}

/**
 * What an event changes in the directory, written in the event's own statement: the station it
 * registers (created, or updated when this item registered it before) and the links it adds and removes.
 */
export interface DirectoryChange {
  station?: StationInput;
  links: { add: ItemLink[]; remove: ItemLink[] };
}

export const NO_DIRECTORY_CHANGE: DirectoryChange = { links: { add: [], remove: [] } };
