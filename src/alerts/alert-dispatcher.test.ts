import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeObject, report, signedIn, type Person } from '../registry/pages.test-support.js';
import { isSubscriptionAlert } from '../notifications/subscription-alerts.js';
import { startSmtpSink, type SmtpSink } from '../test-support/smtp-sink.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import type { AlertEvent } from './alert-event.js';
import type { SubscriptionChannels } from './subscriptions/subscription.js';

let t: TestApp;
let smtp: SmtpSink;
let owner: Person;
let dealer: Person;
let investigator: Person;

const inAppOnly: SubscriptionChannels = { inApp: true, email: 'off', webhookId: null };

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp(undefined, { EGIDE_SMTP_URL: smtp.url, EGIDE_BASE_URL: 'https://egide.example.org' });
  owner = await signedIn(t, 'registrar', 'alert-museum');
  dealer = await signedIn(t, 'registrar', 'alert-dealer');
  investigator = await signedIn(t, 'investigator', 'alert-police');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const alerts = () => t.context.alerts;
async function dispatchAndDeliver() {
  const result = await alerts().dispatcher.dispatchPending();
  await alerts().outbox.drain();
  return result;
}
const inboxOf = async (person: Person) => (await alerts().subscriptions.inbox(person.principal, 50, 0)).items.filter(isSubscriptionAlert);

describe('raising alerts from the history', () => {
  it('raises one alert per entry into stolen or missing, and none for other changes', async () => {
    const object = await makeObject(t, owner, { title: { en: 'Celadon ewer with cranes' } });
    const follower = await alerts().subscriptions.create(dealer.principal, { kind: 'search', label: 'Celadon', query: { q: 'celadon cranes' }, channels: inAppOnly, lang: 'en' });
    await report(t, owner, object.id, true);
    expect((await dispatchAndDeliver()).raised).toBe(1);
    // A second pass finds nothing more: the queue row went with the alert.
    expect((await dispatchAndDeliver()).raised).toBe(0);
    const viewed = await t.context.objects.get(owner.principal, object.id);
    await t.context.objects.changeStatus(owner.principal, object.id, 'recovered', 'found at a fair', viewed.version);
    expect((await dispatchAndDeliver()).raised).toBe(0);
    const inbox = await inboxOf(dealer);
    expect(inbox.filter((item) => item.objectId === object.id)).toMatchObject([{ status: 'stolen', subscriptionLabel: follower.label, read: false }]);
    expect(await alerts().subscriptions.unreadAlerts(dealer.principal)).toBeGreaterThanOrEqual(1);
  });

  it('reaches a subscriber only with what they may see: an unpublished theft reaches investigators, not other museums', async () => {
    const object = await makeObject(t, owner, { title: { en: 'Lacquered tray with phoenix' } });
    await alerts().subscriptions.create(dealer.principal, { kind: 'search', label: 'Phoenix', query: { q: 'phoenix' }, channels: inAppOnly, lang: 'en' });
    await alerts().subscriptions.create(investigator.principal, { kind: 'search', label: 'Phoenix', query: { q: 'phoenix' }, channels: inAppOnly, lang: 'en' });
    await report(t, owner, object.id, false);
    await dispatchAndDeliver();
    expect((await inboxOf(dealer)).some((item) => item.objectId === object.id)).toBe(false);
    expect((await inboxOf(investigator)).some((item) => item.objectId === object.id)).toBe(true);
  });

  it('matches saved searches by facets and followed objects, and leaves the others alone', async () => {
    const vase = await makeObject(t, owner, { title: { en: 'Porcelain vase' }, dating: { display: '1720', earliest: 1720, latest: 1725 } });
    const other = await makeObject(t, owner, { title: { en: 'Bronze mirror' } });
    const byCentury = await alerts().subscriptions.create(dealer.principal, { kind: 'search', label: '18th century', query: { period: ['1700'], q: 'porcel' }, channels: inAppOnly, lang: 'en' });
    const byOtherCentury = await alerts().subscriptions.create(dealer.principal, { kind: 'search', label: '15th century', query: { period: ['1400'] }, channels: inAppOnly, lang: 'en' });
    // Objects are followed by those who see them beforehand: here, their museum.
    await alerts().subscriptions.create(owner.principal, { kind: 'objects', label: 'Mirror', objectIds: [other.id], channels: inAppOnly, lang: 'en' });
    await report(t, owner, vase.id, true);
    await report(t, owner, other.id, true);
    await dispatchAndDeliver();
    const dealerInbox = await inboxOf(dealer);
    expect(dealerInbox.filter((item) => item.objectId === vase.id).map((item) => item.subscriptionLabel)).toEqual([byCentury.label]);
    expect(dealerInbox.some((item) => item.subscriptionLabel === byOtherCentury.label)).toBe(false);
    expect((await inboxOf(owner)).filter((item) => item.objectId === other.id).map((item) => item.subscriptionLabel)).toEqual(['Mirror']);
    expect(dealerInbox.some((item) => item.objectId === other.id)).toBe(false);
  });

  it('lets every listener handle each alert at least once, asking again one that answered later or failed', async () => {
    const seen: Array<{ listener: string; event: AlertEvent }> = [];
    let answers: Array<'done' | 'later' | 'throw'> = ['later', 'done'];
    alerts().dispatcher.registerListener({
      name: 'test-patient',
      handle: async (event) => {
        seen.push({ listener: 'patient', event });
        const answer = answers.shift() ?? 'done';
        if (answer === 'throw') throw new Error('not now');
        return answer;
      },
    });
    const object = await makeObject(t, owner, { title: { en: 'Ivory comb' } });
    await report(t, owner, object.id, true, { method: 'loss' });
    await alerts().dispatcher.dispatchPending();
    expect(seen.map((entry) => entry.event)).toEqual([expect.objectContaining({ objectId: object.id, status: 'missing', published: true })]);
    // Asked again once its pause is over (2 s after a first `later`).
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await alerts().dispatcher.dispatchPending();
    expect(seen).toHaveLength(2);
    await alerts().dispatcher.dispatchPending();
    expect(seen).toHaveLength(2);
    answers = ['throw'];
    const second = await makeObject(t, owner, { title: { en: 'Ivory box' } });
    await report(t, owner, second.id, true);
    await alerts().dispatcher.dispatchPending();
    expect(seen).toHaveLength(3);
  });
});

describe('in the background', () => {
  it('raises and delivers a new alert within seconds, as the server runs it', async () => {
    const object = await makeObject(t, owner, { title: { en: 'Gilt bronze bodhisattva' } });
    await alerts().subscriptions.create(dealer.principal, { kind: 'search', label: 'Bodhisattva', query: { q: 'bodhisattva' }, channels: inAppOnly, lang: 'en' });
    alerts().start();
    try {
      await report(t, owner, object.id, true);
      const until = Date.now() + 10_000;
      while (!(await inboxOf(dealer)).some((item) => item.objectId === object.id)) {
        expect(Date.now()).toBeLessThan(until);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await alerts().dispatcher.stop();
      await alerts().outbox.stop();
    }
  });
});

describe('alerts by e-mail', () => {
  it('sends one e-mail per alert in the subscriber’s language, with a one-click unsubscribe link that works without signing in', async () => {
    const object = await makeObject(t, owner, { title: { fr: 'Aiguière en céladon aux grues', en: 'Celadon ewer, cranes' } });
    const subscription = await alerts().subscriptions.create(owner.principal, { kind: 'objects', label: 'Aiguière', objectIds: [object.id], channels: { inApp: false, email: 'immediate', webhookId: null }, lang: 'fr' });
    const before = smtp.messages.length;
    await report(t, owner, object.id, false);
    await dispatchAndDeliver();
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.to).toEqual([expect.stringMatching(/^person\d+-registrar@alert-museum\.test$/)]);
    expect(mail!.subject).toBe('[Egide] Volé : Aiguière en céladon aux grues');
    expect(mail!.body).toContain('Un objet que suit votre abonnement « Aiguière » vient d’être signalé');
    expect(mail!.body).toContain(`https://egide.example.org/fr/objects/${object.id}`);
    const unsubscribe = /<(https:\/\/egide\.example\.org\/fr\/alerts\/unsubscribe\/[\w-]+)>/.exec(mail!.headers.get('list-unsubscribe') ?? '')?.[1];
    expect(unsubscribe).toBeDefined();
    expect(mail!.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail!.body).toContain(unsubscribe);

    // One click (RFC 8058: a POST without session or form token).
    const response = await t.app.request(unsubscribe!.replace('https://egide.example.org', ''), { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) });
    expect(response.status).toBe(200);
    expect((await alerts().subscriptions.get(owner.principal, subscription.id)).channels.email).toBe('off');
    // The next alert of the object is not mailed.
    const viewed = await t.context.objects.get(owner.principal, object.id);
    await t.context.objects.changeStatus(owner.principal, object.id, 'disputed', 'claimed', viewed.version);
    await t.context.objects.changeStatus(owner.principal, object.id, 'stolen', 'stolen again', viewed.version + 1);
    expect((await dispatchAndDeliver()).raised).toBe(1);
    expect(smtp.messages.length).toBe(before + 1);
  });

  it('retries a delivery the server put off, and fails one it refused for good', async () => {
    const object = await makeObject(t, owner, { title: { en: 'Jade cicada' } });
    await alerts().subscriptions.create(owner.principal, { kind: 'objects', label: 'Cicada', objectIds: [object.id], channels: { inApp: false, email: 'immediate', webhookId: null }, lang: 'en' });
    smtp.refuseWith(451);
    await report(t, owner, object.id, false);
    await dispatchAndDeliver();
    const key = (await t.context.db.selectFrom('alert_outbox').select(['idempotency_key', 'state', 'attempts', 'last_error']).where('channel', '=', 'email').orderBy('id', 'desc').executeTakeFirstOrThrow());
    expect(key).toMatchObject({ state: 'pending', attempts: 1 });
    smtp.refuseWith(undefined);
    await t.context.db.updateTable('alert_outbox').set({ due_at: new Date(0).toISOString() }).where('idempotency_key', '=', key.idempotency_key).execute();
    const before = smtp.messages.length;
    await alerts().outbox.drain();
    await smtp.waitFor(before + 1);
    expect(await t.context.db.selectFrom('alert_outbox').select(['state', 'attempts']).where('idempotency_key', '=', key.idempotency_key).executeTakeFirstOrThrow()).toEqual({ state: 'delivered', attempts: 2 });

    const refused = await makeObject(t, owner, { title: { en: 'Jade dragon' } });
    await alerts().subscriptions.create(owner.principal, { kind: 'objects', label: 'Dragon', objectIds: [refused.id], channels: { inApp: false, email: 'immediate', webhookId: null }, lang: 'en' });
    smtp.refuseWith(550);
    await report(t, owner, refused.id, false);
    await dispatchAndDeliver();
    smtp.refuseWith(undefined);
    const last = await t.context.db.selectFrom('alert_outbox').select(['state', 'attempts', 'last_error']).where('channel', '=', 'email').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ state: 'failed', attempts: 1, last_error: expect.stringContaining('refused') });
  });

  it('gathers a subscriber’s alerts in one daily digest, sent at the digest hour', async () => {
    const digester = await signedIn(t, 'registrar', 'alert-museum');
    await alerts().subscriptions.create(digester.principal, { kind: 'search', label: 'Enamels', query: { q: 'cloisonne' }, channels: { inApp: false, email: 'digest', webhookId: null }, lang: 'es' });
    const first = await makeObject(t, owner, { title: { en: 'Cloisonne censer', es: 'Incensario de cloisonné' } });
    const second = await makeObject(t, owner, { title: { en: 'Cloisonne vase', es: 'Jarrón de cloisonné' } });
    await report(t, owner, first.id, true);
    await report(t, owner, second.id, true);
    const before = smtp.messages.length;
    await dispatchAndDeliver();
    const digest = await t.context.db.selectFrom('alert_outbox').select(['idempotency_key', 'state', 'due_at']).where('idempotency_key', 'like', `digest:${digester.principal.userId}:%`).execute();
    expect(digest).toEqual([expect.objectContaining({ state: 'pending', due_at: expect.stringMatching(/T07:00:00\.000Z$/) })]);
    expect(smtp.messages.length).toBe(before);
    // The digest hour comes.
    await t.context.db.updateTable('alert_outbox').set({ due_at: new Date(0).toISOString() }).where('idempotency_key', '=', digest[0]!.idempotency_key).execute();
    await alerts().outbox.drain();
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.subject).toBe('[Egide] 2 alertas nuevas');
    expect(mail!.body).toContain('Incensario de cloisonné');
    expect(mail!.body).toContain('Jarrón de cloisonné');
    expect(mail!.headers.get('list-unsubscribe')).toMatch(/\/es\/alerts\/unsubscribe\//);
    const left = await t.context.db.selectFrom('alert_digest_items').select('sent_at').where('user_id', '=', digester.principal.userId).execute();
    expect(left.every((row) => row.sent_at !== null)).toBe(true);
  });
});
