import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../registry/pages.test-support.js';
import { registryTokens, type RegistryTokens } from '../test-support/registry.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/** What the served app records (object reads, searches, tokens, sign-ins, accounts), and the admin API and page reading it. */
let t: TestApp;
let tokens: RegistryTokens;
let objectId: string;

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
const entries = (action: string) => t.context.db.selectFrom('audit_entries').selectAll().where('action', '=', action).orderBy('id').execute();

beforeAll(async () => {
  t = await createTestApp();
  tokens = await registryTokens(t);
  const created = await t.app.request('/api/v1/objects', {
    method: 'POST',
    ...bearer(tokens.louvre),
    body: JSON.stringify({ description: { inventoryNumber: 'AUD 1', title: { en: 'Audited crown' } }, sensitive: { storageLocation: 'Vault 3' } }),
  });
  objectId = ((await created.json()) as { id: string }).id;
});
afterAll(() => t.close());

describe('what the trail records', () => {
  it('records a read that shows sensitive fields, with the token, the client and the owner', async () => {
    const response = await t.app.request(`/api/v1/objects/${objectId}`, bearer(tokens.louvre));
    expect(((await response.json()) as { sensitive?: unknown }).sensitive).toBeDefined();
    const [read] = (await entries('object.read')).filter((entry) => entry.target_id === objectId);
    expect(read).toMatchObject({ actor_kind: 'token', client_address: 'local', target_type: 'object', outcome: 'success' });
    expect(read!.actor_token_id).toEqual(expect.any(Number));
    expect(JSON.parse(read!.details)).toEqual({ owner: 'louvre' });
  });

  it('records nothing for those the object is hidden from', async () => {
    const before = (await entries('object.read')).length;
    expect((await t.app.request(`/api/v1/objects/${objectId}`, bearer(tokens.prado))).status).toBe(404);
    expect((await t.app.request(`/api/v1/objects/${objectId}`)).status).toBe(404);
    expect(await entries('object.read')).toHaveLength(before);
  });

  it('records the object page shown to its registrar, as a signed-in person', async () => {
    const registrar = await signedIn(t, 'registrar', 'louvre');
    expect((await registrar.browser.get(`/en/objects/${objectId}`)).status).toBe(200);
    const reads = (await entries('object.read')).filter((entry) => entry.actor_user_id === registrar.principal.userId);
    expect(reads.map((entry) => [entry.actor_kind, entry.target_id])).toEqual([['user', objectId]]);
  });

  it('records reading an object’s history', async () => {
    expect((await t.app.request(`/api/v1/objects/${objectId}/history`, bearer(tokens.admin))).status).toBe(200);
    expect((await entries('object.history')).map((entry) => entry.target_id)).toContain(objectId);
  });

  it('records investigators’ searches, not registrars’', async () => {
    expect((await t.app.request('/api/v1/search?q=crown', bearer(tokens.investigator))).status).toBe(200);
    expect((await t.app.request('/api/v1/search?q=registrar', bearer(tokens.louvre))).status).toBe(200);
    const searches = await entries('search');
    expect(searches.map((entry) => JSON.parse(entry.details).query.q)).toEqual(['crown']);
  });

  it('records a token’s use once a minute', async () => {
    const token = await t.token('registrar', 'prado');
    await t.app.request('/api/v1/search?q=a', bearer(token));
    await t.app.request('/api/v1/search?q=b', bearer(token));
    const uses = (await entries('token.use')).filter((entry) => entry.actor_token_id === Number(entry.target_id));
    const perToken = new Map<string | null, number>();
    for (const use of uses) perToken.set(use.target_id, (perToken.get(use.target_id) ?? 0) + 1);
    expect([...perToken.values()].every((count) => count === 1)).toBe(true);
    expect(perToken.size).toBeGreaterThanOrEqual(1);
  });

  it('records token creation, people added and sign-ins, failed ones with the e-mail tried', async () => {
    expect((await entries('token.create')).length).toBeGreaterThanOrEqual(4);
    await t.context.accounts.addPerson({ email: 'dpo@louvre.test', displayName: 'DPO', password: 'a long enough test password', organisationSlug: 'louvre', role: 'registrar' });
    expect((await entries('user.add')).map((entry) => JSON.parse(entry.details).email)).toContain('dpo@louvre.test');
    await t.context.accounts.verifyCredentials('dpo@louvre.test', 'wrong password!');
    await t.context.accounts.verifyCredentials('dpo@louvre.test', 'a long enough test password');
    const signIns = await entries('sign-in');
    expect(signIns.map((entry) => [entry.actor_name, entry.outcome])).toEqual([
      ['dpo@louvre.test', 'failure'],
      ['dpo@louvre.test', 'success'],
    ]);
  });

  it('keeps the chain intact through all of it', async () => {
    expect(await t.context.audit.verify()).toMatchObject({ ok: true });
  });
});

describe('GET /api/v1/audit', () => {
  it('gives admins the entries newest first, filtered', async () => {
    const response = await t.app.request(`/api/v1/audit?action=object.read&organisation=louvre&target=${objectId}`, bearer(tokens.admin));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { total: number; pageSize: number; items: Array<{ action: string; target: { id: string }; actor: { kind: string }; hash: string }> };
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.items.every((item) => item.action === 'object.read' && item.target.id === objectId)).toBe(true);
    expect(body.items[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('filters by date', async () => {
    const response = await t.app.request('/api/v1/audit?to=2000-01-01', bearer(tokens.admin));
    expect(((await response.json()) as { total: number }).total).toBe(0);
  });

  it('names an invalid filter', async () => {
    const response = await t.app.request('/api/v1/audit?from=yesterday', bearer(tokens.admin));
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('from');
  });

  it('is for admins only', async () => {
    expect((await t.app.request('/api/v1/audit', bearer(tokens.investigator))).status).toBe(403);
    expect((await t.app.request('/api/v1/audit')).status).toBe(401);
  });
});

describe('/{lang}/admin/audit', () => {
  it('shows admins the filtered trail in their language', async () => {
    const admin = await signedIn(t, 'admin', 'secretariat');
    const response = await admin.browser.get('/fr/admin/audit?action=search');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Journal d’audit');
    expect(html).toContain('<option value="search" selected="">Recherche</option>');
    expect(html).toContain('class="audit-entry');
    expect(html).not.toContain('Lecture des champs sensibles d’un objet</strong>');
  });

  it('explains a filter it cannot read', async () => {
    const admin = await signedIn(t, 'admin', 'secretariat');
    const response = await admin.browser.get('/es/admin/audit?from=ayer');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Desde: valor no válido');
  });

  it('refuses others', async () => {
    const registrar = await signedIn(t, 'registrar', 'louvre');
    expect((await registrar.browser.get('/en/admin/audit')).status).toBe(403);
  });
});
