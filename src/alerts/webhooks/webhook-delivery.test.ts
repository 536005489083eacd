import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedIn, type Person } from '../../registry/pages.test-support.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { OutboxItem } from '../channels/channel.js';
import { RETRY_WINDOW_MS, WebhookChannel } from '../channels/webhook-channel.js';
import { AddressRules } from '../../config/webhook-settings.js';
import { WebhookUrlPolicy } from './url-policy.js';
import { WebhookDelivery } from './webhook-delivery.js';
import { WebhookPoster } from './webhook-http.js';
import { WebhookRepository, type WebhookRow } from './webhook.repository.js';
import { WebhookUrlError } from './webhook.service.js';
import { verifyWebhookSignature } from './webhook-signature.js';

/** A receiver on loopback answering each request with the next status queued (200 when none). */
class Receiver {
  readonly received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  readonly statuses: number[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(this.statuses.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const PAUSE_AFTER = 3;
let t: TestApp;
let dealer: Person;
let colleague: Person;
let stranger: Person;
const receiver = new Receiver();
let clock = new Date('2026-12-07T15:00:00.000Z');
const paused: Array<{ id: number; error: string; at: string }> = [];
let channel: WebhookChannel;
let repository: WebhookRepository;
let items = 0;

function item(webhookId: number, attempts = 0, createdAt = clock.toISOString(), payload: unknown = { event: 'alert', objectId: 'obj-1', title: 'Blue jar' }): OutboxItem {
  items += 1;
  return { id: items, idempotencyKey: `alert-${items}:webhook-${webhookId}`, channel: 'webhook', recipient: String(webhookId), payload, attempts, createdAt };
}

beforeAll(async () => {
  await receiver.start();
  t = await createTestApp(undefined, { EGIDE_WEBHOOK_ALLOW: '127.0.0.0/8', EGIDE_WEBHOOK_ALLOW_HTTP: 'true', EGIDE_WEBHOOK_PAUSE_AFTER: String(PAUSE_AFTER) });
  dealer = await signedIn(t, 'registrar', 'dealer-house');
  colleague = await signedIn(t, 'registrar', 'dealer-house');
  stranger = await signedIn(t, 'registrar', 'other-house');
  repository = new WebhookRepository(t.context.db);
  const now = () => clock;
  const delivery = new WebhookDelivery(repository, new WebhookUrlPolicy(t.context.config.webhooks), new WebhookPoster(), t.context.config.webhooks.secretKey, now);
  channel = new WebhookChannel({ webhooks: repository, delivery, pauseAfter: PAUSE_AFTER, notices: { paused: async (webhook: WebhookRow, error: string, at: Date) => void paused.push({ id: webhook.id, error, at: at.toISOString() }) }, now, random: () => 0.5 });
}, 60_000);
afterAll(async () => {
  await t.close();
  await receiver.close();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.statuses.length = 0;
  clock = new Date(clock.getTime() + 60_000);
});

describe('webhooks', () => {
  it('are registered with a secret shown once and kept sealed, managed by their organisation only', async () => {
    const { webhook, secret } = await t.context.webhooks.create(dealer.principal, { label: 'Stock system', url: receiver.url });
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ label: 'Stock system', url: receiver.url, status: 'active', organisation: { slug: 'dealer-house' }, owner: { userId: dealer.principal.userId } });
    expect(JSON.stringify(webhook)).not.toContain(secret);
    const stored = await repository.find(webhook.id);
    expect(stored!.secret).not.toContain(secret.slice(6));
    expect((await t.context.webhooks.list(colleague.principal)).map((w) => w.id)).toContain(webhook.id);
    expect(await t.context.webhooks.isUsableBy(colleague.principal, webhook.id)).toBe(true);
    expect(await t.context.webhooks.isUsableBy(stranger.principal, webhook.id)).toBe(false);
    expect(await t.context.webhooks.list(stranger.principal)).toEqual([]);
    await expect(t.context.webhooks.get(stranger.principal, webhook.id)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('refuse a URL the address policy refuses, naming the field and the reason', async () => {
    const strict = await createTestApp(undefined, {});
    try {
      const person = await signedIn(strict, 'registrar', 'dealer-house');
      for (const [url, reason] of [[receiver.url, 'scheme'], [receiver.url.replace('http:', 'https:'), 'blocked'], ['https://169.254.169.254/latest/meta-data', 'blocked'], ['https://[::1]/', 'blocked']] as const) {
        const error = await strict.context.webhooks.create(person.principal, { label: 'x', url }).catch((caught: unknown) => caught);
        expect(error, url).toBeInstanceOf(WebhookUrlError);
        expect((error as WebhookUrlError).reason).toBe(reason);
        expect((error as WebhookUrlError).issues[0]!.field).toBe('url');
      }
    } finally {
      await strict.close();
    }
  });

  it('post the delivery signed, with its key and event, verifiable by the receiver; the attempt is logged', async () => {
    const { webhook, secret } = await t.context.webhooks.create(dealer.principal, { label: 'Signed', url: receiver.url });
    const queued = item(webhook.id);
    expect(await channel.deliver(queued)).toEqual({ kind: 'delivered', detail: 'HTTP 200' });
    const [request] = receiver.received;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-egide-delivery']).toBe(queued.idempotencyKey);
    expect(request!.headers['x-egide-event']).toBe('alert');
    expect(verifyWebhookSignature(secret, request!.headers['x-egide-signature'] as string, request!.body, { now: clock.getTime() })).toEqual({ valid: true, timestamp: Math.floor(clock.getTime() / 1000) });
    expect(JSON.parse(request!.body)).toEqual({ id: queued.idempotencyKey, event: 'alert', createdAt: queued.createdAt, data: queued.payload });
    // Replayed ten minutes later, the same request is refused by the receiver's check.
    expect(verifyWebhookSignature(secret, request!.headers['x-egide-signature'] as string, request!.body, { now: clock.getTime() + 600_000 }).valid).toBe(false);
    const log = await t.context.webhooks.attempts(dealer.principal, webhook.id, 1);
    expect(log.items).toEqual([{ deliveryId: queued.idempotencyKey, event: 'alert', attempt: 1, at: clock.toISOString(), durationMs: expect.any(Number) as number, statusCode: 200, error: null, outcome: 'delivered' }]);
  });

  it('retry a failure with exponential back-off for 24 hours, then fail it', async () => {
    const { webhook } = await t.context.webhooks.create(dealer.principal, { label: 'Flaky', url: receiver.url });
    receiver.statuses.push(500, 503);
    const first = await channel.deliver(item(webhook.id, 0));
    // random() = 0.5: three quarters of 30 s, then of 60 s.
    expect(first).toEqual({ kind: 'retry', error: 'HTTP 500', retryAt: new Date(clock.getTime() + 22_500) });
    expect(await channel.deliver(item(webhook.id, 1))).toEqual({ kind: 'retry', error: 'HTTP 503', retryAt: new Date(clock.getTime() + 45_000) });
    // A success clears the failures in a row.
    expect((await channel.deliver(item(webhook.id, 2))).kind).toBe('delivered');
    expect((await t.context.webhooks.get(dealer.principal, webhook.id)).consecutiveFailures).toBe(0);
    // Queued 23 h 30 min ago: the next retry would come after its day, so it is failed.
    receiver.statuses.push(500);
    const late = await channel.deliver(item(webhook.id, 15, new Date(clock.getTime() - RETRY_WINDOW_MS + 30 * 60_000).toISOString()));
    expect(late).toEqual({ kind: 'failed', error: 'HTTP 500 (retried for 24 hours)' });
    const log = await t.context.webhooks.attempts(dealer.principal, webhook.id, 1);
    expect(log.items.map((attempt) => [attempt.attempt, attempt.statusCode, attempt.outcome])).toEqual([[16, 500, 'failed'], [3, 200, 'delivered'], [2, 503, 'retry'], [1, 500, 'retry']]);
  });

  it('log a receiver that does not answer as an attempt without status', async () => {
    const { webhook } = await t.context.webhooks.create(dealer.principal, { label: 'Gone', url: 'http://127.0.0.1:9/hook' });
    const outcome = await channel.deliver(item(webhook.id));
    expect(outcome.kind).toBe('retry');
    const [attempt] = (await t.context.webhooks.attempts(dealer.principal, webhook.id, 1)).items;
    expect(attempt).toMatchObject({ statusCode: null, outcome: 'retry' });
    expect(attempt!.error).toMatch(/ECONNREFUSED/);
  });

  it('check the address again at each delivery: a host that now resolves to a metadata address gets nothing', async () => {
    const { webhook } = await t.context.webhooks.create(dealer.principal, { label: 'Rebound', url: receiver.url });
    await t.context.db.updateTable('webhooks').set({ url: 'http://169.254.169.254/latest/meta-data' }).where('id', '=', webhook.id).execute();
    const outcome = await channel.deliver(item(webhook.id));
    expect(outcome).toMatchObject({ kind: 'retry', error: expect.stringMatching(/169\.254\.169\.254.*non-public/) as string });
    expect(receiver.received).toHaveLength(0);
    expect((await t.context.webhooks.attempts(dealer.principal, webhook.id, 1)).items[0]).toMatchObject({ statusCode: null, outcome: 'retry' });
  });

  it('connect to the address the policy checked, without looking the host up again', async () => {
    // A name no DNS knows: only the pinned address can reach the receiver.
    const pinning = new WebhookUrlPolicy({ allow: AddressRules.parse('EGIDE_WEBHOOK_ALLOW', 'receiver.invalid'), deny: AddressRules.parse('EGIDE_WEBHOOK_DENY', undefined), allowHttp: true }, async () => [{ address: '127.0.0.1', family: 4 }]);
    const { url, pinned } = await pinning.check(receiver.url.replace('127.0.0.1', 'receiver.invalid'));
    const poster = new WebhookPoster();
    try {
      expect(await poster.post(url, pinned, '{}', { 'Content-Type': 'application/json' })).toEqual({ status: 200 });
      expect(receiver.received[0]!.headers.host).toBe(url.host);
    } finally {
      poster.close();
    }
  });

  it('give up on a receiver that does not answer in time', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const poster = new WebhookPoster(200);
    try {
      const url = new URL(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`);
      expect(await poster.post(url, { address: '127.0.0.1', family: 4 }, '{}', {})).toEqual({ status: null, error: 'no answer within 0.2 s' });
    } finally {
      poster.close();
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('pause a webhook after repeated failures, telling its owner once; its deliveries wait until it is resumed', async () => {
    const { webhook } = await t.context.webhooks.create(dealer.principal, { label: 'Down', url: receiver.url });
    paused.length = 0;
    receiver.statuses.push(500, 500, 500);
    for (let i = 0; i < PAUSE_AFTER; i++) expect((await channel.deliver(item(webhook.id, i))).kind).toBe('retry');
    const pause = { id: webhook.id, error: 'HTTP 500', at: clock.toISOString() };
    expect(paused).toEqual([pause]);
    expect(await t.context.webhooks.get(colleague.principal, webhook.id)).toMatchObject({ status: 'paused', pauseReason: 'failures', consecutiveFailures: PAUSE_AFTER, pausedAt: clock.toISOString() });
    // Paused: nothing is posted, the delivery waits; the same pause is announced again (one notice by its key,
    // or the notice a process stopped before queuing), with the last attempt's error.
    clock = new Date(clock.getTime() + 60_000);
    const waiting = item(webhook.id, PAUSE_AFTER);
    const outcome = await channel.deliver(waiting);
    expect(outcome).toMatchObject({ kind: 'retry', error: 'the webhook is paused' });
    expect(receiver.received).toHaveLength(PAUSE_AFTER);
    expect(paused).toEqual([pause, pause]);
    // Resumed: it goes out at its next attempt.
    expect((await t.context.webhooks.resume(colleague.principal, webhook.id)).status).toBe('active');
    expect((await channel.deliver({ ...waiting, attempts: PAUSE_AFTER + 1 })).kind).toBe('delivered');
    // Paused by its owner, its deliveries are failed once their day is over.
    await t.context.webhooks.pause(dealer.principal, webhook.id);
    expect(await channel.deliver(item(webhook.id, 0, new Date(clock.getTime() - RETRY_WINDOW_MS + 60_000).toISOString()))).toEqual({ kind: 'failed', error: 'the webhook stayed paused for 24 hours' });
    expect(paused).toHaveLength(2);
  });

  it('fail the deliveries of a deleted webhook, and send a test delivery on demand', async () => {
    const { webhook } = await t.context.webhooks.create(dealer.principal, { label: 'Test me', url: receiver.url });
    const test = await t.context.webhooks.sendTest(dealer.principal, webhook.id);
    expect(test).toMatchObject({ event: 'ping', attempt: 1, statusCode: 200, outcome: 'delivered', error: null });
    expect(receiver.received[0]!.headers['x-egide-event']).toBe('ping');
    receiver.statuses.push(404);
    expect(await t.context.webhooks.sendTest(dealer.principal, webhook.id)).toMatchObject({ statusCode: 404, outcome: 'failed', error: 'HTTP 404' });
    // A test counts for nothing in the webhook's failures.
    expect((await t.context.webhooks.get(dealer.principal, webhook.id)).consecutiveFailures).toBe(0);
    await expect(t.context.webhooks.delete(stranger.principal, webhook.id)).rejects.toMatchObject({ kind: 'not-found' });
    await t.context.webhooks.delete(colleague.principal, webhook.id);
    expect(await channel.deliver(item(webhook.id))).toEqual({ kind: 'failed', error: `webhook ${webhook.id} was deleted` });
  });
});
