// Scratch (not committed): in-process write-path rate, to profile the engine's CPU per event.
import pg from 'pg';
import { startTestEngine, login } from '../support/test-engine.js';
import { intake } from '../support/yunan-payloads.js';

const url = process.env.WP_DATABASE_URL;
const engine = await startTestEngine(url ? { databaseUrl: url, schema: `wp_${Date.now()}` } : {});
const app = engine.app;
const staff = await login(app, 'yunan', 'staff');
let queries = 0;
const origQuery = pg.Client.prototype.query;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(pg.Client.prototype as any).query = function (...args: any[]) { queries++; return (origQuery as any).apply(this, args); };
function phase(name: string, n: number, t0: number, c0: NodeJS.CpuUsage, q0: number) {
  const c = process.cpuUsage(c0);
  console.log(`${name}: ${(n / ((performance.now() - t0) / 1000)).toFixed(0)}/s, cpu ${((c.user + c.system) / 1000 / n).toFixed(2)} ms/op, queries ${((queries - q0) / n).toFixed(1)}/op`);
}
const N = Number(process.env.WP_N ?? 400);
const C = Number(process.env.WP_C ?? 8);
async function pool<T>(n: number, c: number, f: (i: number) => Promise<T>) {
  let next = 0;
  await Promise.all(Array.from({ length: c }, async () => { while (next < n) { const i = next++; await f(i); } }));
}
const ids: string[] = [];
let t = performance.now();
let c0 = process.cpuUsage();
let q0 = queries;
await pool(N, C, async (i) => {
  const r = await app.inject({ method: 'POST', url: '/api/items', payload: { packId: 'yunan-suggestions', flowId: 'suggestion', payload: intake(`建议 ${i}`) }, headers: { cookie: staff } });
  if (r.statusCode !== 201 && r.statusCode !== 200) throw new Error(r.body);
  ids[i] = r.json().item.id;
});
phase('create', N, t, c0, q0);
t = performance.now(); c0 = process.cpuUsage(); q0 = queries;
await pool(N, C, async (i) => {
  const r = await app.inject({ method: 'POST', url: `/api/items/${ids[i]}/events`, payload: { type: 'TRIAGE', payload: { mechanism: 'major', department: '县交通运输局' } }, headers: { cookie: staff } });
  if (r.statusCode !== 200) throw new Error(r.body);
});
phase('triage', N, t, c0, q0);
for (let round = 0; round < 3; round++) {
  t = performance.now(); c0 = process.cpuUsage(); q0 = queries;
  await pool(N, C, async (i) => {
    const r = await app.inject({ method: 'POST', url: `/api/items/${ids[i]}/events`, payload: { type: 'SUPERVISE', payload: { method: 'written', opinion: '请加快办理进度，按期答复代表。' } }, headers: { cookie: staff } });
    if (r.statusCode !== 200) throw new Error(r.body);
  });
  phase('supervise', N, t, c0, q0);
}
void queries;
await engine.close();
