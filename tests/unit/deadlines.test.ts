import { describe, expect, it } from 'vitest';
import { nextSchedule } from '../../engine/flows/schedule.js';
import type { FlowDefinition } from '../../engine/flows/flow-definition.js';
import { WorkingCalendar } from '../../engine/domain/working-calendar.js';

/** The deadlines after an event into `active`, of which `entered` were entered by it (flows/schedule.ts). */
function nextDeadlines(flow: FlowDefinition, previous: Record<string, string>, active: string[], entered: Set<string>, at: Date, data: Record<string, unknown>) {
  const before = { statePaths: active.filter((p) => !entered.has(p)), deadlines: previous, schedule: {} };
  const { deadlines, dueAt } = nextSchedule(flow, before, { at, paths: active, data, calendar: new WorkingCalendar() });
  return { deadlines, dueAt };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/**
 * review (3 days) → handling, a parallel state: drafting (12 hours) and consulting (no
 * deadline, with a nested step of 2 days) → closed.
 */
const flow: FlowDefinition = {
  id: 'deadlines',
  initial: 'review',
  meta: { title: text('期限', 'Deadlines'), start: { roles: ['staff'], form: null }, listFields: [] },
  states: {
    review: { meta: { label: text('审查', 'Review'), deadline: 'P3D' } },
    handling: {
      type: 'parallel',
      meta: { label: text('办理', 'Handling'), deadline: 'P10D' },
      states: {
        drafting: { meta: { label: text('起草', 'Drafting'), deadline: 'PT12H' } },
        consulting: {
          initial: 'asking',
          meta: { label: text('征求意见', 'Consulting') },
          states: { asking: { meta: { label: text('征询', 'Asking'), deadline: 'P2D' } } },
        },
      },
    },
    closed: { type: 'final', meta: { label: text('办结', 'Closed') } },
  },
};

const at = new Date('2026-03-01T08:00:00.000Z');
const iso = (ms: number) => new Date(at.getTime() + ms).toISOString();

describe('nextDeadlines', () => {
  it('counts the deadline of an entered state from the given time, not the wall clock', () => {
    const { deadlines, dueAt } = nextDeadlines(flow, {}, ['review'], new Set(['review']), at, {});
    expect(deadlines).toEqual({ review: iso(3 * DAY) });
    expect(dueAt).toEqual(new Date(iso(3 * DAY)));
  });

  it('gives every entered state with a deadline its own, parents and nested children included; dueAt is the earliest', () => {
    const active = ['handling', 'handling.drafting', 'handling.consulting', 'handling.consulting.asking'];
    const { deadlines, dueAt } = nextDeadlines(flow, { review: iso(3 * DAY) }, active, new Set(active), at, {});
    expect(deadlines).toEqual({
      handling: iso(10 * DAY),
      'handling.drafting': iso(12 * HOUR),
      'handling.consulting.asking': iso(2 * DAY),
    });
    expect(dueAt).toEqual(new Date(iso(12 * HOUR)));
  });

  it('keeps the deadline of a state that stays active and drops the ones of states left', () => {
    const previous = { handling: iso(10 * DAY), 'handling.drafting': iso(12 * HOUR), 'handling.consulting.asking': iso(2 * DAY) };
    const later = new Date(at.getTime() + DAY);
    // drafting is left (its region finished); the others stay active.
    const active = ['handling', 'handling.consulting', 'handling.consulting.asking'];
    const { deadlines, dueAt } = nextDeadlines(flow, previous, active, new Set(), later, {});
    expect(deadlines).toEqual({ handling: iso(10 * DAY), 'handling.consulting.asking': iso(2 * DAY) });
    expect(dueAt).toEqual(new Date(iso(2 * DAY)));
  });

  it('counts afresh when a state is entered again, even with an old deadline on record', () => {
    const later = new Date(at.getTime() + 5 * DAY);
    const { deadlines } = nextDeadlines(flow, { review: iso(3 * DAY) }, ['review'], new Set(['review']), later, {});
    expect(deadlines).toEqual({ review: new Date(later.getTime() + 3 * DAY).toISOString() });
  });

  it('has no dueAt when no active state has a deadline', () => {
    expect(nextDeadlines(flow, { review: iso(3 * DAY) }, ['closed'], new Set(['closed']), at, {})).toEqual({ deadlines: {}, dueAt: null });
  });

  it('refuses a state whose deadline it cannot read rather than dropping it', () => {
    const broken: FlowDefinition = { ...flow, states: { ...flow.states, review: { meta: { label: text('审查', 'Review'), deadline: 'three days' } } } };
    expect(() => nextDeadlines(broken, {}, ['review'], new Set(['review']), at, {})).toThrow('unsupported duration three days');
  });
});

describe('nextDeadlines with calendar durations', () => {
  const monthly: FlowDefinition = { ...flow, states: { ...flow.states, review: { meta: { label: text('月度台账', 'Monthly ledger'), deadline: 'P1M' } } } };

  it('counts a month as a calendar month in the county: from 31 January to the last day of February', () => {
    const january31 = new Date('2026-01-31T02:00:00.000Z'); // 10:00 in Beijing
    expect(nextDeadlines(monthly, {}, ['review'], new Set(['review']), january31, {}).deadlines).toEqual({ review: '2026-02-28T02:00:00.000Z' });
  });

  it('takes the county’s date, not UTC’s: 01:00 on 1 February in Beijing is still 31 January in UTC', () => {
    const february1 = new Date('2026-01-31T17:00:00.000Z');
    expect(nextDeadlines(monthly, {}, ['review'], new Set(['review']), february1, {}).deadlines).toEqual({ review: '2026-02-28T17:00:00.000Z' });
  });
});

describe('deadlines anchored to a date', () => {
  const anchored = (deadline: object): FlowDefinition => ({ ...flow, states: { ...flow.states, review: { meta: { label: text('审查', 'Review'), deadline } } } } as FlowDefinition);
  const enteredAt = new Date('2026-11-03T02:00:00.000Z'); // Tuesday 3 November, 10:00 in Beijing
  const due = (deadline: object, data: Record<string, unknown> = {}, previous: Record<string, string> = {}, entered = true) =>
    nextDeadlines(anchored(deadline), previous, ['review'], new Set(entered ? ['review'] : []), enteredAt, data).deadlines.review;

  it('is due at the end of the day a date field names, in Beijing', () => {
    expect(due({ field: 'dueOn' }, { dueOn: '2026-11-10' })).toBe('2026-11-10T16:00:00.000Z'); // 11 Nov 00:00 in Beijing
    expect(due({ field: 'dueOn', after: 'P2D' }, { dueOn: '2026-11-10' })).toBe('2026-11-12T16:00:00.000Z');
  });

  it('has no deadline while the date field is empty or not a date', () => {
    expect(due({ field: 'dueOn' }, {})).toBeUndefined();
    expect(due({ field: 'dueOn' }, { dueOn: '2026-02-30' })).toBeUndefined();
    expect(due({ field: 'dueOn' }, { dueOn: 20261110 })).toBeUndefined();
  });

  it.each([
    ['week', '2026-11-08T16:00:00.000Z'], // Monday 9 November 00:00 in Beijing
    ['month', '2026-11-30T16:00:00.000Z'], // 1 December
    ['quarter', '2026-12-31T16:00:00.000Z'], // 1 January
    ['halfYear', '2026-12-31T16:00:00.000Z'],
    ['year', '2026-12-31T16:00:00.000Z'],
  ])('is due at the end of the %s it was entered in', (period, expected) => expect(due({ periodEnd: period })).toBe(expected));

  it('a September ledger made in November falls due after September, not after November', () => {
    // The ledger's month is a field of the item: ten days after the end of that month.
    expect(due({ periodEnd: 'month', of: 'ledgerMonth', after: 'P10D' }, { ledgerMonth: '2026-09-01' })).toBe('2026-10-10T16:00:00.000Z');
    expect(due({ periodEnd: 'quarter', of: 'ledgerMonth' }, { ledgerMonth: '2026-05-20' })).toBe('2026-06-30T16:00:00.000Z');
    expect(due({ periodEnd: 'halfYear', of: 'ledgerMonth' }, { ledgerMonth: '2026-07-01' })).toBe('2026-12-31T16:00:00.000Z');
  });

  it('follows the date when it changes while the state stays active; a duration or a period of entering keeps its deadline', () => {
    const before = { review: '2026-11-10T16:00:00.000Z' };
    expect(due({ field: 'plannedDate' }, { plannedDate: '2026-11-20' }, before, false)).toBe('2026-11-20T16:00:00.000Z');
    expect(due({ periodEnd: 'month' }, {}, before, false)).toBe(before.review);
    expect(due('P3D' as unknown as object, {}, before, false)).toBe(before.review);
  });
});
