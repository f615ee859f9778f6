import type { ColumnType, JSONColumnType } from 'kysely';

/**
 * The tables, as kysely sees them. Every county-owned table starts its primary key with
 * county_id and its foreign keys include it: the rule that lets the data be sharded by county
 * later (Citus) and that keeps every query scoped to one county.
 */
export interface Database {
  counties: CountyTable;
  users: UserTable;
  sessions: SessionTable;
  stations: StationTable;
  pack_versions: PackVersionTable;
  items: ItemTable;
  events: EventTable;
  attachments: AttachmentTable;
  drafts: DraftTable;
  checkpoints: CheckpointTable;
  checkpoint_heads: CheckpointHeadTable;
  record_keys: RecordKeyTable;
  login_audit: LoginAuditTable;
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface CountyTable {
  id: string;
  name: Json<{ 'zh-CN': string; en: string }>;
  created_at: Timestamp;
}

export interface UserTable {
  county_id: string;
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: ColumnType<string[], string[], string[]>;
  station_ids: ColumnType<string[], string[], string[]>;
  created_at: Timestamp;
}

export interface SessionTable {
  county_id: string;
  /** sha256 of the cookie's token: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface StationTable {
  county_id: string;
  id: string;
  station_type: string;
  name: string;
  parent_id: string | null;
  attributes: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface PackVersionTable {
  county_id: string;
  pack_id: string;
  version: string;
  /** The whole pack as loaded: manifest, forms, flows, station types, evaluations. */
  content: Json<any>;
  hash: string;
  published_at: Timestamp;
}

export interface ItemTable {
  county_id: string;
  id: string;
  pack_id: string;
  pack_version: string;
  flow_id: string;
  station_id: string | null;
  /** XState persisted snapshot: the only truth about where the item is. */
  snapshot: Json<any>;
  /** Every active state path (parents included), so lists can filter by any state. */
  state_paths: ColumnType<string[], string[], string[]>;
  status: 'active' | 'done';
  /** Optimistic lock: each event raises it by one; a writer that read an older value loses. */
  version: number;
  title: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Deadline per active state that has one, and the earliest of them. */
  deadlines: Json<Record<string, string>>;
  due_at: Timestamp | null;
  /** Hash of the item's newest event: the head of its hash chain. */
  head_hash: string;
}

export interface EventTable {
  county_id: string;
  item_id: string;
  seq: number;
  type: string;
  actor_id: string;
  role: string;
  payload: Json<any>;
  state_before: Json<any>;
  state_after: Json<any>;
  snapshot_after: Json<any>;
  pack_version: string;
  created_at: Timestamp;
  idempotency_key: string | null;
  /** Hash chain over the item's events: editing or deleting a stored event breaks it. */
  prev_hash: string;
  hash: string;
  /** HMAC of hash with a key the database does not hold: a rewritten chain cannot be re-sealed. */
  seal: string;
  /** On the creation event: the pack, flow and station the item was started in (checked against the item row). */
  origin: Json<{ packId: string; flowId: string; stationId: string | null } | null>;
}

/** A county's signed checkpoint: the heads of the items changed since the previous one. */
export interface CheckpointTable {
  county_id: string;
  seq: number;
  created_at: Timestamp;
  /** Items changed up to this time are covered by this checkpoint or an earlier one: where the next one starts looking. */
  covered_until: Timestamp;
  head_count: number;
  /** sha256 of the canonical list of this checkpoint's heads. */
  digest: string;
  /** The previous checkpoint's signature ('' for the first): checkpoints form a chain per county. */
  prev_signature: string;
  /** Ed25519 over county, seq, time, digest and prev_signature. */
  signature: string;
}

export interface CheckpointHeadTable {
  county_id: string;
  checkpoint_seq: number;
  item_id: string;
  version: number;
  head_hash: string;
}

/** The public key(s) the record was sealed and signed with; a start with another key is refused. */
export interface RecordKeyTable {
  public_key: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface AttachmentTable {
  county_id: string;
  id: string;
  /** The name the file had on the uploader's device (may be Chinese). */
  filename: string;
  /** Checked against the content's magic bytes for the common types, not taken from the client. */
  mime_type: string;
  size_bytes: number;
  sha256: string;
  /** pg reads bytea as a Buffer, PGlite as a Uint8Array; both are Uint8Arrays. */
  content: ColumnType<Uint8Array, Uint8Array, never>;
  uploaded_by: string;
  created_at: Timestamp;
}

export interface DraftTable {
  county_id: string;
  user_id: string;
  /** Which form: start:<packId>:<flowId> or event:<itemId>:<EVENT_TYPE>. */
  draft_key: string;
  /** The half-filled form as the browser had it; not validated (it is unfinished). */
  payload: Json<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface LoginAuditTable {
  /** The county as typed at login: it may not exist (no foreign key). */
  county_id: string;
  id: string;
  /** The user name as typed; it may not exist either. */
  username: string;
  /** The user's id when the county and user name name one. */
  user_id: string | null;
  /** The client's address (the forwarded one when TRUST_PROXY trusts the proxy). */
  address: string;
  outcome: 'success' | 'wrong_password' | 'unknown_user' | 'locked';
  at: Timestamp;
}
