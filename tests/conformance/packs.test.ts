import { basename } from 'node:path';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACKS_DIR } from '../../engine/engine.js';
import { analyseFlow } from '../../engine/flows/flow-analysis.js';
import type { FlowDefinition } from '../../engine/flows/flow-definition.js';
import { enabledEvents, statePaths, statesOf, transitionsOf } from '../../engine/flows/flow-inspection.js';
import { createFlowMachine } from '../../engine/flows/flow-machine.js';
import type { PackContent } from '../../engine/packs/pack-content.js';
import { listPackFolders, readPackFolder } from '../../engine/packs/pack-reader.js';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { FormRuntime } from '../../forms/index.js';
import { samplePayloads, targetedPayloads } from '../browser/support/parity-payloads.js';

/**
 * Every pack in workflows/packs must pass this suite. validatePack already refuses what a pack
 * file can get wrong on its own (schema, unknown roles, forms, guards; forms that do not
 * compile); these checks look at what only shows when the pack is used: forms that no one can
 * fill in, or that accept what breaks their rules; states that, with guards judged on real
 * payloads, are never reached or never left for an end; states that wait for a role that has
 * nothing to do there.
 */
const folders = await listPackFolders(DEFAULT_PACKS_DIR);

/** Random walks per flow, and the most events one walk sends. */
const WALKS = 150;
const MAX_STEPS = 40;

/** A small seeded generator: every run walks the same paths, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Per form, generated payloads the form accepts, as the engine would store them. */
function validPayloads(content: PackContent, runtime: FormRuntime): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const form of Object.values(content.forms)) {
    const accepted = samplePayloads(form.schema).flatMap(({ payload }) => {
      const result = runtime.validate(form.id, payload);
      return result.valid ? [result.value as Record<string, unknown>] : [];
    });
    out.set(form.id, accepted);
  }
  return out;
}

/**
 * Walks the flow's machine from its start, sending at each step one of the events the item
 * accepts now, with a generated valid payload of its form; guards decide as they would in the
 * engine. Returns every state path entered and whether a walk ended the flow.
 */
function walk(flow: FlowDefinition, payloads: Map<string, Record<string, unknown>[]>, seed: number) {
  const machine = createFlowMachine(flow);
  const next = random(seed);
  const pick = <T>(list: T[]): T | undefined => list[Math.floor(next() * list.length)];
  const payloadFor = (form: string | null) => (form === null ? {} : pick(payloads.get(form) ?? []));
  const entered = new Set<string>();
  let ended = false;
  const at = '2026-01-01T00:00:00.000Z';
  for (let w = 0; w < WALKS; w++) {
    const startPayload = payloadFor(flow.meta.start.form);
    if (!startPayload) break;
    let [snapshot]: [AnyMachineSnapshot, unknown] = initialTransition(machine, { payload: startPayload, actor: { id: 'walker', role: flow.meta.start.roles[0] }, at });
    statePaths(snapshot.value).forEach((p) => entered.add(p));
    for (let step = 0; step < MAX_STEPS && snapshot.status === 'active'; step++) {
      const event = pick(enabledEvents(snapshot));
      const payload = event && payloadFor(event.meta.form);
      if (!event || !payload) break;
      const flowEvent = { type: event.type, payload, actor: { id: 'walker', role: event.meta.roles[0] }, at };
      if (!snapshot.can(flowEvent)) continue; // a guard said no to this payload: try another step
      [snapshot] = transition(machine, snapshot, flowEvent);
      statePaths(snapshot.value).forEach((p) => entered.add(p));
    }
    if (snapshot.status === 'done') ended = true;
  }
  return { entered, ended };
}

/** The roles that may send some event from this state (its own transitions and its ancestors'). */
function actingRoles(flow: FlowDefinition, path: string): Set<string> {
  const roles = new Set<string>();
  for (const { source, transition: t } of transitionsOf(flow)) {
    if (source === '' || path === source || path.startsWith(source + '.')) t.meta?.roles.forEach((r) => roles.add(r));
  }
  return roles;
}

describe('pack conformance', () => {
  it('ships at least one pack', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  for (const folder of folders) {
    describe(basename(folder), async () => {
      const { content, problems } = validatePack(await readPackFolder(folder));

      it('loads without problems', () => {
        expect(problems).toEqual([]);
        expect(content).toBeDefined();
      });
      if (!content) return;
      const runtime = new FormRuntime();
      for (const form of Object.values(content.forms)) runtime.compile(form.id, form);
      const payloads = validPayloads(content, runtime);

      it('every form can be filled in, and refuses payloads that break one of its rules', () => {
        for (const form of Object.values(content.forms)) {
          const accepted = payloads.get(form.id)!;
          expect(accepted.length, `${form.id}: no generated payload passes`).toBeGreaterThan(0);
          const broken = targetedPayloads(form.schema, accepted[0]).filter((p) => p.intent === 'must-fail');
          const wronglyAccepted = broken.filter((p) => runtime.validate(form.id, p.payload).valid).map((p) => p.label);
          expect(wronglyAccepted, form.id).toEqual([]);
          for (const { payload, requiredAt } of broken.filter((p) => p.requiredAt)) {
            const result = runtime.validate(form.id, payload);
            expect(!result.valid && result.errors.some((e) => e.field === requiredAt && e.rule === 'required'), `${form.id}${requiredAt} required`).toBe(true);
          }
        }
      });

      for (const flow of Object.values(content.flows)) {
        describe(`flow ${flow.id}`, () => {
          const analysis = analyseFlow(createFlowMachine(flow));
          it('every state is reachable', () => expect(analysis.unreachable).toEqual([]));
          it('every non-final state has a way to a final state', () => expect(analysis.stuck).toEqual([]));

          it('with guards judged on generated payloads, every state is entered and the flow can end', () => {
            const { entered, ended } = walk(flow, payloads, 20261130);
            const never = statesOf(flow).map((s) => s.path).filter((path) => !entered.has(path));
            expect(never, 'states no walk entered').toEqual([]);
            expect(ended, 'some walk reached a final state').toBe(true);
          });

          it('every state that waits for roles lets one of them act there', () => {
            const idle = statesOf(flow)
              .filter(({ state }) => state.type !== 'final' && !state.states && state.meta.roles?.length)
              .filter(({ path, state }) => !state.meta.roles!.some((role) => actingRoles(flow, path).has(role)))
              .map(({ path, state }) => `${path} waits for ${state.meta.roles!.join(', ')}`);
            expect(idle).toEqual([]);
          });
        });
      }
    });
  }
});
