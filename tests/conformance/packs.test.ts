import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACKS_DIR } from '../../engine/engine.js';
import { analyseFlow } from '../../engine/flows/flow-analysis.js';
import { createFlowMachine } from '../../engine/flows/flow-machine.js';
import { transitionsOf } from '../../engine/flows/flow-inspection.js';
import { listPackFolders, readPackFolder } from '../../engine/packs/pack-reader.js';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { FormRuntime } from '../../forms/index.js';

/**
 * Every pack in workflows/packs must pass this suite: it loads, every state can be reached,
 * every non-final state has a way to a final state, every event names its roles and a form
 * (or null: explicitly none), every form compiles.
 */
const folders = await listPackFolders(DEFAULT_PACKS_DIR);

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

      it('every form compiles', () => {
        const runtime = new FormRuntime();
        for (const form of Object.values(content.forms)) expect(() => runtime.compile(form.id, form)).not.toThrow();
      });

      for (const flow of Object.values(content.flows)) {
        describe(`flow ${flow.id}`, () => {
          const analysis = analyseFlow(createFlowMachine(flow));
          it('every state is reachable', () => expect(analysis.unreachable).toEqual([]));
          it('every non-final state has a way to a final state', () => expect(analysis.stuck).toEqual([]));
          it('every event has roles and a form or explicitly none', () => {
            for (const { source, event, transition } of transitionsOf(flow)) {
              const where = `${source} ${event}`;
              expect(transition.meta, where).toBeDefined();
              expect(transition.meta!.roles.length, where).toBeGreaterThan(0);
              expect(transition.meta!.form === null || typeof transition.meta!.form === 'string', where).toBe(true);
              if (transition.meta!.form) expect(content.forms[transition.meta!.form], where).toBeDefined();
            }
            expect(flow.meta.start.roles.length).toBeGreaterThan(0);
          });
        });
      }
    });
  }
});
