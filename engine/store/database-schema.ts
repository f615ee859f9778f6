import type { ColumnType, JSONColumnType } from 'kysely';
import type { DeputyLevel } from '../domain/user.js';
import type { LocalizedText } from '../../forms/index.js';
import type { EventOrigin } from '../domain/event-record.js';
import type { ItemSchedule, ItemStatus } from '../domain/item-record.js';
import type { LinkKind } from '../domain/item-directory.js';
import type { DutyStatus, DutySubjectKind } from '../domain/duty.js';
import type { LoginOutcome } from '../domain/login-attempt.js';
import type { RelationEndType } from '../domain/relation.js';
import type { NotificationText, RecipientSpec } from '../domain/outbox-message.js';
import type { CalendarDayKind } from '../domain/working-calendar.js';

/**
 * The tables, as the application's queries see them: camelCase here, snake_case in the database
 * (row-naming.ts converts every table and column name; migrations use the database's names).
 * Every county-owned table starts its primary key with county_id and its foreign keys include
 * it: the rule that lets the data be sharded by county later (Citus) and that keeps every query
 * scoped to one county.
 */
export interface Database {
  counties: CountyTable;
  users: UserTable;
  sessions: SessionTable;
  stations: StationTable;
  units: UnitTable;
  households: HouseholdTable;
  relations: RelationTable;
  packVersions: PackVersionTable;
  items: ItemTable;
  events: EventTable;
  itemSearch: ItemSearchTable;
  itemCounts: ItemCountTable;
  linkCounts: LinkCountTable;
  itemLinks: ItemLinkTable;
  timers: TimerTable;
  dutyPeriods: DutyPeriodTable;
  unitItems: UnitItemTable;
  attachments: AttachmentTable;
  drafts: DraftTable;
  checkpoints: CheckpointTable;
  checkpointHeads: CheckpointHeadTable;
  recordKeys: RecordKeyTable;
  loginAudit: LoginAuditTable;
  outbox: OutboxTable;
  notifications: NotificationTable;
  operators: OperatorTable;
  operatorSessions: OperatorSessionTable;
  operatorLoginAudit: OperatorLoginAuditTable;
  calendarDays: CalendarDayTable;
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A jsonb column: written as JSON text (JSON.stringify), read back parsed, its keys untouched. */
type Json<T extends object | null> = JSONColumnType<T, string, string>;
/** JSON whose shape the domain leaves open (an XState snapshot, a form's payload, a state value): written as text, read as unknown. */
type OpenJson = ColumnType<unknown, string, string>;

export interface CountyTable {
  id: string;
  name: Json<LocalizedText>;
  createdAt: Timestamp;
  /** When the operator disabled the county: its people cannot log in, its sessions end, its boards go. */
  disabledAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface UserTable {
  countyId: string;
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: ColumnType<string[], string[], string[]>;
  stationIds: ColumnType<string[], string[], string[]>;
  unitId: ColumnType<string | null, string | null | undefined, string | null>;
  deputyLevel: ColumnType<DeputyLevel | null, DeputyLevel | null | undefined, DeputyLevel | null>;
  disabledAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  mustChangePassword: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: Timestamp;
}

export interface UnitTable {
  countyId: string;
  id: string;
  name: string;
  kind: string | null;
  createdAt: Timestamp;
  disabledAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A household (农户, domain/household.ts), with the tokens its list is searched by. */
export interface HouseholdTable {
  countyId: string;
  id: string;
  code: string;
  headName: string;
  village: string;
  stationId: string | null;
  phone: string | null;
  note: string | null;
  /** search-text.ts tokens of the code, head and village, and that text lowercased: what the list's search looks in. */
  searchTokens: ColumnType<string[], string[], string[]>;
  searchBody: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  closedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A relation of the directory (domain/relation.ts). */
export interface RelationTable {
  countyId: string;
  id: string;
  kind: string;
  fromType: RelationEndType;
  fromId: string;
  toType: RelationEndType;
  toId: string;
  attributes: Json<Record<string, unknown>>;
  /** Dates (YYYY-MM-DD), read as text (relation-repository.ts), never as a Date a time zone would shift. */
  startsOn: ColumnType<string, string, string>;
  endsOn: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface SessionTable {
  countyId: string;
  /** sha256 of the cookie's token: a stolen database does not yield live sessions. */
  id: string;
  userId: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
}

export interface StationTable {
  countyId: string;
  id: string;
  stationType: string;
  name: string;
  parentId: string | null;
  attributes: Json<Record<string, unknown>>;
  villages: ColumnType<string[], string[] | undefined, string[]>;
  /** Dates (YYYY-MM-DD); read as text (station-columns in county-repository.ts), never as a Date that a time zone would shift. */
  openedOn: ColumnType<string | null, string | null | undefined, string | null>;
  closedOn: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: Timestamp;
}

/** An item linked to a station, unit or person (migration 0015, domain/item-directory.ts). */
/** A unit's items: assigned to it at some time, or acted on by one of its people (migration 0016). */
export interface UnitItemTable {
  countyId: string;
  unitId: string;
  itemId: string;
}

export interface ItemLinkTable {
  countyId: string;
  itemId: string;
  kind: LinkKind;
  targetId: string;
}

export interface PackVersionTable {
  countyId: string;
  packId: string;
  version: string;
  /** The whole pack as loaded: manifest, forms, flows, station types, evaluations. */
  content: OpenJson;
  hash: string;
  publishedAt: Timestamp;
}

export interface ItemTable {
  countyId: string;
  id: string;
  packId: string;
  packVersion: string;
  flowId: string;
  stationId: string | null;
  /** XState persisted snapshot: the only truth about where the item is. */
  snapshot: OpenJson;
  /** Every active state path (parents included), so lists can filter by any state. */
  statePaths: ColumnType<string[], string[], string[]>;
  status: ItemStatus;
  /** Optimistic lock: each event raises it by one; a writer that read an older value loses. */
  version: number;
  title: string;
  createdBy: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Deadline per active state that has one, and the earliest of them. */
  deadlines: Json<Record<string, string>>;
  dueAt: Timestamp | null;
  /** Its timers and clock (flows/schedule.ts); {} for none. */
  schedule: ColumnType<ItemSchedule, string | undefined, string>;
  /** Hash of the item's newest event: the head of its hash chain. */
  headHash: string;
  /** Who its current work is assigned to ("unit:<id>", domain/assignment.ts), from its snapshot; null when no one in particular. */
  assignee: ColumnType<string | null, string | null | undefined, string | null>;
}

/** An item's searchable text and its tokens (search-text.ts), kept apart from items so that events do not rewrite its index. */
export interface ItemSearchTable {
  countyId: string;
  itemId: string;
  /** Every string of the item's data, lowercased. */
  body: string;
  tokens: ColumnType<string[], string[], string[]>;
}

/**
 * How many items of a pack version and flow have a status and, per state path, are in it
 * (path '' counts the items themselves): kept by the statements that write items (item-counts.ts).
 */
/** How many items are linked to a target, per the items' station ('' for none) and status (migration 0017). */
export interface LinkCountTable {
  countyId: string;
  kind: LinkKind;
  targetId: string;
  stationId: string;
  status: string;
  n: ColumnType<string, number, number>;
}

export interface ItemCountTable {
  countyId: string;
  packId: string;
  packVersion: string;
  flowId: string;
  status: string;
  path: string;
  /** The items' assignee, '' for none: an inbox counts only what is assigned to the person or no one. */
  assignee: string;
  n: ColumnType<string, number, number>;
}

export interface EventTable {
  countyId: string;
  itemId: string;
  seq: number;
  type: string;
  /** null: the engine sent it itself (a timer). */
  actorId: string | null;
  role: string;
  payload: OpenJson;
  stateBefore: OpenJson;
  stateAfter: OpenJson;
  snapshotAfter: OpenJson;
  packVersion: string;
  createdAt: Timestamp;
  idempotencyKey: string | null;
  /** Hash chain over the item's events: editing or deleting a stored event breaks it. */
  prevHash: string;
  hash: string;
  /** HMAC of hash with a key the database does not hold: a rewritten chain cannot be re-sealed. */
  seal: string;
  /** On the creation event: the pack, flow and station the item was started in (checked against the item row). */
  origin: Json<EventOrigin | null>;
}

/** An armed timer of an item (migration 0020): the engine event it sends when due; leased while a process fires it. */
export interface TimerTable {
  countyId: string;
  itemId: string;
  eventType: string;
  dueAt: Timestamp;
  leaseUntil: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** One period of a recurring duty for one subject (migration 0024). */
export interface DutyPeriodTable {
  countyId: string;
  packId: string;
  dutyId: string;
  subjectKind: DutySubjectKind;
  subjectId: string;
  period: string;
  startsAt: Timestamp;
  dueAt: Timestamp;
  status: DutyStatus;
  itemId: ColumnType<string | null, string | null | undefined, string | null>;
  doneAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  doneItemId: ColumnType<string | null, string | null | undefined, string | null>;
  misses: ColumnType<number, number | undefined, number>;
  followupItemId: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: Timestamp;
}

/** A county's signed checkpoint: the heads of the items changed since the previous one. */
export interface CheckpointTable {
  countyId: string;
  seq: number;
  createdAt: Timestamp;
  /** Items changed up to this time are covered by this checkpoint or an earlier one: where the next one starts looking. */
  coveredUntil: Timestamp;
  headCount: number;
  /** sha256 of the canonical list of this checkpoint's heads. */
  digest: string;
  /** The previous checkpoint's signature ('' for the first): checkpoints form a chain per county. */
  prevSignature: string;
  /** Ed25519 over county, seq, time, digest and prev_signature. */
  signature: string;
}

export interface CheckpointHeadTable {
  countyId: string;
  checkpointSeq: number;
  itemId: string;
  version: number;
  headHash: string;
}

/** The public key(s) the record was sealed and signed with; a start with another key is refused. */
export interface RecordKeyTable {
  publicKey: string;
  createdAt: ColumnType<Date, Date | string | undefined, never>;
}

export interface AttachmentTable {
  countyId: string;
  id: string;
  /** The name the file had on the uploader's device (may be Chinese). */
  filename: string;
  /** Checked against the content's magic bytes for the common types, not taken from the client. */
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  /** pg reads bytea as a Buffer, PGlite as a Uint8Array; both are Uint8Arrays. */
  content: ColumnType<Uint8Array, Uint8Array, never>;
  uploadedBy: string;
  createdAt: Timestamp;
}

export interface DraftTable {
  countyId: string;
  userId: string;
  /** Which form: start:<packId>:<flowId> or event:<itemId>:<EVENT_TYPE>. */
  draftKey: string;
  /** The half-filled form as the browser had it; not validated (it is unfinished). */
  payload: Json<Record<string, unknown>>;
  updatedAt: Timestamp;
}

export interface LoginAuditTable {
  /** The county as typed at login: it may not exist (no foreign key). */
  countyId: string;
  id: string;
  /** The user name as typed; it may not exist either. */
  username: string;
  /** The user's id when the county and user name name one. */
  userId: string | null;
  /** The client's address (the forwarded one when TRUST_PROXY trusts the proxy). */
  address: string;
  outcome: LoginOutcome;
  at: Timestamp;
}

/** A message waiting to be delivered, or delivered (migration 0021, domain/outbox-message.ts). */
export interface OutboxTable {
  countyId: string;
  id: string;
  createdAt: Timestamp;
  itemId: string | null;
  eventSeq: number | null;
  kind: string;
  recipients: Json<RecipientSpec[]>;
  message: Json<NotificationText>;
  attempts: ColumnType<number, number | undefined, number>;
  /** Null: never tried; else when it may next be claimed (the end of a claim's lease, or of a failure's backoff). */
  nextAttemptAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The channels that have taken the message: a retry skips them. */
  channelsDone: ColumnType<string[], string[] | undefined, string[]>;
  deliveredAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  lastError: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A message as one person reads it in the app (migration 0021). */
export interface NotificationTable {
  countyId: string;
  id: string;
  userId: string;
  outboxId: string;
  itemId: string | null;
  kind: string;
  message: Json<NotificationText>;
  createdAt: Timestamp;
  readAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** The platform's operators: they create and disable counties and belong to none (migrations/0013-operators.ts). */
export interface OperatorTable {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  createdAt: Timestamp;
  disabledAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface OperatorSessionTable {
  /** sha256 of the cookie's token. */
  id: string;
  operatorId: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
}

export interface OperatorLoginAuditTable {
  id: string;
  /** The user name as typed; it may name no operator. */
  username: string;
  operatorId: string | null;
  address: string;
  outcome: LoginOutcome;
  at: Timestamp;
}

/** One declaration of a county's working calendar (migrations/0022-county-calendar.ts): insert-only history. */
export interface CalendarDayTable {
  countyId: string;
  /** A date (YYYY-MM-DD), read as text (calendar-repository.ts), never as a Date a time zone would shift. */
  day: ColumnType<string, string, never>;
  /** From this instant on the entry counts. */
  recordedAt: ColumnType<Date, Date, never>;
  kind: ColumnType<CalendarDayKind, CalendarDayKind, never>;
  name: ColumnType<string | null, string | null, never>;
  /** The administrator who recorded it; null for the engine's own (the demo seed). */
  recordedBy: ColumnType<string | null, string | null, never>;
}
