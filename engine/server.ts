import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { DEMO_COUNTIES, DEMO_OPERATOR, DEMO_PASSWORD } from './seed/demo-seed.js';
import { DEFAULT_PACKS_DIR, DEFAULT_WEB_ROOT, startEngine } from './engine.js';
import { loadSigningSecret } from './record/record-keys.js';
import { parseTrustProxy } from './http/trust-proxy.js';

/** npm start: the engine on one port, on PGlite under ./data unless DATABASE_URL is set. */
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = resolve(process.env.DATA_DIR ?? 'data/pglite');

const keyFile = resolve(process.env.SIGNING_KEY_FILE ?? 'data/signing-key');

console.log(databaseUrl ? '数据库 / database: PostgreSQL (DATABASE_URL)' : `数据库 / database: 内置 PGlite embedded, ${dataDir}`);
const engine = await (async () => {
  try {
    const signing = loadSigningSecret(process.env.SIGNING_KEY || undefined, keyFile);
    if (signing.created)
      console.log(`签名密钥已生成 / signing key created: ${keyFile} — 请与数据库分开备份 / back it up apart from the database (or set SIGNING_KEY)`);
    return await startEngine({
      databaseUrl,
      schema: process.env.DATABASE_SCHEMA || undefined,
      dataDir,
      signingSecret: signing.secret,
      appRole: process.env.DATABASE_APP_ROLE || undefined,
      appPassword: process.env.DATABASE_APP_PASSWORD || undefined,
      checkpointIntervalMs: 1000 * Number(process.env.CHECKPOINT_INTERVAL_SECONDS ?? 60),
      timerIntervalMs: 1000 * Number(process.env.TIMER_INTERVAL_SECONDS ?? 5),
      timerLeaseMs: 1000 * Number(process.env.TIMER_LEASE_SECONDS ?? 60),
      dutyIntervalMs: 1000 * Number(process.env.DUTY_INTERVAL_SECONDS ?? 60),
      packsDir: process.env.PACKS_DIR ? resolve(process.env.PACKS_DIR) : DEFAULT_PACKS_DIR,
      seed: process.env.SEED_DEMO !== 'false',
      logger: process.env.LOG === 'true',
      webRoot: DEFAULT_WEB_ROOT,
      trustProxy: parseTrustProxy(process.env.TRUST_PROXY),
    });
  } catch (error) {
    // A refusal to start says why in one line; the stack only helps with LOG=true.
    console.error(`无法启动 / cannot start: ${(error as Error).message}`);
    if (process.env.LOG === 'true') console.error(error);
    process.exit(1);
  }
})();

for (const report of engine.packReports) {
  if (report.ok) {
    console.log(`工作模式包 / pack: ${report.packId}@${report.version} ✓`);
    continue;
  }
  console.error(`工作模式包被拒绝 / pack refused: ${report.folder}`);
  for (const p of report.problems) console.error(`  ${p.file} ${p.pointer || '/'}: ${p.message['zh-CN']} / ${p.message.en}`);
}

try {
  await engine.app.listen({ port, host });
} catch (error) {
  if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
  console.error(`端口 ${port} 已被占用，请关闭占用它的程序或设置 PORT / port ${port} is in use: stop what uses it or set PORT`);
  await engine.close();
  process.exit(1);
}
// The port listened on: PORT=0 asks the system for a free one (the multi-process test does).
const url = `http://localhost:${(engine.app.server.address() as AddressInfo).port}`;
console.log(`\n人大代表联络工作流引擎已启动 / running at ${url}`);
console.log(`API 文档 / API docs: ${url}/docs`);
if (process.env.SEED_DEMO !== 'false') {
  console.log(`\n演示账号 / demo logins (password: ${DEMO_PASSWORD}):`);
  for (const county of DEMO_COUNTIES) {
    console.log(`  ${county.name['zh-CN']} (county: ${county.id}): ${county.users.map((u) => `${u.username} [${u.roles.join(',')}]`).join('  ')}`);
  }
  console.log(`  平台运维 / platform operator (${url}/operator/login): ${DEMO_OPERATOR.username}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // Exits whether or not closing succeeds: a shutdown that hangs on a failed close never ends.
  process.on(signal, () => {
    engine.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
