import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../auth/login-throttle.js';
import { RateLimitRepository } from '../../auth/rate-limit.repository.js';
import { createLogger } from '../../config/logger.js';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '../../test-support/postgres-cluster.js';
import type { ChangeEvent } from '../change-feed.js';
import { openDatabase, type DatabaseHandle } from '../database.js';
import { PostgresChangeFeed } from './change-feed.js';
import { PostgresIndexingJobClaims } from './indexing-job-claims.js';

/** Two processes' connections to one PostgreSQL database: what each keeps apart, and what they share. */
describe('shared state on PostgreSQL', () => {
  let cluster: PostgresCluster;
  let url: string;
  let a: DatabaseHandle;
  let b: DatabaseHandle;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = await createDatabase(cluster.adminUrl, 'shared_state');
    a = await openDatabase({ url });
    b = await openDatabase({ url });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    cluster?.stop();
  });

  it('counts sign-in attempts together: 5 failures through one process, the next is refused by the other', async () => {
    const throttleA = new LoginThrottle(new RateLimitRepository(a.db));
    const throttleB = new LoginThrottle(new RateLimitRepository(b.db));
    for (let i = 0; i < 5; i++) expect(await throttleA.reserve('198.51.100.7', 'reg@example.org')).toBe(0);
    expect(await throttleB.reserve('198.51.100.7', 'reg@example.org')).toBeGreaterThan(14 * 60);

    // Sent at once to both: exactly 5 get through, whichever process counts them.
    const waits = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? throttleA : throttleB).reserve('198.51.100.8', 'other@example.org')));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
  });

  it('gives each queued job to one worker only when two race for them, a failed job back to the queue, and a dead worker’s jobs to another', async () => {
    const now = new Date().toISOString();
    const photoIds = Array.from({ length: 40 }, (_, i) => `photo-${String(i).padStart(2, '0')}`);
    await a.db.insertInto('identify_jobs').values(photoIds.map((photo_id) => ({ photo_id, enqueued_at: now, attempts: 0, last_error: null }))).execute();
    const workers = [new PostgresIndexingJobClaims(a.db), new PostgresIndexingJobClaims(b.db)];
    const claimed: string[][] = [[], []];
    for (;;) {
      const rounds = await Promise.all(workers.map((worker) => worker.claim(3)));
      rounds.forEach((jobs, worker) => claimed[worker]!.push(...jobs.map((job) => job.photoId)));
      if (rounds.every((jobs) => jobs.length === 0)) break;
    }
    expect([...claimed[0]!, ...claimed[1]!].sort()).toEqual(photoIds);
    expect(claimed[0]!.length).toBeGreaterThan(0);
    expect(claimed[1]!.length).toBeGreaterThan(0);

    await workers[0]!.fail('photo-07', 'unreadable');
    expect(await workers[1]!.claim(10)).toEqual([{ photoId: 'photo-07', attempts: 1 }]);
    // A worker that died holding jobs: past the claim's deadline, another takes them.
    const later = new PostgresIndexingJobClaims(b.db, () => Date.now() + 3 * 60_000);
    expect(await later.claim(50)).toHaveLength(40);
    await a.db.deleteFrom('identify_jobs').execute();
  });

  it('tells every process of a change once; after a lost connection, it listens again and asks for a resync', async () => {
    const logger = createLogger('silent');
    const feedA = await PostgresChangeFeed.start(url, a.db, logger);
    const feedB = await PostgresChangeFeed.start(url, b.db, logger);
    try {
      const seenA: ChangeEvent[] = [];
      const seenB: ChangeEvent[] = [];
      feedA.subscribe('partners', (event) => seenA.push(event));
      feedB.subscribe('partners', (event) => seenB.push(event));
      feedB.subscribe('identify-index', () => seenB.push({ kind: 'change', payload: 'wrong topic' }));

      await feedA.publish('partners', 'unesco');
      await until(() => seenB.length > 0);
      expect(seenB).toEqual([{ kind: 'change', payload: 'unesco' }]);
      // Its own change, at once, and not again when the notification comes back.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seenA).toEqual([{ kind: 'change', payload: 'unesco' }]);

      cluster.interrupt();
      cluster.resume();
      await until(() => seenB.some((event) => event.kind === 'resync'), 20_000);
      await feedA.publish('partners', 'icom');
      await until(() => seenB.some((event) => event.kind === 'change' && event.payload === 'icom'));
    } finally {
      await feedA.close();
      await feedB.close();
    }
  }, 40_000);
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
