import type { LocalizedText } from '../../forms/index.js';

/** meta on a flow's root (see workflows/schema/flow.schema.json). */
export interface FlowMeta {
  title: LocalizedText;
  description?: LocalizedText;
  start: { roles: string[]; form: string | null; station?: 'required' | 'optional' | 'none' };
  listFields: string[];
  /** Labels (and how to show them) for item data no form names, e.g. who handled it and when. */
  fields?: Record<string, { label: LocalizedText; kind?: 'text' | 'person' | 'time' | 'count' | 'records' }>;
}

export interface StateMeta {
  label: LocalizedText;
  description?: LocalizedText;
  roles?: string[];
  deadline?: string;
  outcome?: LocalizedText;
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
