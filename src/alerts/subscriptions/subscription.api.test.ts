import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_FIELD } from '../../http/csrf.js';
import { html, makeObject, report, signedIn, visitor, type Person } from '../../registry/pages.test-support.js';
import { hiddenInput } from '../../test-support/browser.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let dealer: Person;
let museum: Person;
let dealerToken: string;
let otherToken: string;

beforeAll(async () => {
  t = await createTestApp();
  dealer = await signedIn(t, 'registrar', 'sub-dealer');
  museum = await signedIn(t, 'registrar', 'sub-museum');
  dealerToken = await t.context.accounts.createApiToken('sub-dealer', 'registrar', 'test');
  otherToken = await t.token('investigator', 'interpol');
});
afterAll(() => t.close());

const api = (method: string, path: string, token: string | undefined, body?: unknown) =>
  t.app.request(`/api/v1${path}`, { method, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });

const channels = { inApp: true, email: 'digest', webhookId: null };

describe('the subscriptions API', () => {
  it('keeps each caller’s subscriptions their own', async () => {
    const created = await api('POST', '/subscriptions', dealerToken, { kind: 'search', label: 'Korean celadon', search: 'q=celadon&country=KR&type=ceramics', channels, lang: 'fr' });
    expect(created.status).toBe(201);
    const subscription = (await created.json()) as { id: string; search: string; channels: unknown; lang: string };
    expect(subscription).toMatchObject({ search: 'q=celadon&type=ceramics&country=KR', channels, lang: 'fr' });
    const list = (await (await api('GET', '/subscriptions', dealerToken)).json()) as { items: Array<{ id: string }> };
    expect(list.items.map((item) => item.id)).toContain(subscription.id);
    expect((await api('GET', `/subscriptions/${subscription.id}`, otherToken)).status).toBe(404);
    expect((await api('DELETE', `/subscriptions/${subscription.id}`, otherToken)).status).toBe(404);
    const changed = await api('PUT', `/subscriptions/${subscription.id}`, dealerToken, { label: 'Celadon', channels: { inApp: false, email: 'immediate', webhookId: null }, lang: 'es' });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ label: 'Celadon', channels: { inApp: false, email: 'immediate' }, lang: 'es', search: subscription.search });
    expect((await api('DELETE', `/subscriptions/${subscription.id}`, dealerToken)).status).toBe(204);
    expect((await api('GET', `/subscriptions/${subscription.id}`, dealerToken)).status).toBe(404);
  });

  it('names what is wrong: an empty search, an object one does not see, a webhook one does not have', async () => {
    const fields = async (body: Record<string, unknown>) => {
      const response = await api('POST', '/subscriptions', dealerToken, { label: 'x', channels, lang: 'en', ...body });
      expect(response.status).toBe(400);
      return ((await response.json()) as { errors?: Array<{ field: string }> }).errors?.map((issue) => issue.field);
    };
    expect(await fields({ kind: 'search', search: '' })).toEqual(['query']);
    const hidden = await makeObject(t, museum);
    expect(await fields({ kind: 'objects', objectIds: [hidden.id] })).toEqual(['objectIds.0']);
    expect(await fields({ kind: 'search', search: 'q=vase', channels: { ...channels, webhookId: 99 } })).toEqual(['channels.webhookId']);
    expect((await api('GET', '/subscriptions', undefined)).status).toBe(401);
  });
});

describe('the subscription pages', () => {
  it('subscribe to the current search, list it, and show its alerts in the notifications with the unread count', async () => {
    const results = await html(dealer.browser.get('/en/search?q=lacquer&country=JP&sort=newest'));
    expect(results).toContain('href="/en/alerts/subscriptions/new?q=lacquer&amp;country=JP&amp;sort=newest"');
    const form = await html(dealer.browser.get('/en/alerts/subscriptions/new?q=lacquer&country=JP&sort=newest&page=2'));
    expect(form).toContain('Words: lacquer');
    expect(form).toContain('Country: JP');
    const search = hiddenInput(form, 'search');
    expect(search).toBe('q=lacquer&amp;country=JP');
    const created = await dealer.browser.post('/en/alerts/subscriptions', { [CSRF_FIELD]: dealer.browser.csrf(), kind: 'search', label: 'Lacquer from Japan', search: 'q=lacquer&country=JP', inApp: '1', email: 'off', webhookId: '', lang: 'en' });
    expect(created.status).toBe(303);
    const list = await html(dealer.browser.get(created.headers.get('Location')!));
    expect(list).toContain('Lacquer from Japan');
    expect(list).toContain('Subscription saved.');

    const object = await makeObject(t, museum, { title: { en: 'Lacquer writing box' }, places: [{ name: 'Kyoto', country: 'JP' }] });
    await report(t, museum, object.id, true);
    await t.context.alerts.dispatcher.dispatchPending();
    await t.context.alerts.outbox.drain();
    const notifications = await html(dealer.browser.get('/en/notifications'));
    expect(notifications).toContain('Alerts from your subscriptions');
    expect(notifications).toContain('Lacquer writing box');
    expect(notifications).toContain('Subscription: Lacquer from Japan');
    expect(notifications).toMatch(/1 unread/);
    const read = await dealer.browser.post('/en/notifications/alerts/read', { [CSRF_FIELD]: dealer.browser.csrf() });
    expect(read.status).toBe(303);
    expect(await t.context.alerts.subscriptions.unreadAlerts(dealer.principal)).toBe(0);
  });

  it('edit a subscription’s channels and delete it; another person’s answers 404', async () => {
    const subscription = await t.context.alerts.subscriptions.create(dealer.principal, { kind: 'search', label: 'Bronzes', query: { q: 'bronze' }, channels: { inApp: true, email: 'off', webhookId: null }, lang: 'en' });
    await html(museum.browser.get(`/en/alerts/subscriptions/${subscription.id}`), 404);
    const edit = await html(dealer.browser.get(`/en/alerts/subscriptions/${subscription.id}`));
    expect(edit).toContain('Words: bronze');
    const saved = await dealer.browser.post(`/en/alerts/subscriptions/${subscription.id}`, { [CSRF_FIELD]: dealer.browser.csrf(), label: 'Bronzes', email: 'digest', lang: 'fr' });
    expect(saved.status).toBe(303);
    expect((await t.context.alerts.subscriptions.get(dealer.principal, subscription.id)).channels).toEqual({ inApp: false, email: 'digest', webhookId: null });
    expect((await museum.browser.post(`/en/alerts/subscriptions/${subscription.id}/delete`, { [CSRF_FIELD]: museum.browser.csrf() })).status).toBe(404);
    expect((await dealer.browser.post(`/en/alerts/subscriptions/${subscription.id}/delete`, { [CSRF_FIELD]: dealer.browser.csrf() })).status).toBe(303);
    await expect(t.context.alerts.subscriptions.get(dealer.principal, subscription.id)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('stop e-mails from the link without signing in, after asking', async () => {
    const subscription = await t.context.alerts.subscriptions.create(dealer.principal, { kind: 'search', label: 'Gold', query: { q: 'gold' }, channels: { inApp: true, email: 'immediate', webhookId: null }, lang: 'es' });
    const token = (await t.context.db.selectFrom('alert_subscriptions').select('unsubscribe_token').where('id', '=', subscription.id).executeTakeFirstOrThrow()).unsubscribe_token;
    const anonymous = visitor(t);
    const ask = await html(anonymous.get(`/es/alerts/unsubscribe/${token}`));
    expect(ask).toContain('¿Dejar de recibir los correos de la suscripción «Gold»?');
    expect((await t.context.alerts.subscriptions.get(dealer.principal, subscription.id)).channels.email).toBe('immediate');
    expect(await html(anonymous.post(`/es/alerts/unsubscribe/${token}`, {}))).toContain('Hecho: ya no recibirá correos de «Gold».');
    expect((await t.context.alerts.subscriptions.get(dealer.principal, subscription.id)).channels).toEqual({ inApp: true, email: 'off', webhookId: null });
    await html(anonymous.get('/es/alerts/unsubscribe/not-a-token'), 404);
  });
});
