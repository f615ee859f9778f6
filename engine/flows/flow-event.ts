/**
 * What the engine sends into a flow's machine. Everything a guard or action may read is here,
 * including the time, so replaying the stored events always gives the same snapshot.
 */
export interface FlowEvent {
  type: string;
  payload: Record<string, unknown>;
  /** Who sent it: a user, or the engine itself (id null, role SYSTEM_ROLE) when a timer fires. */
  actor: { id: string | null; role: string };
  /** ISO time the engine accepted the event (UTC). */
  at: string;
}

/** The input of a new item: the start form's payload and who started it. */
export interface FlowInput {
  payload: Record<string, unknown>;
  actor: { id: string | null; role: string };
  at: string;
}

export type ItemContext = Record<string, unknown>;

/** The role the engine's own events are recorded with (a timer's: flows/timer-events.ts). */
export const SYSTEM_ROLE = 'system';
