import { describe, expect, it } from 'vitest';
import { nextSchedule, armedTimers, type ScheduleBefore } from '../../engine/flows/schedule.js';
import type { FlowDefinition } from '../../engine/flows/flow-definition.js';
import { WorkingCalendar } from '../../engine/domain/working-calendar.js';
import { arrangementEntries, DEMO_HOLIDAY_ARRANGEMENTS } from '../../engine/seed/holiday-arrangement.js';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const none = { label: text('动作', 'Act'), roles: ['staff'], form: null };

/** handling: 5 working days, a reminder 1 working day before, an escalation step at the deadline; waiting stops the clock. */
const flow: FlowDefinition = {
  id: 'schedule',
  initial: 'handling',
  meta: { title: text('期限', 'Deadlines'), start: { roles: ['staff'], form: null }, listFields: [] },
  states: {
    handling: {
      initial: 'working',
      meta: {
        label: text('办理', 'Handling'),
        deadline: { workingDays: 5 },
        reminders: [{ before: { workingDays: 1 } }],
        escalation: [{ label: text('逾期', 'Overdue') }],
      },
      on: { EXTEND: { meta: { ...none, extendDeadline: { by: { workingDays: 3 }, limit: 2 } } } },
      states: {
        working: { meta: { label: text('办理中', 'Working') } },
        waiting: { meta: { label: text('等待', 'Waiting'), pauseClock: true } },
      },
    },
    meeting: {
      meta: { label: text('会议', 'Meeting') },
      after: [{ delay: { field: 'plannedDate' }, target: 'held', meta: { label: text('会期已到', 'Meeting day passed') } }],
    },
    held: { type: 'final', meta: { label: text('已开', 'Held') } },
  },
};

/** The 2026 arrangement, as the demo counties declare it (National Day: 10-01…10-07 off, Sat 10-10 and Sun 09-20 worked). */
const calendar = new WorkingCalendar(arrangementEntries(DEMO_HOLIDAY_ARRANGEMENTS[0]));
const HANDLING = ['handling', 'handling.working'];
const WAITING = ['handling', 'handling.waiting'];

const created = (at: Date) => nextSchedule(flow, undefined, { at, paths: HANDLING, data: {}, calendar });
const after = (before: ScheduleBefore, eventType: string, at: Date, paths = before.statePaths, data = {}) => ({
  statePaths: paths,
  ...nextSchedule(flow, before, { eventType, at, paths, data, calendar }),
});

describe('nextSchedule', () => {
  it('counts working days across a public holiday and a make-up working day', () => {
    // Tuesday 29 September, 10:00 in the county: 09-30 (1), 10-08 (2), 10-09 (3), Saturday 10-10 worked (4), 10-12 (5).
    const entered = new Date('2026-09-29T02:00:00.000Z');
    const { deadlines, dueAt, schedule } = created(entered);
    expect(deadlines).toEqual({ handling: '2026-10-12T15:59:59.999Z' });
    expect(dueAt?.toISOString()).toBe('2026-10-12T15:59:59.999Z');
    // A working day before: the same time on Saturday 10-10, a make-up working day (10-11 is a Sunday off).
    expect(schedule.timers).toEqual({ 'engine.remind.handling.0': '2026-10-10T15:59:59.999Z', 'engine.escalate.handling.0': '2026-10-12T15:59:59.999Z' });
  });

  it('counts with the calendar as it stood when the state was entered, whatever was declared later', () => {
    const entered = new Date('2026-09-29T02:00:00.000Z');
    const later = calendar.withEntries([{ day: '2026-10-12', kind: 'holiday', name: '补假', recordedAt: new Date('2026-10-01T00:00:00.000Z') }]);
    expect(nextSchedule(flow, undefined, { at: entered, paths: HANDLING, data: {}, calendar: later }).deadlines).toEqual({ handling: '2026-10-12T15:59:59.999Z' });
    const enteredLater = new Date('2026-10-02T02:00:00.000Z');
    // Entered after the extra day off was declared: 10-08, 10-09, 10-10, 10-13, 10-14.
    expect(nextSchedule(flow, undefined, { at: enteredLater, paths: HANDLING, data: {}, calendar: later }).deadlines).toEqual({ handling: '2026-10-14T15:59:59.999Z' });
  });

  it('an extension moves the deadline by its span from the old deadline and re-arms the ladder', () => {
    const entered = new Date('2026-09-29T02:00:00.000Z');
    const first = { statePaths: HANDLING, ...created(entered) };
    const extended = after(first, 'EXTEND', new Date('2026-10-09T02:00:00.000Z'));
    // Three working days after 10-12: 10-13, 10-14, 10-15.
    expect(extended.deadlines).toEqual({ handling: '2026-10-15T15:59:59.999Z' });
    expect(extended.schedule.extensions).toEqual({ handling: 1 });
    expect(extended.schedule.timers?.['engine.escalate.handling.0']).toBe('2026-10-15T15:59:59.999Z');
    expect(extended.schedule.timers?.['engine.remind.handling.0']).toBe('2026-10-14T15:59:59.999Z');
  });

  it('a timer that fired is not armed again while its state stays; leaving the state cancels the rest', () => {
    const entered = new Date('2026-09-29T02:00:00.000Z');
    const first = { statePaths: HANDLING, ...created(entered) };
    const reminded = after(first, 'engine.remind.handling.0', new Date('2026-10-10T16:00:00.000Z'));
    expect(Object.keys(reminded.schedule.timers ?? {})).toEqual(['engine.escalate.handling.0']);
    expect(reminded.deadlines).toEqual(first.deadlines);
    const left = after(reminded, 'MEET', new Date('2026-10-11T00:00:00.000Z'), ['meeting'], { plannedDate: '2026-10-20' });
    expect(left.deadlines).toEqual({});
    expect(left.schedule).toEqual({ timers: { 'engine.after.meeting.0': '2026-10-20T16:00:00.000Z' } });
  });

  it('the clock stands in a pausing state and runs again later by the time it stood', () => {
    const entered = new Date('2026-03-02T01:00:00.000Z'); // Monday 09:00: due Monday 03-09 end of day
    const first = { statePaths: HANDLING, ...created(entered) };
    expect(first.deadlines).toEqual({ handling: '2026-03-09T15:59:59.999Z' });
    const paused = after(first, 'ASK', new Date('2026-03-03T01:00:00.000Z'), WAITING);
    expect(paused.dueAt).toBeNull();
    expect(paused.schedule.pausedAt).toBe('2026-03-03T01:00:00.000Z');
    expect(armedTimers(flow, paused.schedule, paused.statePaths)).toEqual({});
    // Kept, not armed: the deadline is shown as it stood.
    expect(paused.deadlines).toEqual(first.deadlines);
    const resumed = after(paused, 'ANSWER', new Date('2026-03-05T13:00:00.000Z'), HANDLING);
    const stood = 2 * DAY + 12 * HOUR;
    expect(resumed.deadlines).toEqual({ handling: new Date(Date.parse('2026-03-09T15:59:59.999Z') + stood).toISOString() });
    expect(resumed.schedule.pausedAt).toBeUndefined();
    expect(armedTimers(flow, resumed.schedule, resumed.statePaths)['engine.escalate.handling.0']).toBe(resumed.deadlines.handling);
  });

  it("a delayed transition read from the item's data follows the data while it is still to fire", () => {
    const at = new Date('2026-10-01T00:00:00.000Z');
    const scheduled = { statePaths: ['meeting'], ...nextSchedule(flow, undefined, { at, paths: ['meeting'], data: { plannedDate: '2026-10-20' }, calendar }) };
    const moved = after(scheduled, 'RESCHEDULE', new Date('2026-10-02T00:00:00.000Z'), ['meeting'], { plannedDate: '2026-10-27' });
    expect(moved.schedule.timers).toEqual({ 'engine.after.meeting.0': '2026-10-27T16:00:00.000Z' });
    const cleared = after(moved, 'CLEAR', new Date('2026-10-03T00:00:00.000Z'), ['meeting'], {});
    expect(cleared.schedule).toEqual({});
  });

  it('an item an event starts is due at once, whatever the state, until the engine has started it', () => {
    const start = (flowId: string) => ({ flow: flowId, data: {}, by: 'sender', sender: { id: 'u1', role: 'staff' }, event: 'START', at: '' });
    const at = new Date('2026-10-01T00:00:00.000Z');
    const first = { statePaths: ['meeting'], ...nextSchedule(flow, undefined, { at, paths: ['meeting'], data: {}, calendar }) };
    // The event that starts it finishes the item: the start still waits, and counts as armed.
    const decided = after(first, 'HOLD', new Date('2026-10-02T00:00:00.000Z'), ['held'], { $starts: [start('report')] });
    expect(decided.schedule).toEqual({ timers: { 'engine.start.0': '2026-10-02T00:00:00.000Z' }, starts: 1 });
    expect(armedTimers(flow, decided.schedule, decided.statePaths)).toEqual({ 'engine.start.0': '2026-10-02T00:00:00.000Z' });
    // Another event does not arm it again; the engine's event that started it ends it.
    const noted = after(decided, 'NOTE', new Date('2026-10-03T00:00:00.000Z'), ['held'], { $starts: [start('report')] });
    expect(noted.schedule).toEqual(decided.schedule);
    const fired = after(noted, 'engine.start.0', new Date('2026-10-03T00:00:05.000Z'), ['held'], { $starts: [start('report')] });
    expect(fired.schedule).toEqual({ starts: 1 });
    // The next start is the second.
    const again = after(fired, 'HOLD', new Date('2026-10-04T00:00:00.000Z'), ['held'], { $starts: [start('report'), start('report')] });
    expect(again.schedule).toEqual({ timers: { 'engine.start.1': '2026-10-04T00:00:00.000Z' }, starts: 2 });
  });
});
