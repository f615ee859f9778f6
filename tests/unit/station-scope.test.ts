import { describe, expect, it } from 'vitest';
import { worksAtStation } from '../../engine/domain/station.js';

const stations = [
  { id: 'town', parentId: null },
  { id: 'area', parentId: 'town' },
  { id: 'village', parentId: 'area' },
  { id: 'other-town', parentId: null },
  { id: 'loop-a', parentId: 'loop-b' },
  { id: 'loop-b', parentId: 'loop-a' },
];

describe('where a user works', () => {
  it('at their stations and every station under them, at any depth', () => {
    expect(['town', 'area', 'village'].map((id) => worksAtStation(id, ['town'], stations))).toEqual([true, true, true]);
    expect(worksAtStation('town', ['area'], stations)).toBe(false); // not above
    expect(worksAtStation('other-town', ['town'], stations)).toBe(false);
  });

  it('anywhere without stations; and a loop in the parents ends the walk', () => {
    expect(worksAtStation('other-town', [], stations)).toBe(true);
    expect(worksAtStation('loop-a', ['town'], stations)).toBe(false);
  });
});
