/**
 * The write cost of the list indexes: events per second through ItemService.sendEvent (one
 * at a time, the engine's whole write path) on PostgreSQL, with this tree's schema. Run it on
 * a commit before and after a schema change to see what an index costs on every event:
 * DATABASE_URL=postgres://… npx tsx tests/bench/county/event-write-cost.ts [events]
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_PACKS_DIR, startEngine } from '../../../engine/engine.js';
import { ItemService } from '../../../engine/runtime/item-service.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const events = Number(process.argv[2] ?? 2000);
const schema = `write_cost_${process.pid}`;
const engine = await startEngine({ databaseUrl, schema, signingSecret: randomBytes(32), seed: true, packsDir: DEFAULT_PACKS_DIR });
try {
  const service = new ItemService(engine.store, engine.registry, engine.keys, engine.calendars);
  const users = await engine.store.users.listUsers('yunan');
  const deputy = users.find((u) => u.roles.includes('deputy'))!;
  const department = users.find((u) => u.roles.includes('department'))!;
  const staff = users.find((u) => u.roles.includes('staff'))!;
  const intake = { title: '关于修缮桂圩村村道的建议', content: '桂圩村村道破损严重，雨天积水，群众出行不便，建议尽快修缮。', category: 'infrastructure', channel: 'visit' };
  // Items waiting in general.handling, where REPORT_PROGRESS loops: every event adds text.
  const items: string[] = [];
  for (let i = 0; i < 20; i++) {
    const { item } = await service.createItem(deputy, { packId: 'yunan-suggestions', flowId: 'suggestion', stationId: 'ducheng-central', payload: intake });
    await service.sendEvent(staff, item.id, { type: 'TRIAGE', payload: { mechanism: 'general', department: department.unitId } });
    await service.sendEvent(department, item.id, { type: 'ACCEPT' });
    items.push(item.id);
  }
  for (let round = 0; round < 2; round++) {
    const started = performance.now();
    for (let i = 0; i < events; i++)
      await service.sendEvent(department, items[i % items.length], { type: 'REPORT_PROGRESS', payload: { progress: `第${i}次进展：已完成路面勘测`, percentDone: i % 100 } });
    const seconds = (performance.now() - started) / 1000;
    console.log(`round ${round + 1}: ${events} events in ${seconds.toFixed(1)} s: ${(events / seconds).toFixed(0)} events/s`);
  }
} finally {
  await engine.close();
  // As the owner: the application role may not drop what it does not own.
  const owner = new pg.Client({ connectionString: databaseUrl });
  await owner.connect();
  await owner.query(`drop schema if exists ${schema} cascade`);
  await owner.end();
}
