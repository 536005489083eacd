import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '../../test-support/postgres-cluster.js';
import type { Db } from '../database.js';
import { writeTransaction } from '../write-transaction.js';
import { withBulkWrites } from './bulk-writes.js';
import { createPostgresDialect } from './postgres-dialect.js';

/** Its own cluster, committing synchronously as a deployment does (test clusters do not): a missing PostgreSQL fails. */
let cluster: PostgresCluster;
let db: Db;

beforeAll(async () => {
  cluster = await startPostgresCluster({ settings: { synchronous_commit: 'on' } });
  db = new Kysely({ dialect: createPostgresDialect(await createDatabase(cluster.adminUrl, 'bulk')).dialect });
});

afterAll(async () => {
  await db?.destroy();
  cluster?.stop();
});

const synchronousCommit = () =>
  writeTransaction(db, async (trx) => (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(trx)).rows[0]!.synchronous_commit);

describe('bulk writes on PostgreSQL', () => {
  it('commit their transactions without waiting for the disk, and only theirs', async () => {
    const [during, alongside] = await Promise.all([withBulkWrites(db, () => Promise.all([synchronousCommit(), synchronousCommit()])), synchronousCommit()]);
    expect(during).toEqual(['off', 'off']);
    expect(alongside).toBe('on');
    expect(await synchronousCommit()).toBe('on');
  });

  it('leave the pooled connections as they were once the work fails', async () => {
    await expect(withBulkWrites(db, () => writeTransaction(db, () => Promise.reject(new Error('killed mid-batch'))))).rejects.toThrow('killed mid-batch');
    expect(await synchronousCommit()).toBe('on');
  });
});
