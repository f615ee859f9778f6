import type { LocalizedText } from '../../forms/index.js';

/** meta on a flow's root (see workflows/schema/flow.schema.json). */
export interface FlowMeta {
  title: LocalizedText;
  description?: LocalizedText;
  start: { roles: string[]; form: string | null; station?: 'required' | 'optional' | 'none' };
  listFields: string[];
  /** Labels (and how to show them) for item data no form names, e.g. who handled it and when. */
  fields?: Record<string, { label: LocalizedText; kind?: 'text' | 'person' | 'time' | 'count' | 'records' }>;
  /** Present when the flow's items may appear on public boards (not by default); see PublicFlowMeta. */
  public?: PublicFlowMeta;
}

/**
 * How a flow's items show on a station's public board (公示). Only states marked public show them.
 * The title is a template over start-form fields that are neither personal nor free text
 * ("{category}·{area}"), so nothing a person typed can reach the board's headline.
 */
export interface PublicFlowMeta {
  title: LocalizedText;
  /** Form fields shown under the title; personal ones masked by the forms that declare them. */
  fields?: string[];
}

export interface StateMeta {
  label: LocalizedText;
  description?: LocalizedText;
  roles?: string[];
  deadline?: string;
  outcome?: LocalizedText;
  /** true: items in this state (and its children, unless they say false) show on public boards. */
  public?: boolean;
}

export interface TransitionMeta {
  label: LocalizedText;
  roles: string[];
  form: string | null;
  actor?: 'any' | 'creator';
}

export type Named = string | { type: string; params?: Record<string, unknown> };

export interface TransitionConfig {
  target?: string;
  guard?: Named;
  actions?: Named | Named[];
  reenter?: boolean;
  description?: string;
  meta?: TransitionMeta;
}

export type Eventless = string | TransitionConfig | Array<string | TransitionConfig>;

export interface StateConfig {
  type?: 'atomic' | 'compound' | 'parallel' | 'final';
  initial?: string;
  states?: Record<string, StateConfig>;
  on?: Record<string, TransitionConfig | TransitionConfig[]>;
  always?: Eventless;
  onDone?: Eventless;
  entry?: Named | Named[];
  exit?: Named | Named[];
  description?: string;
  meta: StateMeta;
}

/** A flow file: an XState v5 machine config as JSON, with our meta. */
export interface FlowDefinition {
  id: string;
  initial: string;
  context?: Record<string, unknown>;
  meta: FlowMeta;
  description?: string;
  states: Record<string, StateConfig>;
  on?: Record<string, TransitionConfig | TransitionConfig[]>;
}
