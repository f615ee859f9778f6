import type { LocalizedText } from '../../forms/index.js';
import type { Assignment } from './assignment.js';

/** Who owes a duty (pack.json duties[].for): a station, a person holding a role, a unit, or a relation in force. */
export type DutySubjectKind = 'station' | 'person' | 'unit' | 'relation';

/** open: the period runs; done: its task finished or an item counted towards it; missed: it ended without. */
export type DutyStatus = 'open' | 'done' | 'missed';

export interface DutySubject {
  kind: DutySubjectKind;
  id: string;
  /** The station an item opened for it is at (the station itself, a relation's station end). */
  stationId: string | null;
  /** Whom such an item is assigned to (a person, a unit, a relation's from end); none for a station. */
  assignment: Assignment | null;
}

/**
 * Where the engine's data of an item it started keeps the duty behind it ($ cannot begin a
 * form field's name): the duty and its period, the subject, and for a follow-up the misses in a
 * row and the task that was missed.
 */
export const DUTY_KEY = '$duty';

export interface DutyContext {
  dutyId: string;
  name: LocalizedText;
  period: string;
  subject: { kind: DutySubjectKind; id: string };
  followUp?: { misses: number; missedItemId: string | null };
}

export function dutyOf(context: Record<string, unknown> | undefined): DutyContext | undefined {
  const value = context?.[DUTY_KEY];
  return value && typeof value === 'object' ? (value as DutyContext) : undefined;
}
