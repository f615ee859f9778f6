/** The engine's answers, as the web app reads them (the engine's own types, imported for type checking only). */
export type { ItemSummary, ItemView, ActionView, StateView } from '../../../engine/runtime/item-view.js';
export type { TraceEvent } from '../../../engine/runtime/item-service.js';
export type { FlowDefinition } from '../../../engine/flows/flow-definition.js';
export type { FormDefinition, LocalizedText, Locale } from '../../../forms/index.js';
import type { LocalizedText } from '../../../forms/index.js';
import type { ItemSummary } from '../../../engine/runtime/item-view.js';

export interface Me {
  id: string;
  countyId: string;
  county: LocalizedText;
  username: string;
  displayName: string;
  roles: string[];
  stationIds: string[];
}

export interface County {
  id: string;
  name: LocalizedText;
}

export interface Station {
  id: string;
  stationType: string;
  name: string;
  parentId: string | null;
}

export interface Person {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  stationIds: string[];
}

export interface PackSummary {
  packId: string;
  version: string;
  name: LocalizedText;
  description: LocalizedText;
  versions: string[];
  roles: Array<{ id: string; name: LocalizedText }>;
  flows: Array<{ id: string; title: LocalizedText; description?: LocalizedText; start: { roles: string[]; form: string | null; station?: string }; listFields: string[]; canStart: boolean; public: boolean }>;
}

export interface Inbox {
  items: ItemSummary[];
  total: number;
  countsByState: Array<{ flowId: string; path: string; label: LocalizedText; count: number }>;
}

export interface ItemPage {
  items: ItemSummary[];
  total: number;
  page: number;
  pageSize: number;
}
