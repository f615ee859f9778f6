/**
 * Builds what `npm start` runs, each part only when its sources are newer than its last build:
 *   - the web app (designer/) into dist/designer, with Vite (vite.config.ts);
 *   - the engine (engine/server.ts and what it imports) into one file, dist/server/server.js
 *     (vite.server.config.ts), so a start loads one module instead of compiling hundreds with tsx.
 * `npm install` runs it (the prepare script), so the first start after install builds nothing.
 * `node scripts/build.mjs --force` (npm run build) builds both whatever their age.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What every build reads besides its own folders: dependencies and compiler settings. */
const SHARED = ['package.json', 'package-lock.json', 'tsconfig.json'];

/**
 * Each target's stamp is a file whose time is the build's: Vite writes the web app's index.html
 * last (the browser tests build it too, tests/browser/support/build-web-app.ts, and go by the
 * same file); the engine's is written here once Vite succeeded. A failed build leaves it old.
 */
export const TARGETS = [
  { name: 'web app', config: 'vite.config.ts', stamp: 'dist/designer/index.html', sources: ['designer', 'forms', 'engine', 'vite.config.ts', ...SHARED] },
  { name: 'engine', config: 'vite.server.config.ts', stamp: 'dist/server/.built', sources: ['engine', 'forms', 'vite.server.config.ts', ...SHARED] },
];

/** The newest modification time under the given paths (folders included: a deleted file changes its folder). */
function newest(paths) {
  let latest = 0;
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return; // an optional input (package-lock.json) that is absent
    }
    latest = Math.max(latest, stat.mtimeMs);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  for (const path of paths) visit(join(ROOT, path));
  return latest;
}

/** Whether a target must be built: never built, or a source changed since. */
export function isStale(target) {
  try {
    return statSync(join(ROOT, target.stamp)).mtimeMs < newest(target.sources);
  } catch {
    return true;
  }
}

/** Builds one target with Vite in a child process (the engine process never loads Vite). */
export function build(target) {
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', target.config, '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`构建失败 / building the ${target.name} failed (vite exited with ${result.status ?? result.signal})`);
  if (target.stamp.endsWith('.built')) writeFileSync(join(ROOT, target.stamp), new Date().toISOString() + '\n');
}

/** Builds the targets whose sources changed (all with force); answers the names built. */
export function buildStale(force = false) {
  const built = [];
  for (const target of TARGETS) {
    if (!force && !isStale(target)) continue;
    build(target);
    built.push(target.name);
  }
  return built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    buildStale(process.argv.includes('--force'));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
