import type { LocalizedText } from '../../forms/index.js';
import { NOTIFICATION_TITLE_MAX, outboxMessage, type OutboxMessage, type RecipientSpec } from '../domain/outbox-message.js';
import { assignmentOf } from '../domain/assignment.js';
import { toWallClock } from '../domain/county-time.js';
import type { ItemRecord } from '../domain/item-record.js';
import type { Recipients } from '../flows/flow-definition.js';
import { stateMeta } from '../flows/flow-inspection.js';
import type { TimerEvent } from '../flows/timer-events.js';
import type { RuntimeFlow } from '../packs/pack-registry.js';

/** What a timer's notice needs to know of the item and the directory. */
export interface NoticeContext {
  runtime: RuntimeFlow;
  item: ItemRecord;
  /** The item's seq for the event that sends it. */
  seq: number;
  at: Date;
  /** The parent of the item's station, when a step names it. */
  parentStationId: string | null;
}

/**
 * The message a reminder or an escalation step sends, to whom the pack says (the assignee when it
 * says nothing): "到期提醒：<title>" with the state and its deadline in the county's local time.
 * undefined for a delayed transition, which tells no one.
 */
export function timerNotice(timer: TimerEvent, { runtime, item, seq, at, parentStationId }: NoticeContext): OutboxMessage | undefined {
  if (timer.kind === 'after') return undefined;
  const recipients = recipientsOf(timer.notify ?? ['assignee'], item, runtime, timer.path, parentStationId);
  if (!recipients.length) return undefined;
  const state = stateMeta(runtime.flow, timer.path)?.label ?? { 'zh-CN': timer.path, en: timer.path };
  const due = item.deadlines[timer.path];
  const when = due ? localTime(due) : '';
  const body: LocalizedText =
    timer.kind === 'remind'
      ? { 'zh-CN': `“${state['zh-CN']}”将于 ${when} 到期`, en: `"${state.en}" is due ${when}` }
      : { 'zh-CN': `“${state['zh-CN']}”已于 ${when} 到期`, en: `"${state.en}" was due ${when}` };
  const title = { 'zh-CN': clip(`${timer.label['zh-CN']}：${item.title}`), en: clip(`${timer.label.en}: ${item.title}`) };
  return outboxMessage({ countyId: item.countyId, createdAt: at, itemId: item.id, eventSeq: seq, kind: timer.kind, recipients, message: { title, body } });
}

/** A title as long as a notification takes (a long item title is cut, not refused). */
function clip(text: string): string {
  return text.length <= NOTIFICATION_TITLE_MAX ? text : `${text.slice(0, NOTIFICATION_TITLE_MAX - 1)}…`;
}

/**
 * The recipients a pack names, as the outbox takes them: the assignee (the person, the unit's
 * member who claimed it or else the unit, the station's people in the state's roles; unassigned
 * work: the state's roles at the item's station), the creator, or roles at the item's station,
 * its parent station or county-wide.
 */
function recipientsOf(notify: Recipients, item: ItemRecord, runtime: RuntimeFlow, path: string, parentStationId: string | null): RecipientSpec[] {
  const stateRoles = stateMeta(runtime.flow, path)?.roles ?? [];
  const station = item.stationId ?? undefined;
  return notify.flatMap((who): RecipientSpec[] => {
    if (who === 'creator') return item.createdBy ? [{ kind: 'user', id: item.createdBy }] : [];
    if (who === 'assignee') {
      const assignment = assignmentOf((item.snapshot as { context: Record<string, unknown> }).context);
      if (assignment?.kind === 'person') return [{ kind: 'user', id: assignment.id }];
      if (assignment?.kind === 'unit') return [assignment.claimedBy ? { kind: 'user', id: assignment.claimedBy } : { kind: 'unit', id: assignment.id }];
      const at = assignment?.kind === 'station' ? assignment.id : station;
      return stateRoles.length ? [{ kind: 'roles', roles: stateRoles, ...(at ? { stationId: at } : {}) }] : [];
    }
    const at = who.at === 'county' ? undefined : who.at === 'parentStation' ? (parentStationId ?? undefined) : station;
    // A parent station that is not there: nobody at it to tell, rather than the whole county.
    if (who.at === 'parentStation' && !at) return [];
    return [{ kind: 'roles', roles: who.roles, ...(at ? { stationId: at } : {}) }];
  });
}

/** An instant as the county's clock shows it: 2026-10-12 16:00. */
function localTime(iso: string): string {
  return toWallClock(new Date(iso)).toISOString().slice(0, 16).replace('T', ' ');
}
