import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from './secret-token.js';
import { signedIn, html, type Person } from '../registry/pages.test-support.js';
import { hiddenInput } from '../test-support/browser.js';
import { escapeHtml } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
let admin: Person;
let registrar: Person;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, 'admin', 'secretariat');
  registrar = await signedIn(t, 'registrar', 'musee-acces');
});
afterAll(() => t.close());

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const issue = (label: string) => t.context.accounts.issueApiToken({ organisationSlug: 'musee-acces', role: 'registrar', label, expiresAt: null, createdBy: null });
const searchWith = (token: string) => t.app.request('/api/v1/search?q=x', bearer(token));

async function sessionsOf(userId: number): Promise<number> {
  const row = await t.context.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The admin page's CSRF token, as its forms carry it. */
async function adminCsrf(): Promise<string> {
  const page = await html(admin.browser.get('/en/admin/access'));
  const token = hiddenInput(page, '_csrf');
  expect(token).toBeDefined();
  return token!;
}

describe('the access page', () => {
  it('lists tokens of every organisation and people, in the visitor’s language, with a button per action', async () => {
    const issued = await issue('museum export');
    const page = await html(admin.browser.get('/en/admin/access'));
    expect(page).toContain(escapeHtml(`Token #${issued.id} “museum export”`));
    expect(page).toContain('musee-acces');
    expect(page).toContain(escapeHtml(registrar.principal.displayName));
    expect(page).toContain(`action="/en/admin/access/tokens/${issued.id}/revoke"`);
    expect(page).toContain(`action="/en/admin/access/people/${registrar.principal.userId}/disable"`);
    expect(page).toContain(`aria-label="${escapeHtml(`Revoke Token #${issued.id} “museum export”`)}"`);
    // No button to disable oneself.
    expect(page).not.toContain(`/people/${admin.principal.userId}/disable`);
    expect(await html(admin.browser.get('/fr/admin/access'))).toContain('Jetons d’API et personnes');
    expect(await html(admin.browser.get('/es/admin/access'))).toContain('Tokens de API y personas');
  });

  it('is for admins only', async () => {
    expect((await registrar.browser.get('/en/admin/access')).status).toBe(403);
    const anonymous = await t.app.request('/en/admin/access');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('Location')).toMatch(/^\/en\/login/);
  });

  it('revokes a token: its next request gets 401', async () => {
    const issued = await issue('to be revoked from the page');
    expect((await searchWith(issued.secret)).status).toBe(200);
    const response = await admin.browser.post(`/en/admin/access/tokens/${issued.id}/revoke`, { _csrf: await adminCsrf() });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/en/admin/access?saved=token-revoked');
    expect((await searchWith(issued.secret)).status).toBe(401);
    const page = await html(admin.browser.get('/en/admin/access?saved=token-revoked'));
    expect(page).toContain('The token is revoked.');
    expect(page).not.toContain(`/tokens/${issued.id}/revoke`);
  });

  it('refuses a form without its CSRF token, and a registrar’s', async () => {
    const issued = await issue('kept');
    expect((await admin.browser.post(`/en/admin/access/tokens/${issued.id}/revoke`, {})).status).toBe(403);
    await html(registrar.browser.get('/en/'));
    expect((await registrar.browser.post(`/en/admin/access/tokens/${issued.id}/revoke`, { _csrf: registrar.browser.csrf() })).status).toBe(403);
    expect((await searchWith(issued.secret)).status).toBe(200);
  });

  it('disables a person: their session ends at once, and enabling lets them sign in again', async () => {
    const person = await signedIn(t, 'registrar', 'musee-acces');
    expect(await html(person.browser.get('/en/inventory'))).toContain(escapeHtml(person.principal.displayName));
    expect((await admin.browser.post(`/en/admin/access/people/${person.principal.userId}/disable`, { _csrf: await adminCsrf() })).status).toBe(303);
    expect(await sessionsOf(person.principal.userId)).toBe(0);
    const after = await person.browser.get('/en/inventory');
    expect(after.status).toBe(303);
    expect(after.headers.get('Location')).toMatch(/^\/en\/login/);

    const row = await t.context.db.selectFrom('users').select(['email', 'disabled_at', 'disabled_by']).where('id', '=', person.principal.userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ disabled_by: admin.principal.userId });
    expect(await t.context.accounts.verifyCredentials(row.email!, 'a long enough test password')).toBeUndefined();

    expect((await admin.browser.post(`/en/admin/access/people/${person.principal.userId}/enable`, { _csrf: await adminCsrf() })).status).toBe(303);
    expect(await t.context.accounts.verifyCredentials(row.email!, 'a long enough test password')).toMatchObject({ userId: person.principal.userId });
  });

  it('will not let an admin disable themselves', async () => {
    const response = await admin.browser.post(`/en/admin/access/people/${admin.principal.userId}/disable`, { _csrf: await adminCsrf() });
    expect(await html(Promise.resolve(response), 409)).toContain('You cannot disable your own account.');
    expect(await sessionsOf(admin.principal.userId)).toBeGreaterThan(0);
  });
});

describe('a password change', () => {
  it('ends the person’s other sessions and keeps the one that changed it', async () => {
    const person = await signedIn(t, 'registrar', 'musee-acces');
    const current = await t.context.accounts.startSession(person.principal.userId);
    await t.context.accounts.changePassword(person.principal.userId, 'another long test password', person.principal, current);
    const left = await t.context.db.selectFrom('sessions').select('token_hash').where('user_id', '=', person.principal.userId).execute();
    expect(left).toEqual([{ token_hash: hashSecret(current) }]);
    expect((await person.browser.get('/en/inventory')).status).toBe(303);
  });
});

describe('the admin API', () => {
  it('lists tokens and people, revokes, disables and enables, for admins only', async () => {
    const adminToken = await t.token('admin');
    const registrarToken = await t.token('registrar');
    const issued = await issue('revoked by the API');
    expect((await t.app.request('/api/v1/admin/tokens', bearer(registrarToken))).status).toBe(403);
    expect((await t.app.request('/api/v1/admin/tokens')).status).toBe(401);

    const list = (await (await t.app.request('/api/v1/admin/tokens?organisation=musee-acces', bearer(adminToken))).json()) as { items: Array<{ id: number; organisation: string; state: string }> };
    expect(list.items.map((token) => token.id)).toContain(issued.id);
    expect(new Set(list.items.map((token) => token.organisation))).toEqual(new Set(['musee-acces']));

    const revoked = await t.app.request(`/api/v1/admin/tokens/${issued.id}/revoke`, { method: 'POST', ...bearer(adminToken) });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ id: issued.id, state: 'revoked', label: 'revoked by the API' });
    expect((await searchWith(issued.secret)).status).toBe(401);
    expect((await t.app.request('/api/v1/admin/tokens/999999/revoke', { method: 'POST', ...bearer(adminToken) })).status).toBe(404);

    const people = (await (await t.app.request('/api/v1/admin/people', bearer(adminToken))).json()) as { items: Array<{ id: number; disabledAt: string | null }> };
    expect(people.items.map((person) => person.id)).toContain(registrar.principal.userId);
    const disabled = await t.app.request(`/api/v1/admin/people/${registrar.principal.userId}/disable`, { method: 'POST', ...bearer(adminToken) });
    expect(disabled.status).toBe(204);
    expect((await registrar.browser.get('/en/inventory')).status).toBe(303);
    expect((await t.app.request(`/api/v1/admin/people/${registrar.principal.userId}/enable`, { method: 'POST', ...bearer(adminToken) })).status).toBe(204);
  });
});
