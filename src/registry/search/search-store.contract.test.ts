import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '../../test-support/postgres-cluster.js';
import { searchStoreContract } from './search-store.contract.js';

// SQLite in memory, and a throwaway PostgreSQL cluster (never skipped: a missing PostgreSQL fails).
let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(() => cluster.stop());

searchStoreContract('SQLite (FTS5)', () => openDatabase({ memory: true }));
searchStoreContract('PostgreSQL (tsvector)', async () => openDatabase({ url: await createDatabase(cluster.adminUrl, 'search_contract') }));
