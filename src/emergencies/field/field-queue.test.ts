import { describe, expect, it } from 'vitest';
import { classify, FieldQueue, FIRST_RETRY_MS, MAX_RETRY_MS, memoryStorage, problemReason, retryDelay, SENDING_AT_ONCE, SENT_KEPT, type QueueItem, type SendAnswer } from '../../web/assets/field/field-queue.js';
import type { AssessmentSubmission } from '../heritage-place-contract.js';

const SUBMISSION: AssessmentSubmission = {
  assessedOn: '2026-12-01',
  phase: 'damage-and-risk',
  condition: 'poor',
  damageExtent: '31-60',
  threats: [{ category: 'looting', type: 'illegal digging', probability: 'high' }],
  recommendation: 'Fence the north trench.',
  priority: 'immediate',
};

/** A queue over memory with a clock the test moves, and a server whose answers the test scripts. */
function harness(answers: Array<SendAnswer | ((item: QueueItem<AssessmentSubmission>) => SendAnswer)>) {
  let clock = 1_000_000;
  let keys = 0;
  const sent: Array<QueueItem<AssessmentSubmission>> = [];
  const queue = new FieldQueue<AssessmentSubmission>({
    storage: memoryStorage(),
    now: () => clock,
    newKey: () => `key-${++keys}`,
    send: async (item) => {
      sent.push(item);
      const next = answers.shift();
      if (!next) throw new Error('no answer scripted');
      return typeof next === 'function' ? next(item) : next;
    },
  });
  const photo = { name: 'north.jpg', blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }) };
  return { queue, sent, photo, advance: (ms: number) => (clock += ms), now: () => clock };
}

describe('classifying answers', () => {
  it('sends, retries, asks to sign in again or reports a refusal', () => {
    expect([200, 201].map(classify)).toEqual(['sent', 'sent']);
    expect([undefined, 408, 425, 429, 500, 502, 503].map(classify)).toEqual(Array(7).fill('retry'));
    expect([401, 403].map(classify)).toEqual(['sign-in', 'sign-in']);
    expect([400, 404, 409, 413, 415, 422].map(classify)).toEqual(Array(6).fill('refused'));
  });

  it('doubles the delay up to a cap, and honours a longer Retry-After', () => {
    expect([1, 2, 3].map((attempts) => retryDelay(attempts))).toEqual([FIRST_RETRY_MS, 2 * FIRST_RETRY_MS, 4 * FIRST_RETRY_MS]);
    expect(retryDelay(40)).toBe(MAX_RETRY_MS);
    expect(retryDelay(1, 30)).toBe(30_000);
    expect(retryDelay(1, 100_000)).toBe(MAX_RETRY_MS);
  });

  it('reads the reason of a problem document, field by field', () => {
    expect(problemReason({ detail: 'Invalid request body.', errors: [{ field: 'assessedOn', message: 'is in the future' }] })).toBe('Invalid request body. — assessedOn: is in the future');
    expect(problemReason('<html>')).toBe('');
  });
});

describe('the queue', () => {
  it('keeps the same Idempotency-Key across retries, so a replay after a lost answer is safe', async () => {
    const { queue, sent, photo, advance } = harness([{ status: undefined, body: undefined, reason: 'Failed to fetch' }, { status: 502, body: undefined, retryAfter: NaN }, { status: 200, body: { assessment: { id: 7 } } }]);
    const item = await queue.enqueue({ placeId: 3, placeName: 'Tell Halaf', placeVersion: 2, submission: SUBMISSION, photos: [photo] });

    expect(await queue.drain()).toBe(0);
    const [waiting] = await queue.list();
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1, reason: 'Failed to fetch' });
    // Not due yet: nothing is sent before the back-off has passed, unless asked ("send now").
    expect(await queue.drain()).toBe(0);
    expect(sent).toHaveLength(1);
    advance(FIRST_RETRY_MS);
    await queue.drain();
    expect(await queue.nextAttemptAt()).toBe(waiting!.nextAttemptAt + FIRST_RETRY_MS * 2);
    expect(await queue.drain({ force: true })).toBe(1);

    expect(sent.map((attempt) => attempt.key)).toEqual([item.key, item.key, item.key]);
    const [done] = await queue.list();
    expect(done).toMatchObject({ state: 'sent', attempts: 3, photos: [], result: { assessmentId: '7', conflict: false } });
    expect(await queue.nextAttemptAt()).toBeUndefined();
  });

  it('keeps a refused submission with the reason; an edit sends it under a new key', async () => {
    const refusal = { status: 400, body: { detail: 'Invalid request body.', errors: [{ field: 'assessedOn', message: 'The date is in the future.' }] } };
    const { queue, sent, photo } = harness([refusal, { status: 201, body: { assessment: { id: 'a1' } } }]);
    const item = await queue.enqueue({ placeId: 'p1', placeVersion: 1, submission: { ...SUBMISSION, assessedOn: '2099-01-01' }, photos: [photo] });
    await queue.drain();
    // Refused items are not retried on their own: the server would refuse them again.
    await queue.drain({ force: true });
    const [failed] = await queue.list();
    expect(failed).toMatchObject({ key: item.key, state: 'failed', reason: 'Invalid request body. — assessedOn: The date is in the future.' });
    expect(failed!.photos).toHaveLength(1);

    const edited = await queue.edit(item.key, SUBMISSION);
    expect(edited.key).not.toBe(item.key);
    await queue.drain();
    expect(sent.map((attempt) => [attempt.key, attempt.submission.assessedOn])).toEqual([
      [item.key, '2099-01-01'],
      [edited.key, '2026-12-01'],
    ]);
    expect((await queue.list()).map((queued) => queued.state)).toEqual(['sent']);
  });

  it('keeps items when the session expired while offline, and sends them after signing in again', async () => {
    const { queue } = harness([{ status: 401, body: { detail: 'This operation needs an API token' } }, { status: 201, body: { assessment: { id: 1 } } }]);
    await queue.enqueue({ placeId: 1, placeVersion: 1, submission: SUBMISSION });
    await queue.drain();
    expect((await queue.list())[0]).toMatchObject({ state: 'sign-in' });
    // Waiting for a session is not waiting for the network: a plain drain leaves it.
    expect(await queue.drain()).toBe(0);
    expect(await queue.drain({ force: true })).toBe(1);
  });

  it('records that the place changed meanwhile: the assessment was added beside the latest one', async () => {
    const { queue, sent } = harness([{ status: 201, body: { assessment: { id: 9 }, placeVersion: 4, conflict: { placeVersion: 4 }, warnings: [{ field: 'photos.0', message: 'no position' }] } }]);
    await queue.enqueue({ placeId: 1, placeVersion: 2, submission: SUBMISSION });
    await queue.drain();
    expect(sent[0]!.placeVersion).toBe(2);
    expect((await queue.list())[0]!.result).toEqual({ assessmentId: '9', conflict: true, warnings: ['photos.0: no position'] });
  });

  it('treats an item left "sending" by a closed page as pending, and shares one run between callers', async () => {
    const storage = memoryStorage();
    const calls: string[] = [];
    const queue = new FieldQueue({ storage, send: async (item) => (calls.push(item.key), { status: 201, body: {} }) });
    const item = await queue.enqueue({ placeId: 1, placeVersion: 1, submission: SUBMISSION });
    await storage.put({ ...item, state: 'sending' });
    expect((await queue.list())[0]!.state).toBe('pending');
    const [a, b] = await Promise.all([queue.drain(), queue.drain()]);
    expect([a, b, calls]).toEqual([1, 1, [item.key]]);
  });

  it(`sends the oldest first, ${SENDING_AT_ONCE} at a time`, async () => {
    let inFlight = 0;
    let most = 0;
    const order: string[] = [];
    let clock = 0;
    const queue = new FieldQueue({
      storage: memoryStorage(),
      now: () => (clock += 1),
      send: async (item) => {
        order.push(item.placeId);
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return { status: 201, body: {} };
      },
    });
    for (const placeId of ['a', 'b', 'c', 'd', 'e']) await queue.enqueue({ placeId, placeVersion: 1, submission: SUBMISSION });
    expect(await queue.drain()).toBe(5);
    expect([order, most]).toEqual([['a', 'b', 'c', 'd', 'e'], SENDING_AT_ONCE]);
  });

  it(`keeps the ${SENT_KEPT} latest sent items listed and forgets older ones`, async () => {
    const { queue, advance } = harness(Array.from({ length: SENT_KEPT + 3 }, () => ({ status: 201, body: {} })));
    for (let i = 0; i < SENT_KEPT + 3; i += 1) {
      await queue.enqueue({ placeId: i, placeVersion: 1, submission: SUBMISSION });
      await queue.drain();
      advance(1);
    }
    const kept = await queue.list();
    expect(kept).toHaveLength(SENT_KEPT);
    expect(kept[0]!.placeId).toBe('3');
  });
});
