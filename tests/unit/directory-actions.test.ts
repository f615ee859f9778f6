import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../engine/flows/catalogue.js';
import type { FlowEvent } from '../../engine/flows/flow-event.js';
import { itemLinks, linkChanges, parseLinkKey, registeredStationId } from '../../engine/domain/item-directory.js';
import type { PackFile } from '../../engine/packs/pack-content.js';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { expectPackProblem, problemCodes } from '../support/pack-problems.js';
import { siteRegistryPack } from '../support/station-registry-fixture-pack.js';

const event = (payload: Record<string, unknown> = {}): FlowEvent => ({ type: 'E', payload, actor: { id: 'u1', role: 'staff' }, at: '2026-01-01T00:00:00.000Z' });
const run = (name: string, context: Record<string, unknown>, payload: Record<string, unknown>, params: Record<string, unknown>) =>
  ACTIONS[name].assign({ context, event: event(payload) }, params);

describe('registerStation', () => {
  const params = { stationType: 'site', name: 'siteName', villages: 'village', openedOn: 'openedOn', attributes: { speciality: 'speciality', members: 'memberCount' } };

  it("records the station from the event's form first, else the item's data, without writing anything else", () => {
    const changed = run('registerStation', { siteName: '旧名', village: '甲村', speciality: '调解', memberCount: 0 }, { siteName: ' 新名 ', openedOn: '2026-03-01', speciality: '' }, params);
    expect(changed).toEqual({
      $station: {
        type: 'site',
        name: '新名',
        parentId: null,
        villages: ['甲村'],
        openedOn: '2026-03-01',
        // An empty value in the form falls back to the item's; a zero is a value.
        attributes: { speciality: '调解', members: 0 },
        sources: { name: 'siteName', villages: 'village', openedOn: 'openedOn', attributes: params.attributes },
      },
    });
  });

  it('leaves out attributes without a value and takes a list of villages', () => {
    const { $station } = run('registerStation', { siteName: '站', village: ['甲村', ' ', '乙村'] }, {}, params) as { $station: { attributes: object; villages: string[] } };
    expect($station.attributes).toEqual({});
    expect($station.villages).toEqual(['甲村', '乙村']);
  });

  it('is deterministic: the same event gives the same station (a replay rebuilds it)', () => {
    const context = { siteName: '站', speciality: '调解' };
    expect(run('registerStation', context, {}, params)).toEqual(run('registerStation', context, {}, params));
  });
});

describe('linkTo and unlink', () => {
  it('links once per id, keeping the order, and unlinks the picked ones or all of a kind', () => {
    let context: Record<string, unknown> = {};
    context = { ...context, ...run('linkTo', context, { unit: 'u-a' }, { kind: 'unit', field: 'unit' }) };
    context = { ...context, ...run('linkTo', context, { unit: ['u-b', 'u-a'] }, { kind: 'unit', field: 'unit' }) };
    context = { ...context, ...run('linkTo', context, { people: ['p1', 'p2'] }, { kind: 'person', field: 'people' }) };
    expect(context.$links).toEqual({ unit: ['u-a', 'u-b'], person: ['p1', 'p2'] });
    // Nothing picked: nothing changes.
    expect(run('linkTo', context, {}, { kind: 'station', field: 'station' })).toEqual({ $links: { unit: ['u-a', 'u-b'], person: ['p1', 'p2'], station: [] } });

    context = { ...context, ...run('unlink', context, { unit: 'u-a' }, { kind: 'unit', field: 'unit' }) };
    context = { ...context, ...run('unlink', context, {}, { kind: 'person' }) };
    expect(context.$links).toEqual({ unit: ['u-b'], person: [] });
  });

  it("derives the item_links rows from the item's data, the station it registers among them", () => {
    const context = { $links: { unit: ['u-a', 'u-a'], person: ['p1'] }, $station: { type: 'site' } };
    const rows = itemLinks(context, 'item-1');
    expect(rows).toEqual([
      { kind: 'unit', targetId: 'u-a' },
      { kind: 'person', targetId: 'p1' },
      { kind: 'station', targetId: registeredStationId('item-1') },
    ]);
    expect(linkChanges(rows, [{ kind: 'unit', targetId: 'u-b' }, { kind: 'person', targetId: 'p1' }])).toEqual({
      add: [{ kind: 'unit', targetId: 'u-b' }],
      remove: [
        { kind: 'unit', targetId: 'u-a' },
        { kind: 'station', targetId: 'item-1' },
      ],
    });
    expect(parseLinkKey('unit:u-a')).toEqual({ kind: 'unit', targetId: 'u-a' });
    expect(parseLinkKey('village:1')).toBeUndefined();
    expect(parseLinkKey('unit:')).toBeUndefined();
  });
});

/** Edits the fixture pack's flow. */
function withFlow(change: (flow: { states: { open: { on: Record<string, { actions: Array<{ type: string; params: Record<string, unknown> }> }> } } }) => void): PackFile[] {
  return siteRegistryPack().map((f) => {
    if (f.path !== 'flows/site.json') return f;
    const flow = JSON.parse(f.text);
    change(flow);
    return { ...f, text: JSON.stringify(flow) };
  });
}

describe('pack validation of the directory actions', () => {
  it('accepts the fixture pack and the shipped 茂南 use of them', () => {
    expect(validatePack(siteRegistryPack()).problems).toEqual([]);
  });

  it('refuses a station type the pack does not declare', () => {
    const problems = validatePack(withFlow((f) => (f.states.open.on.REGISTER.actions[1].params.stationType = 'village-station'))).problems;
    const problem = expectPackProblem(problems, 'STATION_TYPE_UNKNOWN', { file: 'flows/site.json', pointer: '/states/open/on/REGISTER/actions/1/params/stationType' });
    expect(problem.message.en).toContain('there are: test-site');
  });

  it('refuses fields the flow has not, and attributes the type\'s form has not', () => {
    const problems = validatePack(
      withFlow((f) => {
        const params = f.states.open.on.REGISTER.actions[1].params;
        params.name = 'sitName';
        params.attributes = { speciality: 'speciality', colour: 'siteName' };
      }),
    ).problems;
    expectPackProblem(problems, 'ACTION_FIELD_UNKNOWN', { pointer: '/states/open/on/REGISTER/actions/1/params/name' });
    expectPackProblem(problems, 'STATION_ATTRIBUTE_UNKNOWN', { pointer: '/states/open/on/REGISTER/actions/1/params/attributes/colour' });
    expect(problemCodes(problems)).toHaveLength(2);
  });

  it('refuses params that break the schema (a name is required)', () => {
    const problems = validatePack(withFlow((f) => delete f.states.open.on.REGISTER.actions[1].params.name)).problems;
    expect(problemCodes(problems)).toEqual(['PARAMS_INVALID']);
  });

  it('links only fields picked from the directory, of the matching kind', () => {
    const notSource = validatePack(withFlow((f) => (f.states.open.on.LINK.actions[0].params.field = 'siteName'))).problems;
    expectPackProblem(notSource, 'LINK_FIELD_NOT_SOURCE', { pointer: '/states/open/on/LINK/actions/0/params/field' });
    // A unit field cannot link a person.
    const wrongKind = validatePack(withFlow((f) => (f.states.open.on.LINK.actions[1].params.field = 'unit'))).problems;
    const problem = expectPackProblem(wrongKind, 'LINK_FIELD_NOT_SOURCE', { pointer: '/states/open/on/LINK/actions/1/params/field' });
    expect(problem.message.en).toContain('x-source users or deputies');
  });
});
