import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
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
