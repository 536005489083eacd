import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { Channel, DeliveryOutcome, OutboxItem } from '../channels/channel.js';
import { OutboxRepository } from './outbox.repository.js';
import { LEASE_MS, MAX_ATTEMPTS, OutboxService } from './outbox.service.js';

let t: TestApp;
let repository: OutboxRepository;
beforeAll(async () => {
  t = await createTestApp();
  repository = new OutboxRepository(t.context.db);
});
afterAll(() => t.close());

/** A channel that records what it is given and answers as told. */
function recordingChannel(answer: (item: OutboxItem) => DeliveryOutcome = () => ({ kind: 'delivered' })): Channel & { seen: OutboxItem[] } {
  const seen: OutboxItem[] = [];
  return {
    name: 'in-app',
    seen,
    deliver: async (item) => {
      seen.push(item);
      // Deliveries take a moment, so that concurrent workers overlap.
      await new Promise((resolve) => setTimeout(resolve, 5));
      return answer(item);
    },
  };
}

const stateOf = (key: string) => t.context.db.selectFrom('alert_outbox').select(['state', 'attempts', 'last_error', 'lease_owner']).where('idempotency_key', '=', key).executeTakeFirstOrThrow();

describe('the outbox', () => {
  it('queues an idempotency key once', async () => {
    const outbox = new OutboxService(repository);
    const item = { idempotencyKey: 'once-1', channel: 'in-app' as const, recipient: '1', payload: { n: 1 } };
    expect(await outbox.enqueue([item, item])).toBe(1);
    expect(await outbox.enqueue([{ ...item, payload: { n: 2 } }])).toBe(0);
    const channel = recordingChannel();
    outbox.registerChannel(channel);
    await outbox.drain();
    expect(channel.seen.filter((seen) => seen.idempotencyKey === 'once-1').map((seen) => seen.payload)).toEqual([{ n: 1 }]);
  });

  it('gives each due item to one worker of several running at once', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `many-${i}`);
    const channels = [recordingChannel(), recordingChannel(), recordingChannel()];
    const workers = channels.map((channel) => {
      const worker = new OutboxService(new OutboxRepository(t.context.db));
      worker.registerChannel(channel);
      return worker;
    });
    await workers[0]!.enqueue(keys.map((key) => ({ idempotencyKey: key, channel: 'in-app', recipient: '1', payload: {} })));
    await Promise.all(workers.map((worker) => worker.drain()));
    const delivered = channels.flatMap((channel) => channel.seen.map((item) => item.idempotencyKey)).filter((key) => key.startsWith('many-'));
    expect(delivered.sort()).toEqual([...keys].sort());
    for (const key of keys) expect(await stateOf(key)).toMatchObject({ state: 'delivered', attempts: 1, lease_owner: null });
  });

  it('claims again an item whose worker died holding it, once its lease has expired', async () => {
    const now = Date.now();
    const later = new OutboxService(repository, undefined, () => new Date(now + LEASE_MS + 2000));
    const meanwhile = new OutboxService(repository, undefined, () => new Date(now + 1000));
    const channel = recordingChannel();
    later.registerChannel(channel);
    meanwhile.registerChannel(channel);
    await meanwhile.enqueue([{ idempotencyKey: 'orphan', channel: 'in-app', recipient: '1', payload: {} }]);
    // A worker claims it, then is killed before delivering.
    const [claimed] = (await repository.claim('dead-worker', 100, new Date(now + 1000), new Date(now + 1000 + LEASE_MS))).filter((row) => row.idempotency_key === 'orphan');
    expect(claimed).toBeDefined();
    await meanwhile.drain();
    expect(channel.seen.some((item) => item.idempotencyKey === 'orphan')).toBe(false);
    await later.drain();
    expect(channel.seen.filter((item) => item.idempotencyKey === 'orphan')).toHaveLength(1);
    expect(await stateOf('orphan')).toMatchObject({ state: 'delivered', attempts: 1 });
    // The dead worker's late word changes nothing.
    await repository.record(Number(claimed!.id), 'dead-worker', { outcome: 'failed', detail: 'late', durationMs: 1 }, new Date());
    expect(await stateOf('orphan')).toMatchObject({ state: 'delivered' });
  });

  it('retries on its own schedule, fails after the last attempt, and records each attempt', async () => {
    let clock = Date.now();
    const outbox = new OutboxService(repository, undefined, () => new Date(clock));
    outbox.registerChannel(recordingChannel((item) => (item.idempotencyKey === 'flaky' ? { kind: 'retry', error: 'receiver down' } : { kind: 'delivered' })));
    await outbox.enqueue([{ idempotencyKey: 'flaky', channel: 'in-app', recipient: '1', payload: {} }]);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await outbox.drain();
      // Past any back-off.
      clock += 2 * 3_600_000;
    }
    const row = await repository.find('flaky');
    expect(row).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS, last_error: 'receiver down' });
    const attempts = await repository.attempts(Number(row!.id));
    expect(attempts.map((attempt) => attempt.outcome)).toEqual([...Array<string>(MAX_ATTEMPTS - 1).fill('retry'), 'failed']);
  });

  it('keeps an item of a channel this process lacks for a later try', async () => {
    const outbox = new OutboxService(repository);
    await outbox.enqueue([{ idempotencyKey: 'no-webhook-here', channel: 'webhook', recipient: '7', payload: {} }]);
    await outbox.runOnce(100);
    expect(await stateOf('no-webhook-here')).toMatchObject({ state: 'pending', attempts: 1, last_error: 'no webhook channel in this process' });
  });
});
