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
  // The tables whose statistics bulk writes keep fresh, reduced to what the test needs.
  for (const table of ['objects', 'object_materials', 'object_search']) await sql.raw(`create table ${table} (seq bigint)`).execute(db);
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

  it('refresh the statistics of the tables an import grows at its 1st, 2nd, 4th… transaction, and only then', async () => {
    // `reltuples` is what ANALYZE last counted (-1: never analysed), the planner's idea of the table's size.
    const plannedRows = async () => Number((await sql<{ n: number }>`select reltuples as n from pg_class where relname = 'objects'`.execute(db)).rows[0]!.n);
    const insertHundred = () => writeTransaction(db, (trx) => sql`insert into objects (seq) select generate_series(1, 100)`.execute(trx));
    const seen: number[] = [];
    await withBulkWrites(db, async () => {
      for (let transaction = 1; transaction <= 5; transaction++) {
        await insertHundred();
        seen.push(await plannedRows());
      }
    });
    // Each transaction analyses before its own insert: the 1st saw 0 rows, the 2nd 100, the 4th 300.
    expect(seen).toEqual([0, 100, 100, 300, 300]);
    await insertHundred();
    expect(await plannedRows()).toBe(300);
  });

  it('leave the pooled connections as they were once the work fails', async () => {
    await expect(withBulkWrites(db, () => writeTransaction(db, () => Promise.reject(new Error('killed mid-batch'))))).rejects.toThrow('killed mid-batch');
    expect(await synchronousCommit()).toBe('on');
  });
});
