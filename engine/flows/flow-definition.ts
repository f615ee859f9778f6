/**
 * The types of a flow file (flows/<id>.json): an XState v5 machine config as JSON, with our
 * meta. They are generated from workflows/schema/flow.schema.json (and the guard and action
 * catalogue) by `npm run gen:types`, so the schema an editor checks with, the validator and
 * the code agree; change the schema, not these types.
 */
export type {
  Actions,
  AnchoredDeadline,
  Deadline,
  Recipients,
  Span,
  EventTransition,
  EventTransitions,
  Eventless,
  FlowDefinition,
  FlowMeta,
  PublicFlowMeta,
  StateConfig,
  StateMeta,
  TransitionConfig,
  TransitionMeta,
} from './generated/flow.js';
/** A guard or an action named from the catalogue, with its params. */
export type { Action, Guard, Named } from './generated/catalogue.js';
