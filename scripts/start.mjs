/**
 * npm start: builds whatever changed since the last build (nothing, after npm install), then runs
 * the engine from its one-file build. `npm run dev` runs engine/server.ts from source with tsx instead.
 */
import { buildStale } from './build.mjs';

try {
  buildStale();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
// Stack traces (LOG=true) name engine/*.ts lines, not the bundle's. Only then: reading the
// source maps of every module loaded costs a start about 90 ms.
if (process.env.LOG === 'true') process.setSourceMapsEnabled(true);
await import('../dist/server/server.js');
