import { v7 as uuidv7 } from 'uuid';
import type { LocalizedText } from '../../forms/index.js';

/**
 * A message waiting in the outbox (migration 0021): written in the same transaction as the
 * event that causes it, so a committed event always has its message and a rolled-back one never
 * does; delivered later, at least once, by the outbox dispatcher (runtime/outbox-dispatcher.ts)
 * to every configured channel, and shown in-app once per person.
 */
export interface OutboxMessage {
  countyId: string;
  /** A uuidv7: its order is the order messages were written in. */
  id: string;
  createdAt: Date;
  /** The item and event that caused it; null for a message about no item. */
  itemId: string | null;
  eventSeq: number | null;
  kind: OutboxKind;
  /** Whom it is for, resolved to people only when it is delivered (who holds a role may change meanwhile). */
  recipients: RecipientSpec[];
  message: NotificationText;
}

/**
 * Why a message was written: a reminder before a deadline, an escalation after it, work assigned,
 * or the system's own. Open to more kinds; the engine treats them alike and shows them as is.
 */
export type OutboxKind = 'remind' | 'escalate' | 'assigned' | 'system' | (string & {});

/**
 * Whom a message is for, in the directory's terms:
 *  - a person;
 *  - every active member of a unit (承办单位 …);
 *  - the active people holding one of the roles at a station (stationId), or anywhere in the
 *    county (no stationId).
 */
export type RecipientSpec =
  | { kind: 'user'; id: string }
  | { kind: 'unit'; id: string }
  | { kind: 'roles'; roles: string[]; stationId?: string };

/** What people read, in both languages, as written: a title and an optional body. */
export interface NotificationText {
  title: LocalizedText;
  body?: LocalizedText;
}

/** What a caller gives to write a message; the id is made here unless given. */
export interface OutboxMessageInput {
  countyId: string;
  id?: string;
  createdAt: Date;
  itemId?: string | null;
  eventSeq?: number | null;
  kind: OutboxKind;
  recipients: RecipientSpec[];
  message: NotificationText;
}

/** The longest title and body a message may carry: a notification is read at a glance, on a phone. */
export const NOTIFICATION_TITLE_MAX = 200;
export const NOTIFICATION_BODY_MAX = 2000;

/**
 * A message ready for the outbox. Throws on what would make an undeliverable or unreadable
 * message — no recipients, an empty role list, an empty or overlong text, an event without its
 * item — as a programming error: messages are written by the engine, never from a request.
 */
export function outboxMessage(input: OutboxMessageInput): OutboxMessage {
  const itemId = input.itemId ?? null;
  const eventSeq = input.eventSeq ?? null;
  if (eventSeq !== null && itemId === null) throw new Error('an outbox message names an event (eventSeq) without its item (itemId)');
  if (!input.kind) throw new Error('an outbox message needs a kind');
  if (!input.recipients.length) throw new Error('an outbox message needs at least one recipient');
  for (const r of input.recipients) if (!isRecipientSpec(r)) throw new Error(`an outbox recipient is incomplete: ${JSON.stringify(r)}`);
  checkText('title', input.message.title, NOTIFICATION_TITLE_MAX);
  if (input.message.body) checkText('body', input.message.body, NOTIFICATION_BODY_MAX);
  const message: NotificationText = { title: pickText(input.message.title) };
  if (input.message.body) message.body = pickText(input.message.body);
  return {
    countyId: input.countyId,
    id: input.id ?? uuidv7(),
    createdAt: input.createdAt,
    itemId,
    eventSeq,
    kind: input.kind,
    recipients: input.recipients.map(pickRecipient),
    message,
  };
}

/**
 * The message as a row of the outbox table with the table's own (snake_case) column names and
 * the delivery bookkeeping of a message not yet tried: what a recording function reads with
 * `insert into outbox select * from jsonb_populate_record(null::outbox, $1)`, where a column the
 * JSON leaves out would be null, not its default.
 */
export function outboxRow(message: OutboxMessage): OutboxRow {
  return {
    county_id: message.countyId,
    id: message.id,
    created_at: message.createdAt.toISOString(),
    item_id: message.itemId,
    event_seq: message.eventSeq,
    kind: message.kind,
    recipients: message.recipients,
    message: message.message,
    attempts: 0,
    next_attempt_at: null,
    channels_done: [],
    delivered_at: null,
    last_error: null,
  };
}

/** An outbox row as JSON, every column named (outboxRow). */
export interface OutboxRow {
  county_id: string;
  id: string;
  created_at: string;
  item_id: string | null;
  event_seq: number | null;
  kind: string;
  recipients: RecipientSpec[];
  message: NotificationText;
  attempts: number;
  next_attempt_at: string | null;
  channels_done: string[];
  delivered_at: string | null;
  last_error: string | null;
}

/** Whether a stored recipient is one of the specs above (rows are also written by SQL, which the types do not check). */
export function isRecipientSpec(value: unknown): value is RecipientSpec {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (r.kind === 'user' || r.kind === 'unit') return typeof r.id === 'string' && r.id !== '';
  return (
    r.kind === 'roles' &&
    Array.isArray(r.roles) &&
    r.roles.length > 0 &&
    r.roles.every((role) => typeof role === 'string' && role !== '') &&
    (r.stationId === undefined || (typeof r.stationId === 'string' && r.stationId !== ''))
  );
}

function checkText(what: string, text: LocalizedText, max: number): void {
  for (const locale of ['zh-CN', 'en'] as const) {
    const value = text?.[locale];
    if (typeof value !== 'string' || !value.trim()) throw new Error(`an outbox message's ${what} needs ${locale} text`);
    if (value.length > max) throw new Error(`an outbox message's ${what} (${locale}) is longer than ${max} characters`);
  }
}

// Only the known keys are stored: what users are shown is exactly what the types describe.
const pickText = (text: LocalizedText): LocalizedText => ({ 'zh-CN': text['zh-CN'], en: text.en });

function pickRecipient(r: RecipientSpec): RecipientSpec {
  if (r.kind !== 'roles') return { kind: r.kind, id: r.id };
  return r.stationId === undefined ? { kind: 'roles', roles: [...r.roles] } : { kind: 'roles', roles: [...r.roles], stationId: r.stationId };
}
