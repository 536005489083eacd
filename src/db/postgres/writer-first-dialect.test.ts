import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '../../test-support/postgres-cluster.js';
import { writeTransaction } from '../write-transaction.js';
import { createPostgresDialect } from './postgres-dialect.js';

interface Chain {
  chain: { n: number };
}

/** Two pools on one database stand for two Egide processes. Runs on its own cluster: a missing PostgreSQL fails. */
let cluster: PostgresCluster;
let first: Kysely<Chain>;
let second: Kysely<Chain>;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  const url = await createDatabase(cluster.adminUrl, 'writers');
  first = new Kysely<Chain>({ dialect: createPostgresDialect(url).dialect });
  second = new Kysely<Chain>({ dialect: createPostgresDialect(url).dialect });
  await sql`create table chain (n bigint primary key)`.execute(first);
});

afterAll(async () => {
  await first?.destroy();
  await second?.destroy();
  cluster?.stop();
});

describe('write transactions on PostgreSQL', () => {
  it('run one at a time across processes: the second begins once the first committed', async () => {
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const one = writeTransaction(first, async () => {
      events.push('first begins');
      await held;
      events.push('first ends');
    });
    while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const two = writeTransaction(second, async () => void events.push('second begins'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events).toEqual(['first begins']);
    release();
    await Promise.all([one, two]);
    expect(events).toEqual(['first begins', 'first ends', 'second begins']);
  });

  it('let a transaction read, then write what follows, without another process slipping in between (as the audit chain does)', async () => {
    const append = (db: Kysely<Chain>) =>
      writeTransaction(db, async (trx) => {
        const last = await trx.selectFrom('chain').select((eb) => eb.fn.max<number | null>('n').as('n')).executeTakeFirstOrThrow();
        await new Promise((resolve) => setTimeout(resolve, 2));
        await trx.insertInto('chain').values({ n: (last.n ?? 0) + 1 }).execute();
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => append(i % 2 ? first : second)));
    const chain = await first.selectFrom('chain').select('n').orderBy('n').execute();
    expect(chain.map((row) => row.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('leave read-only transactions out: a snapshot kept open holds no writer back', async () => {
    const snapshot = first.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
      const before = await trx.selectFrom('chain').select('n').execute();
      await writeTransaction(second, (writer) => writer.insertInto('chain').values({ n: 500 }).execute());
      expect(await trx.selectFrom('chain').select('n').execute()).toEqual(before);
    });
    await snapshot;
    expect(await first.selectFrom('chain').select('n').where('n', '=', 500).execute()).toEqual([{ n: 500 }]);
  });

  it('leave statements outside a transaction free while a transaction is open', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let begun = false;
    const open = writeTransaction(first, async () => {
      begun = true;
      await held;
    });
    while (!begun) await new Promise((resolve) => setTimeout(resolve, 5));
    await second.insertInto('chain').values({ n: 1000 }).execute();
    expect(await second.selectFrom('chain').select('n').where('n', '=', 1000).execute()).toEqual([{ n: 1000 }]);
    release();
    await open;
  });
});
