import { describe, expect, it } from 'vitest';
import { countChanges, type CountedItem } from '../../engine/store/item-counts.js';

const item = (status: CountedItem['status'], statePaths: string[], assignee: string | null = null): CountedItem => ({ countyId: 'c', packId: 'p', packVersion: '1.0.0', flowId: 'f', status, statePaths, assignee });
const brief = (changes: ReturnType<typeof countChanges>) => changes.map((c) => `${c.status} ${c.path || '(item)'} ${c.n > 0 ? '+' : ''}${c.n}`);

describe('item count changes', () => {
  it('a new item counts once as itself and once per state path', () => {
    expect(brief(countChanges(undefined, item('active', ['general', 'general.handling'])))).toEqual(['active (item) +1', 'active general +1', 'active general.handling +1']);
  });

  it('a move counts out of the old paths and into the new, leaving shared ones alone, in key order', () => {
    expect(brief(countChanges(item('active', ['general', 'general.assigned']), item('active', ['general', 'general.handling'])))).toEqual([
      'active general.assigned -1',
      'active general.handling +1',
    ]);
  });

  it('finishing moves the item and its paths from one status to the other; an event that moves nothing changes nothing', () => {
    expect(brief(countChanges(item('active', ['rating']), item('done', ['done'])))).toEqual(['active (item) -1', 'active rating -1', 'done (item) +1', 'done done +1']);
    expect(countChanges(item('active', ['rating']), item('active', ['rating']))).toEqual([]);
  });

  it('an assignment moves the item between assignees: out of one row, into another', () => {
    expect(countChanges(item('active', ['review']), item('active', ['review'], 'unit:u1')).map((c) => `${c.path || '(item)'} ${c.assignee || '-'} ${c.n}`)).toEqual([
      '(item) - -1',
      '(item) unit:u1 1',
      'review - -1',
      'review unit:u1 1',
    ]);
  });
});
