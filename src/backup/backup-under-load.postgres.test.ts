import { afterAll, beforeAll } from 'vitest';
import { onPostgres } from '../test-support/postgres-test-cluster.js';
import { backupUnderLoad } from './backup-under-load.scenario.js';

// On PostgreSQL in every run: `pg_dump` of the server's database while it writes, `pg_restore` into an empty one.
const postgres = onPostgres();
beforeAll(() => postgres.start(), 60_000);
afterAll(() => postgres.stop());
backupUnderLoad();
