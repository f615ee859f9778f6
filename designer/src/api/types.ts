/**
 * The engine's answers, as the web app reads them: derived from the engine's response schemas
 * (engine/http/api-types.ts), imported for type checking only, so they cannot drift from what
 * the engine sends.
 */
export type {
  ActionView,
  AttachmentView,
  Board,
  BoardItem,
  CheckpointExport,
  County,
  CountyVerification,
  Draft,
  DirectoryImportReport,
  Household,
  HouseholdPage,
  EventResult,
  Inbox,
  IntegrityProblem,
  ItemIntegrity,
  ItemPage,
  ItemSummary,
  ItemView,
  ManagedCounty,
  ManagedPerson,
  Me,
  OperatorMe,
  PackHistory,
  PackProblemView,
  PackReport,
  PackSummary,
  PackVersion,
  Person,
  PublishedVersion,
  Relation,
  RelationPage,
  StateView,
  Station,
  StationType,
  Supervision,
  Trace,
  TraceEvent,
  Unit,
} from '../../../engine/http/api-types.js';
export type { FlowDefinition } from '../../../engine/flows/index.js';
export type { FormDefinition, LocalizedText, Locale } from '../../../forms/index.js';
