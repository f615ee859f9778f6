import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: PGlite and argon2 are CPU-bound, more workers only add contention.
    maxWorkers: 2,
    globalSetup: ['tests/browser/support/build-web-app.ts'],
  },
});
