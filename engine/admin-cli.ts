import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EngineError } from './errors/engine-error.js';
import { loadSigningSecret, RecordKeys } from './record/record-keys.js';
import { CountySetup } from './runtime/county-setup.js';
import { OperatorAccounts } from './runtime/operator-accounts.js';
import { Store } from './store/store.js';

/**
 * npm run admin -- <command>: the operator's commands, on the database `npm start` uses
 * (DATABASE_URL, or PGlite under DATA_DIR — stop the server first: PGlite is one process's).
 *
 *   county list
 *   county create --id <id> --name <中文名> --name-en <English name> --admin <user name> --admin-name <显示名> [--password <password>]
 *   county disable --id <id>
 *   county enable --id <id>
 *   operator list
 *   operator create --username <user name> --name <显示名> [--password <password>]
 *   operator disable --username <user name>
 *   operator enable --username <user name>
 *
 * A password may come from ADMIN_PASSWORD instead, to keep it out of the shell's history.
 */
const USAGE = `用法 / usage:
  npm run admin -- county list | create --id … --name … --name-en … --admin … --admin-name … [--password …] | disable --id … | enable --id …
  npm run admin -- operator list | create --username … --name … [--password …] | disable --username … | enable --username …`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    id: { type: 'string' },
    name: { type: 'string' },
    'name-en': { type: 'string' },
    admin: { type: 'string' },
    'admin-name': { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
  },
});

const [subject, command] = positionals;
if (!['county', 'operator'].includes(subject ?? '') || !['list', 'create', 'disable', 'enable'].includes(command ?? '')) {
  console.error(USAGE);
  process.exit(2);
}

const signing = loadSigningSecret(process.env.SIGNING_KEY || undefined, resolve(process.env.SIGNING_KEY_FILE ?? 'data/signing-key'));
const store = await Store.open(
  {
    databaseUrl: process.env.DATABASE_URL || undefined,
    schema: process.env.DATABASE_SCHEMA || undefined,
    dataDir: resolve(process.env.DATA_DIR ?? 'data/pglite'),
    appRole: process.env.DATABASE_APP_ROLE || undefined,
    appPassword: process.env.DATABASE_APP_PASSWORD || undefined,
  },
  new RecordKeys(signing.secret),
);
const password = values.password ?? process.env.ADMIN_PASSWORD ?? '';
const state = (disabledAt: Date | null) => (disabledAt ? `已停用 / disabled ${disabledAt.toISOString().slice(0, 10)}` : '使用中 / in service');
try {
  if (subject === 'county') await county(new CountySetup(store));
  else await operator(new OperatorAccounts(store));
} catch (error) {
  if (!(error instanceof EngineError)) throw error;
  console.error(`${error.messages['zh-CN']} / ${error.messages.en}`);
  process.exitCode = 1;
} finally {
  await store.close();
}

async function county(setup: CountySetup): Promise<void> {
  const id = values.id ?? '';
  if (command === 'list') {
    for (const c of await setup.list()) console.log(`${c.id}\t${c.name['zh-CN']} / ${c.name.en}\t${state(c.disabledAt)}`);
  } else if (command === 'create') {
    await setup.create({
      id,
      name: { 'zh-CN': values.name ?? '', en: values['name-en'] ?? '' },
      admin: { username: values.admin ?? '', displayName: values['admin-name'] ?? '', password },
    });
    console.log(`区县 ${id} 已创建，管理员 ${values.admin} 可以登录 / county ${id} created; its administrator ${values.admin} can log in`);
  } else {
    await (command === 'disable' ? setup.disable(id) : setup.enable(id));
    console.log(command === 'disable' ? `区县 ${id} 已停用 / county ${id} disabled` : `区县 ${id} 已恢复使用 / county ${id} back in service`);
  }
}

async function operator(accounts: OperatorAccounts): Promise<void> {
  const username = values.username ?? '';
  if (command === 'list') {
    for (const o of await accounts.list()) console.log(`${o.username}\t${o.displayName}\t${state(o.disabledAt)}`);
  } else if (command === 'create') {
    await accounts.create({ username, displayName: values.name ?? '', password });
    console.log(`运维账号 ${username} 已创建，可在 /operator/login 登录 / operator ${username} created; they log in at /operator/login`);
  } else {
    await (command === 'disable' ? accounts.disable(username) : accounts.enable(username));
    console.log(command === 'disable' ? `运维账号 ${username} 已停用 / operator ${username} disabled` : `运维账号 ${username} 已恢复使用 / operator ${username} back in service`);
  }
}
