import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeObject, report, signedIn, type Person } from '../../registry/pages.test-support.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { verifyWebhookSignature } from './webhook-signature.js';

/** A new alert reaching a dealer's system: subscription → dispatcher → outbox → webhook channel → receiver. */
let t: TestApp;
let museum: Person;
let dealer: Person;
let server: Server;
let url: string;
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/egide`;
  t = await createTestApp(undefined, { EGIDE_WEBHOOK_ALLOW: '127.0.0.1', EGIDE_WEBHOOK_ALLOW_HTTP: 'true' });
  museum = await signedIn(t, 'registrar', 'lake-museum');
  dealer = await signedIn(t, 'registrar', 'harbour-dealers');
}, 60_000);
afterAll(async () => {
  await t.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('an alert through a webhook', () => {
  it('reaches the subscriber’s system once, signed, with the outbox’s idempotency key, and is logged', async () => {
    const { webhook, secret } = await t.context.webhooks.create(dealer.principal, { label: 'Stock system', url });
    await t.context.alerts.subscriptions.create(dealer.principal, { kind: 'search', label: 'Celadon', query: { q: 'celadon' }, channels: { inApp: false, email: 'off', webhookId: webhook.id }, lang: 'en' });
    const object = await makeObject(t, museum, { title: { en: 'Celadon ewer', fr: 'Aiguière céladon', es: 'Aguamanil celadón' } });
    await report(t, museum, object.id, true);
    await t.context.alerts.dispatcher.dispatchPending();
    await t.context.alerts.outbox.drain();
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(verifyWebhookSignature(secret, delivery!.headers['x-egide-signature'] as string, delivery!.body).valid).toBe(true);
    expect(delivery!.headers['x-egide-event']).toBe('alert');
    const body = JSON.parse(delivery!.body) as { id: string; event: string; data: { objectId: string; status: string } };
    expect(body.id).toBe(delivery!.headers['x-egide-delivery']);
    expect(body.data).toMatchObject({ objectId: object.id, status: 'stolen' });
    // Dispatched and drained again: nothing more is sent.
    await t.context.alerts.dispatcher.dispatchPending();
    await t.context.alerts.outbox.drain();
    expect(received).toHaveLength(1);
    const log = await t.context.webhooks.attempts(dealer.principal, webhook.id, 1);
    expect(log.items).toMatchObject([{ deliveryId: body.id, event: 'alert', attempt: 1, statusCode: 200, outcome: 'delivered' }]);
  });
});
