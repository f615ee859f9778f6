import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../engine/flows/flow-definition.js';
import { isPublicState, publicLeafPaths } from '../../engine/flows/flow-publicity.js';

const text = { 'zh-CN': '状态', en: 'State' };
const flow = (publicMeta: boolean, states: object): FlowDefinition =>
  ({
    id: 'f',
    initial: 'a',
    meta: { title: text, start: { roles: ['staff'], form: null }, listFields: ['x'], ...(publicMeta ? { public: { title: text } } : {}) },
    states,
  }) as FlowDefinition;
const state = (meta: object = {}, states?: object) => ({ meta: { label: text, ...meta }, ...(states ? { initial: Object.keys(states)[0], states } : {}) });

describe('which states show items on public boards', () => {
  const handling = flow(true, {
    intake: state(),
    handling: state({ public: true }, { assigned: state(), review: state({ public: false }), working: state() }),
    closed: state({ public: true }),
  });

  it('a parent covers its children, a child saying false stays internal, unset is not shown', () => {
    expect(publicLeafPaths(handling)).toEqual(['handling.assigned', 'handling.working', 'closed']);
    expect(isPublicState(handling, 'handling.review')).toBe(false);
    expect(isPublicState(handling, 'intake')).toBe(false);
    expect(isPublicState(handling, 'nowhere')).toBe(false);
  });

  it('a flow without meta.public shows nothing, whatever its states say', () => {
    expect(publicLeafPaths(flow(false, { open: state({ public: true }) }))).toEqual([]);
  });

  it('the shipped Yunan suggestion flow is public from triage on, not while awaiting triage or when refused', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../workflows/packs/yunan-suggestions/flows/suggestion.json', import.meta.url), 'utf8'));
    expect(publicLeafPaths(shipped)).toEqual(['micro.handling', 'general.assigned', 'general.handling', 'major.handling', 'major.review', 'rating', 'closed']);
  });
});
