import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { EngineError } from '../../engine/errors/engine-error.js';
import { enabledEvents, restoreSnapshot, transitionsOf } from '../../engine/flows/flow-inspection.js';
import { ItemService } from '../../engine/runtime/item-service.js';
import { checkItem } from '../../engine/record/item-integrity.js';
import type { User } from '../../engine/domain/user.js';
import { testDatabases } from '../support/databases.js';
import { payloadArbitrary } from '../support/payload-arbitrary.js';
import { startTestEngine } from '../support/test-engine.js';

/**
 * For every shipped flow: random sequences of events sent by random users never leave a
 * stored item row (snapshot, state, title, deadlines, head…) that differs from replaying the
 * stored event log from the start, and never break the hash chain or its seals. Most steps pick an event the item accepts now and a user who may send
 * it (so walks reach deep states and loops); the rest are chaos: any event, any user.
 */
for (const database of testDatabases()) {
  describe(`replay equals stored state on ${database.name}`, () => {
    let engine: Engine;
    let service: ItemService;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      service = new ItemService(engine.store, engine.registry, engine.keys, engine.calendars);
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    it('holds for every shipped flow', async () => {
      const packs = engine.packReports.filter((r) => r.ok);
      expect(packs.length).toBeGreaterThan(0);
      for (const report of packs) {
        const countyId = report.countyId!;
        const pack = engine.registry.latest(countyId, report.packId!)!;
        const machineUsers: User[] = await engine.store.users.listUsers(countyId);
        const stations = await engine.store.counties.listStations(countyId);
        const formIds = Object.keys(pack.content.forms);
        const payloads = fc.record(Object.fromEntries(formIds.map((id) => [id, payloadArbitrary(pack.content.forms[id].schema)])));

        for (const flow of Object.values(pack.content.flows)) {
          const machine = pack.machines.get(flow.id)!;
          const eventTypes = [...new Set(transitionsOf(flow).map((t) => t.event))];
          const starters = machineUsers.filter((u) => u.roles.some((r) => flow.meta.start.roles.includes(r)));
          const command = fc.record({ chaos: fc.integer({ min: 0, max: 99 }).map((n) => n < 15), pick: fc.nat(), who: fc.nat(), payloads });
          const startPayload = flow.meta.start.form ? payloadArbitrary(pack.content.forms[flow.meta.start.form].schema) : fc.constant({});
          const reached = new Set<string>();

          await fc.assert(
            fc.asyncProperty(fc.constantFrom(...starters), startPayload, fc.array(command, { maxLength: 20 }), async (starter, intake, commands) => {
              let itemId: string;
              try {
                // A flow started at a station (a duty's task, its follow-ups) starts at one of the starter's, or the county's first.
                const stationId = flow.meta.start.station === 'required' ? (starter.stationIds[0] ?? stations[0]?.id) : undefined;
                itemId = (await service.createItem(starter, { packId: pack.packId, flowId: flow.id, payload: intake, stationId })).item.id;
              } catch (error) {
                if (error instanceof EngineError) return; // an invalid intake is refused; nothing to check
                throw error;
              }
              for (const c of commands) {
                const item = (await engine.store.items.getItem(countyId, itemId))!;
                const enabled = enabledEvents(restoreSnapshot(machine, item.snapshot));
                let type: string;
                let user: User;
                if (c.chaos || enabled.length === 0) {
                  type = eventTypes[c.pick % eventTypes.length];
                  user = machineUsers[c.who % machineUsers.length];
                } else {
                  const event = enabled[c.pick % enabled.length];
                  type = event.type;
                  const allowed = machineUsers.filter((u) => u.roles.some((r) => event.meta.roles.includes(r)) && (event.meta.actor !== 'creator' || u.id === item.createdBy));
                  user = allowed.length ? allowed[c.who % allowed.length] : machineUsers[c.who % machineUsers.length];
                }
                const form = transitionsOf(flow).find((t) => t.event === type)?.transition.meta?.form;
                try {
                  await service.sendEvent(user, itemId, { type, payload: form ? c.payloads[form] : {} });
                } catch (error) {
                  if (!(error instanceof EngineError)) throw error; // refusals are fine, crashes are not
                }
              }
              const item = (await engine.store.items.getItem(countyId, itemId))!;
              const events = await engine.store.items.listEvents(countyId, itemId);
              item.statePaths.forEach((p) => reached.add(p));
              expect(events).toHaveLength(item.version);
              expect(checkItem(engine.registry.flow(pack, flow.id)!, item, events, engine.keys, engine.calendars.of(pack.countyId))).toEqual({ valid: true, problems: [] });
            }),
            { numRuns: 60 },
          );
          console.log(`${flow.id}: states reached`, [...reached].sort().join(" "));
          // The walks must actually get somewhere, or the property says little.
          expect([...reached].some((p) => flow.states[p]?.type === 'final'), `flow ${flow.id} reached: ${[...reached]}`).toBe(true);
        }
      }
    }, 300_000); // hundreds of walks over every flow: far longer than one test's default
  });
}
