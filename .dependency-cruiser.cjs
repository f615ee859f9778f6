/**
 * The layering of the engine and the web app, checked by `npm run check:deps` (part of `npm test`).
 *
 *   http  →  services (runtime/, record/, auth/)  →  store
 *   definitions (flows/, packs/) are pure: every layer may read them, they read no layer
 *   domain/ holds the records every layer shares and reads no layer
 *   forms/ is a library of its own; the web app (designer/) reads only published entry points
 *
 * engine/app.ts, engine.ts, server.ts and seed/ wire the layers together and may import any of them.
 */
const HTTP = '^engine/http/';
const SERVICES = '^engine/(runtime|record|auth)/';
const STORE = '^engine/store/';
const DEFINITIONS = '^engine/(flows|packs)/';
const DOMAIN = '^engine/domain/';
const WIRING = '^engine/(app|engine|server)[.]ts$|^engine/seed/';
const FASTIFY = '^node_modules/(fastify|@fastify/|fastify-plugin)';
const NODE_BUILTIN = { dependencyTypes: ['core'] };
// Reachability rules match on paths only, so the built-ins are named: `node:fs`, `fs`, `fs/promises`...
const NODE_BUILTIN_PATH = `^(node:)?(${require('node:module').builtinModules.map((m) => m.replace(/[/]/g, '[/]')).join('|')})$`;

/** What the web app may import from the rest of the repository. */
const PUBLISHED = [
  '^forms/index[.]ts$',
  '^forms/react/index[.]ts$',
  '^engine/flows/index[.]ts$',
  '^engine/http/api-types[.]ts$',
  '^engine/domain/station[.]ts$',
];

module.exports = {
  forbidden: [
    {
      name: 'http-not-to-store',
      comment: 'Routes call services; only services reach repositories and SQL.',
      severity: 'error',
      from: { path: HTTP },
      to: { path: STORE },
    },
    {
      name: 'services-not-to-http',
      comment: 'The runtime knows nothing of HTTP: no route module, no Fastify.',
      severity: 'error',
      from: { path: SERVICES },
      to: { path: [HTTP, FASTIFY, WIRING] },
    },
    {
      name: 'store-not-upwards',
      comment: 'The store persists; it does not call the services or HTTP that use it.',
      severity: 'error',
      from: { path: STORE },
      to: { path: [HTTP, SERVICES, FASTIFY, WIRING] },
    },
    {
      name: 'definitions-are-pure',
      comment: 'Pack and flow definitions are data and pure functions: no runtime, store or HTTP.',
      severity: 'error',
      from: { path: DEFINITIONS },
      to: { path: [HTTP, SERVICES, STORE, FASTIFY, WIRING] },
    },
    {
      name: 'flows-browser-safe',
      comment: 'Flow code runs in the web app too: no Node built-ins.',
      severity: 'error',
      from: { path: '^engine/flows/' },
      to: NODE_BUILTIN,
    },
    {
      name: 'domain-reads-no-layer',
      comment: 'Domain records are shared by every layer, so they import none of them.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: [HTTP, SERVICES, STORE, DEFINITIONS, FASTIFY, WIRING] },
    },
    {
      name: 'forms-stand-alone',
      comment: 'The forms runtime is a library: it imports nothing of the engine or the web app.',
      severity: 'error',
      from: { path: '^forms/' },
      to: { path: '^(engine|designer)/' },
    },
    {
      name: 'web-app-reads-published-modules',
      comment: 'The web app imports the engine and forms only through their published entry points.',
      severity: 'error',
      from: { path: '^designer/' },
      to: { path: '^(engine|forms)/', pathNot: PUBLISHED },
    },
    {
      name: 'web-app-browser-safe',
      comment: 'Nothing the web app bundles may need a Node built-in.',
      severity: 'error',
      from: { path: '^designer/src/' },
      to: { path: NODE_BUILTIN_PATH, reachable: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
