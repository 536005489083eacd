import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSubscriptionAlert } from '../notifications/subscription-alerts.js';
import { makeObject, report, signedIn, type Person } from '../registry/pages.test-support.js';
import { startSmtpSink, type SmtpSink } from '../test-support/smtp-sink.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import type { AlertEvent } from './alert-event.js';
import { alertStorage } from './alert-storage.repository.js';
import { alertDelivery, channelItems } from './subscriptions/alert-delivery.js';
import type { Subscription } from './subscriptions/subscription.js';
import type { ImageWatchEvidence } from './watch/image-watch.listener.js';

/** What reaches a person besides plain alerts: an image watch's evidence, a revoked certificate, a webhook paused. */
let t: TestApp;
let smtp: SmtpSink;
let museum: Person;
let dealer: Person;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp(undefined, {
    EGIDE_SMTP_URL: smtp.url,
    EGIDE_BASE_URL: 'https://egide.example.org',
    // Nothing listens on port 9 of the loopback: every delivery fails at once.
    EGIDE_WEBHOOK_ALLOW: '127.0.0.1',
    EGIDE_WEBHOOK_ALLOW_HTTP: 'true',
    EGIDE_WEBHOOK_PAUSE_AFTER: '2',
  });
  museum = await signedIn(t, 'registrar', 'notice-museum');
  dealer = await signedIn(t, 'registrar', 'notice-dealer');
}, 60_000);
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const alerts = () => t.context.alerts;
const page = async (person: Person, path: string) => {
  const response = await person.browser.get(path);
  expect(response.status).toBe(200);
  return response.text();
};

/** An alert of a stolen object, raised by the dispatcher as in production. */
async function stolenObject(title: string): Promise<{ objectId: string; event: AlertEvent }> {
  const object = await makeObject(t, museum, { title: { en: title } });
  await report(t, museum, object.id, true);
  await alerts().dispatcher.dispatchPending();
  const event = (await alertStorage(t.context.db).alerts.eventsOf(object.id))[0]!;
  return { objectId: object.id, event };
}

describe('one alert payload and its channels', () => {
  it('queues the webhook before the in-app and e-mail deliveries, each under its own key', () => {
    const subscription = { id: 's1', userId: 7, label: 'Ewers', lang: 'fr', channels: { inApp: true, email: 'immediate', webhookId: 3 } } as Subscription;
    const event: AlertEvent = { id: 5, objectSeq: 1, objectId: 'o1', organisationId: 1, status: 'stolen', published: true, occurredAt: '2026-12-07T00:00:00Z' };
    const payload = alertDelivery(event, subscription);
    expect(payload).toEqual({ kind: 'alert', eventId: 5, objectId: 'o1', status: 'stolen', subscriptionId: 's1', subscriptionLabel: 'Ewers', lang: 'fr' });
    expect(channelItems(subscription, payload, { person: 'p', webhook: 'w' }).map((item) => [item.channel, item.idempotencyKey, item.recipient])).toEqual([
      ['webhook', 'w:3', '3'],
      ['in-app', 'p:in-app', '7'],
      ['email', 'p:email', '7'],
    ]);
  });
});

describe('an image watch’s evidence', () => {
  it('is shown in the notifications page (the stock photo’s thumbnail and score) and in the e-mail', async () => {
    const watch = await alerts().subscriptions.create(dealer.principal, { kind: 'image-watch', label: 'Winter stock', channels: { inApp: true, email: 'immediate', webhookId: null }, lang: 'en' });
    const { objectId, event } = await stolenObject('Bronze incense burner');
    const evidence: ImageWatchEvidence = {
      kind: 'image-watch',
      matches: [{ watchedPhotoId: 'w1', label: 'burner-front.jpg', thumbnailPath: `/media/watches/${watch.id}/photos/w1`, verdict: 'match', score: 0.87, inliers: 41, alertPhotoId: 'p1' }],
    };
    const before = smtp.messages.length;
    await alerts().outbox.enqueue(channelItems(watch, alertDelivery(event, watch, { ...evidence }), { person: `test:${event.id}`, webhook: `test:${event.id}:webhook` }));
    await alerts().outbox.drain();

    const html = await page(dealer, '/en/notifications');
    expect(html).toContain(`src="/media/watches/${watch.id}/photos/w1"`);
    expect(html).toContain('burner-front.jpg: match, score 87');
    expect(html).toContain(`/en/objects/${objectId}`);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.body).toContain('Found in your stock photos:');
    expect(mail!.body).toContain('burner-front.jpg: match, score 87');
  });
});

describe('a certificate revoked by an alert', () => {
  it('links the certificate’s page from the notifications page', async () => {
    const { objectId } = await stolenObject('Gilt bronze Buddha');
    await alerts().outbox.enqueue([
      {
        idempotencyKey: 'certificate-revoked:cert-1:test',
        channel: 'in-app',
        recipient: String(dealer.principal.userId),
        payload: { kind: 'certificate-revoked', certificateId: 'cert-1', objectId, status: 'stolen', match: 'text', lot: 'Buddha', subscriptionLabel: 'Buddha (cert-1)' },
      },
    ]);
    await alerts().outbox.drain();
    const items = (await alerts().subscriptions.inbox(dealer.principal, 50, 0, 'en')).items.filter(isSubscriptionAlert);
    expect(items.find((item) => item.certificateId === 'cert-1')).toMatchObject({ kind: 'certificate-revoked', objectId, status: 'stolen' });
    const html = await page(dealer, '/fr/notifications');
    expect(html).toContain('href="/fr/certificates/cert-1"');
  });
});

describe('a webhook paused after repeated failures', () => {
  it('tells its owner once, in the app and by e-mail in their language, with a link to resume it', async () => {
    const { webhook } = await t.context.webhooks.create(dealer.principal, { label: 'Shop system', url: 'http://127.0.0.1:9/hook' });
    await alerts().subscriptions.create(dealer.principal, { kind: 'search', label: 'Lacquer', query: { q: 'lacquer' }, channels: { inApp: false, email: 'off', webhookId: webhook.id }, lang: 'es' });
    const before = smtp.messages.length;
    // Three deliveries fail: the second failure in a row pauses it (EGIDE_WEBHOOK_PAUSE_AFTER=2), once.
    for (const title of ['Lacquer box', 'Lacquer tray', 'Lacquer screen']) await stolenObject(title);
    await alerts().outbox.drain();
    await alerts().outbox.drain();

    expect((await t.context.webhooks.get(dealer.principal, webhook.id)).status).toBe('paused');
    const notices = (await alerts().subscriptions.inbox(dealer.principal, 50, 0, 'en')).items.filter((item) => item.kind === 'webhook-paused');
    expect(notices).toEqual([expect.objectContaining({ webhookId: webhook.id, webhookLabel: 'Shop system', url: 'http://127.0.0.1:9/hook', read: false })]);
    expect(await alerts().subscriptions.unreadAlerts(dealer.principal)).toBeGreaterThanOrEqual(1);
    const html = await page(dealer, '/en/notifications');
    expect(html).toContain('Webhook “Shop system” paused after repeated failures');
    expect(html).toContain(`href="/en/alerts/webhooks/${webhook.id}"`);

    const mails = (await smtp.waitFor(before + 1)).slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('[Egide] Webhook «Shop system» en pausa');
    expect(mails[0]!.body).toContain(`https://egide.example.org/es/alerts/webhooks/${webhook.id}`);
  });
});
