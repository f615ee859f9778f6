import { defineConfig } from 'vitest/config';

/**
 * The suite in four tiers, each a vitest project, so one tier runs alone:
 * `npx vitest run --project unit` (or npm run test:unit / test:integration / test:property / test:browser).
 * Only the browser tier builds the web app (and only when its sources changed).
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: PGlite and argon2 are CPU-bound, more workers only add contention.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts', 'tests/conformance/**/*.test.ts'] } },
      { extends: true, test: { name: 'property', include: ['tests/property/**/*.test.ts', 'tests/fuzz/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], globalSetup: ['tests/browser/support/build-web-app.ts'] },
      },
    ],
  },
});
