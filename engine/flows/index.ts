/**
 * The pure flow code, published for the web app (and any other reader that is not the engine):
 * flow and pack definitions, inspection of a definition or snapshot, the machine built from it,
 * its graph and static analysis, deadlines, and the guard/action catalogue as the API lists it.
 * Nothing here touches Node, the store or HTTP (checked by .dependency-cruiser.cjs).
 */
export * from './flow-definition.js';
/** What a snapshot says about where an item is (the trace's stateBefore/stateAfter). */
export type { StateValue } from 'xstate';
export * from './flow-event.js';
export * from './flow-inspection.js';
export * from './flow-machine.js';
export * from './flow-graph.js';
export * from './flow-analysis.js';
export * from './flow-publicity.js';
export * from './deadlines.js';
export { describeCatalogue, type CatalogueEntry } from './catalogue.js';
export * from '../packs/pack-content.js';
