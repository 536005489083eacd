import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Person } from '../../registry/pages.test-support.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let dealer: Person;
let colleague: Person;
let stranger: Person;

beforeAll(async () => {
  t = await createTestApp(undefined, { EGIDE_WEBHOOK_ALLOW: '127.0.0.1', EGIDE_WEBHOOK_ALLOW_HTTP: 'true' });
  dealer = await signedIn(t, 'registrar', 'select-dealer');
  colleague = await signedIn(t, 'registrar', 'select-dealer');
  stranger = await signedIn(t, 'registrar', 'select-other');
}, 60_000);
afterAll(async () => t.close());

const html = async (person: Person, path: string) => {
  const response = await person.browser.get(path);
  expect(response.status).toBe(200);
  return response.text();
};

describe('the subscriptions pages', () => {
  it('link the image watches and the webhooks', async () => {
    const page = await html(dealer, '/fr/alerts/subscriptions');
    expect(page).toContain('href="/fr/alerts/watches"');
    expect(page).toContain('href="/fr/alerts/webhooks"');
  });

  it('offer the organisation’s webhooks in a select, the chosen one selected, and no other organisation’s', async () => {
    const { webhook: shop } = await t.context.webhooks.create(colleague.principal, { label: 'Shop system', url: 'http://127.0.0.1:8123/hook' });
    await t.context.webhooks.create(stranger.principal, { label: 'Elsewhere', url: 'http://127.0.0.1:8124/hook' });
    const form = await html(dealer, '/en/alerts/subscriptions/new?q=celadon');
    expect(form).toMatch(/<select id="subscription-webhook" name="webhookId"[^>]*>\s*<option value="" selected="">No webhook<\/option>/);
    expect(form).toContain(`<option value="${shop.id}">Shop system (http://127.0.0.1:8123/hook)</option>`);
    expect(form).not.toContain('Elsewhere');

    const subscription = await t.context.alerts.subscriptions.create(dealer.principal, { kind: 'search', label: 'Celadon', query: { q: 'celadon' }, channels: { inApp: true, email: 'off', webhookId: shop.id }, lang: 'en' });
    const edit = await html(dealer, `/en/alerts/subscriptions/${subscription.id}`);
    expect(edit).toContain(`<option value="${shop.id}" selected="">Shop system (http://127.0.0.1:8123/hook)</option>`);
  });
});
