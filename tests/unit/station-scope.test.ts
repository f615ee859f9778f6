import { describe, expect, it } from 'vitest';
import { worksAtStation } from '../../engine/domain/station.js';
import { inScope, isCountyWide, unitScope, worksForUnit } from '../../engine/domain/item-scope.js';

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

describe('whose items a person sees (domain/item-scope.ts)', () => {
  const unitMember = { id: 'u1', roles: ['department'], stationIds: [], unitId: 'roads' };
  it('a unit: assigned to it now or what they filed (the rest from unit_items); never by station', () => {
    const scope = unitScope(unitMember);
    expect(scope).toEqual({ countyWide: false, stationIds: [], unit: { unitId: 'roads', assignee: 'unit:roads' } });
    expect(inScope({ stationId: null, createdBy: 'd', assignee: 'unit:roads' }, unitMember, scope)).toBe(true);
    expect(inScope({ stationId: null, createdBy: 'd', assignee: 'unit:water' }, unitMember, scope)).toBe(false);
    expect(inScope({ stationId: null, createdBy: 'd', assignee: null }, unitMember, scope)).toBe(false); // no station is not "everyone's"
    expect(inScope({ stationId: 'town', createdBy: 'u1', assignee: null }, unitMember, scope)).toBe(true);
  });

  it('who works for a unit, who reads the county', () => {
    expect(worksForUnit(unitMember)).toBe(true);
    expect(isCountyWide(unitMember)).toBe(false);
    expect(worksForUnit({ ...unitMember, roles: ['auditor'] })).toBe(false); // an auditor in a unit still reads the county
    expect(isCountyWide({ ...unitMember, roles: ['auditor'] })).toBe(true);
    expect(worksForUnit({ ...unitMember, stationIds: ['town'] })).toBe(false); // stations decide first
    expect(isCountyWide({ roles: ['staff'], stationIds: [], unitId: null })).toBe(true);
  });
});
