import { defineConfig } from 'vitest/config';

const onPostgresRun = process.env.EGIDE_TEST_DIALECT === 'postgres';

/**
 * Files that run on PostgreSQL in every run, each on a cluster of its own (the two-instance test, the
 * contracts and the PostgreSQL adapters' tests): the PostgreSQL run leaves them out, as it would only
 * repeat them (the two-instance test alone takes about two minutes).
 */
const POSTGRES_IN_EVERY_RUN = [
  'tests/e2e/two-instances.test.ts',
  'src/app/instances.test.ts',
  'src/backup/backup-under-load.postgres.test.ts',
  'src/db/backup/postgres-snapshot.test.ts',
  'src/db/migrations.test.ts',
  'src/db/postgres/**/*.test.ts',
  'src/registry/search/search-store.contract.test.ts',
];

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(onPostgresRun ? POSTGRES_IN_EVERY_RUN : [])],
    // Two cores: keep parallelism modest so the browser and scrypt-heavy suites do not starve each other.
    maxWorkers: 2,
    // EGIDE_TEST_DIALECT=postgres runs the suite on a throwaway PostgreSQL cluster (tests/postgres-setup.ts).
    globalSetup: ['tests/postgres-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CI also writes a JSON report per dialect, from which .ci/run prints its closing "N passed, N failed" lines.
    reporters: process.env.CI ? ['default', ['json', { outputFile: `.vitest-results-${process.env.EGIDE_TEST_DIALECT ?? 'sqlite'}.json` }]] : ['default'],
  },
});
