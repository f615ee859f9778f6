import type { Static } from 'typebox';
import type * as responses from './responses.js';
import type * as schemas from './schemas.js';

/**
 * The engine's answers, as the web app reads them: each type is derived from the response
 * schema its route validates and documents with (responses.ts), so the two cannot drift.
 * Type-only: importing this module brings no engine code into the web app.
 */
export type Me = Static<typeof responses.me>;
export type County = Static<typeof responses.county>;
/** The logged-in platform operator (/api/operator/me). */
export type OperatorMe = Static<typeof responses.operatorMe>;
/** A county as the platform's operator manages it (/api/operator/counties). */
export type ManagedCounty = Static<typeof responses.managedCounty>;
export type Station = Static<typeof responses.station>;
export type Person = Static<typeof responses.person>;
/** A person as the county's administrator manages them (/api/admin/people). */
export type ManagedPerson = Static<typeof responses.managedPerson>;
/** A unit (承办单位, 市直单位) with its member count (/api/admin/units). */
export type Unit = Static<typeof responses.unit>;
/** A household (农户) of the county's directory (/api/admin/households). */
export type Household = Static<typeof responses.household>;
export type HouseholdPage = Static<typeof responses.householdPage>;
/** A relation of a kind the county's packs declare, each end named (/api/admin/relations). */
export type Relation = Static<typeof responses.relation>;
export type RelationPage = Static<typeof responses.relationPage>;
export type PackSummary = Static<typeof responses.packSummary>;
export type FlowSummary = Static<typeof responses.flowSummary>;
export type PackVersion = Static<typeof responses.packVersion>;
/** A station type as a pack declares it: its name, the types it may hang under, its attribute form, its roles. */
export type StationType = PackVersion['content']['stationTypes'][string];
export type Catalogue = Static<typeof responses.catalogue>;
export type PackProblemView = Static<typeof responses.packProblem>;
export type PackReport = Static<typeof responses.packReport>;
export type PublishedVersion = Static<typeof responses.publishedVersion>;
export type PackHistory = Static<typeof responses.packHistory>;
export type StateView = Static<typeof responses.stateView>;
export type ItemSummary = Static<typeof responses.itemSummary>;
export type ActionView = Static<typeof responses.actionView>;
export type ItemView = Static<typeof responses.itemView>;
export type EventResult = Static<typeof responses.eventResult>;
export type ItemPage = Static<typeof responses.itemPage>;
export type Inbox = Static<typeof responses.inbox>;
export type IntegrityProblem = Static<typeof responses.integrityProblem>;
export type ItemIntegrity = Static<typeof responses.itemIntegrity>;
export type TraceEvent = Static<typeof responses.traceEvent>;
export type Trace = Static<typeof responses.trace>;
export type TraceDirectory = Static<typeof responses.traceDirectory>;
export type LinkCounts = Static<typeof responses.linkCounts>;
export type Draft = Static<typeof responses.draft>;
export type AttachmentView = Static<typeof responses.attachmentView>;
export type BoardItem = Static<typeof responses.boardItem>;
export type Board = Static<typeof responses.board>;
export type ExportedCheckpoint = Static<typeof responses.exportedCheckpoint>;
export type CheckpointExport = Static<typeof responses.checkpointExport>;
export type CountyVerification = Static<typeof responses.countyVerification>;
export type DirectoryImportReport = Static<typeof responses.directoryImportReport>;
/** A notification as its person reads it (/api/notifications). */
export type NotificationView = Static<typeof responses.notification>;
export type NotificationPage = Static<typeof responses.notificationPage>;
export type UnreadCount = Static<typeof responses.unreadCount>;
/** A year of the county's working calendar (/api/calendar). */
export type CalendarYear = Static<typeof responses.calendarYear>;
export type CalendarImportReport = Static<typeof responses.calendarImportReport>;
/** Every error answer: { error: { code, message, messages, details } }. */
export type ErrorAnswer = Static<typeof schemas.errorResponse>;
export type DutySummary = Static<typeof responses.dutySummary>;
export type DutyBoard = Static<typeof responses.dutyBoard>;
/** The supervision view (/api/supervision): overdue and due-soon items per unit and per station. */
export type Supervision = Static<typeof responses.supervision>;
