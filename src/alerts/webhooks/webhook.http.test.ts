import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../../i18n/i18n.js';
import { html, location, signedIn, type Person } from '../../registry/pages.test-support.js';
import { escapeHtml } from '../../test-support/html.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

/** The webhook pages and API against a receiver on loopback (allowed for this app, with plain HTTP). */
let t: TestApp;
let dealer: Person;
let stranger: Person;
let dealerToken: string;
let strangerToken: string;
let server: Server;
let receiverUrl: string;
let received = 0;

const api = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  t.app.request(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

beforeAll(async () => {
  server = createServer((request, response) => {
    received += 1;
    request.resume().on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/egide`;
  t = await createTestApp(undefined, { EGIDE_WEBHOOK_ALLOW: '127.0.0.1', EGIDE_WEBHOOK_ALLOW_HTTP: 'true' });
  dealer = await signedIn(t, 'registrar', 'dealer-house');
  stranger = await signedIn(t, 'registrar', 'other-house');
  dealerToken = await t.token('registrar', 'dealer-house');
  strangerToken = await t.token('registrar', 'other-house');
}, 60_000);
afterAll(async () => {
  await t.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the webhook pages', () => {
  it('ask to sign in', async () => {
    const response = await t.app.request('/en/alerts/webhooks');
    expect(location(response)).toBe('/en/login?next=%2Fen%2Falerts%2Fwebhooks');
  });

  it('register a webhook, showing its secret once, then list, test, pause, resume and delete it without JavaScript', async () => {
    const empty = await html(dealer.browser.get('/fr/alerts/webhooks'));
    expect(empty).toContain(escapeHtml(translate('fr', 'webhooks.none')));
    expect(empty).toContain('X-Egide-Signature');
    const created = await html(dealer.browser.post('/fr/alerts/webhooks', { label: 'Système de stock', url: receiverUrl, _csrf: dealer.browser.csrf() }), 201);
    const secret = /data-webhook-secret[^>]*>(whsec_[\w-]+)</.exec(created)![1]!;
    expect(created).toContain(escapeHtml(translate('fr', 'webhooks.secret.once')));
    const [webhook] = await t.context.webhooks.list(dealer.principal);
    // Never shown again.
    const listed = await html(dealer.browser.get('/fr/alerts/webhooks'));
    expect(listed).toContain('Système de stock');
    expect(listed).not.toContain(secret);
    expect(listed).toContain(`action="/fr/alerts/webhooks/${webhook!.id}/test"`);

    const tested = await dealer.browser.post(`/fr/alerts/webhooks/${webhook!.id}/test`, { _csrf: dealer.browser.csrf() });
    expect(location(tested)).toBe(`/fr/alerts/webhooks/${webhook!.id}?saved=tested#log`);
    expect(received).toBe(1);
    const detail = await html(dealer.browser.get(`/fr/alerts/webhooks/${webhook!.id}?saved=tested`));
    expect(detail).toContain(escapeHtml(translate('fr', 'webhooks.saved.tested')));
    expect(detail).toMatch(/<td>ping<\/td><td>1<\/td><td>204<\/td>/);
    expect(detail).toContain(escapeHtml(translate('fr', 'webhooks.outcome.delivered')));

    await dealer.browser.post(`/fr/alerts/webhooks/${webhook!.id}/pause`, { _csrf: dealer.browser.csrf() });
    expect(await html(dealer.browser.get(`/fr/alerts/webhooks/${webhook!.id}`))).toContain(escapeHtml(translate('fr', 'webhooks.status.paused')));
    await dealer.browser.post(`/fr/alerts/webhooks/${webhook!.id}/resume`, { _csrf: dealer.browser.csrf() });
    expect((await t.context.webhooks.get(dealer.principal, webhook!.id)).status).toBe('active');

    // Another organisation sees nothing of it, and may not act on it.
    await html(stranger.browser.get(`/fr/alerts/webhooks/${webhook!.id}`), 404);
    await html(stranger.browser.get('/fr/alerts/webhooks'));
    expect((await stranger.browser.post(`/fr/alerts/webhooks/${webhook!.id}/delete`, { _csrf: stranger.browser.csrf() })).status).toBe(404);
    // A form without its token is refused.
    expect((await dealer.browser.post(`/fr/alerts/webhooks/${webhook!.id}/delete`, {})).status).toBe(403);
    expect(location(await dealer.browser.post(`/fr/alerts/webhooks/${webhook!.id}/delete`, { _csrf: dealer.browser.csrf() }))).toBe('/fr/alerts/webhooks?deleted=1');
    expect(await t.context.webhooks.list(dealer.principal)).toEqual([]);
  });

  it('say why an address is refused, in the page’s language, keeping what was typed', async () => {
    const page = await html(dealer.browser.post('/es/alerts/webhooks', { label: 'Metadatos', url: 'http://169.254.169.254/latest', _csrf: dealer.browser.csrf() }), 400);
    expect(page).toContain(escapeHtml(translate('es', 'webhooks.refused.blocked')));
    expect(page).toContain('value="http://169.254.169.254/latest"');
    const noName = await html(dealer.browser.post('/es/alerts/webhooks', { label: ' ', url: receiverUrl, _csrf: dealer.browser.csrf() }), 400);
    expect(noName).toContain(escapeHtml(translate('es', 'webhooks.error.label')));
  });
});

describe('/api/v1/webhooks', () => {
  it('registers a webhook (secret in the answer only), lists, tests, pauses, resumes, logs and deletes it', async () => {
    const response = await api(dealerToken, '/webhooks', { method: 'POST', body: { label: 'Marketplace', url: receiverUrl } });
    expect(response.status, await response.clone().text()).toBe(201);
    const { webhook, secret } = (await response.json()) as { webhook: { id: number; status: string }; secret: string };
    expect(response.headers.get('Location')).toBe(`/api/v1/webhooks/${webhook.id}`);
    expect(secret).toMatch(/^whsec_/);
    const listed = await (await api(dealerToken, '/webhooks')).text();
    expect(listed).toContain('Marketplace');
    expect(listed).not.toContain(secret);
    const test = (await (await api(dealerToken, `/webhooks/${webhook.id}/test`, { method: 'POST' })).json()) as { outcome: string; statusCode: number };
    expect(test).toMatchObject({ outcome: 'delivered', statusCode: 204 });
    expect(((await (await api(dealerToken, `/webhooks/${webhook.id}/pause`, { method: 'POST' })).json()) as { status: string }).status).toBe('paused');
    expect(((await (await api(dealerToken, `/webhooks/${webhook.id}/resume`, { method: 'POST' })).json()) as { status: string }).status).toBe('active');
    const log = (await (await api(dealerToken, `/webhooks/${webhook.id}/attempts`)).json()) as { total: number; items: Array<{ event: string }> };
    expect(log.total).toBe(1);
    expect(log.items[0]!.event).toBe('ping');
    expect((await api(strangerToken, `/webhooks/${webhook.id}`)).status).toBe(404);
    expect((await api(strangerToken, `/webhooks/${webhook.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api(dealerToken, `/webhooks/${webhook.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(dealerToken, `/webhooks/${webhook.id}`)).status).toBe(404);
  });

  it('refuses a refused address with 400 naming the url, and callers without a token with 401', async () => {
    const refused = await api(dealerToken, '/webhooks', { method: 'POST', body: { label: 'Loopback v6', url: 'https://[::1]/hook' } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: Array<{ field: string }> }).errors.map((issue) => issue.field)).toEqual(['url']);
    expect((await t.app.request('/api/v1/webhooks')).status).toBe(401);
  });
});
