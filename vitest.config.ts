import { defineConfig } from 'vitest/config';

// Unit and integration tests (app.inject on PGlite, or on PostgreSQL when DATABASE_URL is set).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/integration/**/*.test.ts'],
    globalSetup: ['src/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Generous: index builds over the national catalogue take seconds, and CI machines are shared. Speed goals live in bench:*.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
