import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createAppContext } from '../app/context.js';
import { createApp } from '../app/app.js';
import { DomainError } from '../errors.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { testDatabaseEnv } from '../test-support/test-database.js';
import { defaultTokenLifetimeDays, expiryAfter, expiryAt } from './token-lifetime.js';

const DAY = 86_400_000;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await t.context.organisations.ensure('musee-jetons', 'Musée des jetons', 'museum');
  await t.context.organisations.ensure('douane', 'Douane', 'agency');
});
afterAll(() => t.close());

const accounts = () => t.context.accounts;
const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
const issue = (label: string, expiresAt: Date | null = null, organisationSlug = 'musee-jetons') =>
  accounts().issueApiToken({ organisationSlug, role: 'registrar', label, expiresAt, createdBy: null });

async function createObject(token: string): Promise<Response> {
  return t.app.request('/api/v1/objects', { method: 'POST', ...bearer(token), body: JSON.stringify({ description: { title: { en: 'Token test jar' } } }) });
}

describe('each token is its own identity', () => {
  it('names the token (label and id) in the object history, not only the shared service user', async () => {
    const nightly = await issue('nightly sync');
    const other = await issue('other system');
    const created = await createObject(nightly.secret);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const history = (await (await t.app.request(`/api/v1/objects/${id}/history`, bearer(other.secret))).json()) as { items: Array<{ actor: string; action: string }> };
    const actor = history.items.find((item) => item.action === 'created')?.actor;
    expect(actor).toContain(`token #${nightly.id} “nightly sync”`);
    expect(actor).not.toContain(`#${other.id}`);
  });

  it('gives the principal the token id and records when it was last used', async () => {
    const issued = await issue('last use');
    const before = (await accounts().listApiTokens('musee-jetons')).find((token) => token.id === issued.id);
    expect(before?.lastUsedAt).toBeNull();
    const principal = await accounts().principalFromApiToken(issued.secret);
    expect(principal).toMatchObject({ tokenId: issued.id, role: 'registrar', organisationSlug: 'musee-jetons', via: 'token' });
    const after = (await accounts().listApiTokens('musee-jetons')).find((token) => token.id === issued.id);
    expect(after?.lastUsedAt).not.toBeNull();
  });
});

describe('request logs', () => {
  it('name the token that asked, by its id', async () => {
    const lines: string[] = [];
    const context = await createAppContext(loadConfig({ data: t.dataDir, port: 0, logLevel: 'info' }, await testDatabaseEnv(t.dataDir)), createLogger('info', (line) => lines.push(line)));
    try {
      const issued = await issue('logged');
      expect((await createApp(context).request('/api/v1/search?q=jar', bearer(issued.secret))).status).toBe(200);
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'request' && line.path === '/api/v1/search');
      expect(logged).toMatchObject({ status: 200, token: issued.id });
    } finally {
      await context.close();
    }
  });
});

describe('expiry', () => {
  it('refuses an expired token with 401, and lists it as expired', async () => {
    const issued = await issue('short-lived', new Date(Date.now() + DAY));
    expect((await t.app.request('/api/v1/search?q=jar', bearer(issued.secret))).status).toBe(200);
    expect(await accounts().principalFromApiToken(issued.secret, new Date(Date.now() + 2 * DAY))).toBeUndefined();

    const expired = await issue('already expired', new Date(Date.now() - 1000));
    const response = await t.app.request('/api/v1/search?q=jar', bearer(expired.secret));
    expect(response.status).toBe(401);
    expect(response.headers.get('WWW-Authenticate')).toContain('invalid_token');
    expect((await accounts().listApiTokens()).find((token) => token.id === expired.id)?.state).toBe('expired');
  });

  it('reads lifetimes and dates, and refuses what is not one', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(expiryAfter('90d', now).toISOString()).toBe('2027-03-06T12:00:00.000Z');
    expect(expiryAfter('12h', now).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(expiryAt('2027-06-30', now).toISOString()).toBe('2027-06-30T00:00:00.000Z');
    for (const bad of ['90', '0d', 'soon', '-3d']) expect(() => expiryAfter(bad, now)).toThrow(DomainError);
    expect(() => expiryAt('2026-01-01', now)).toThrow(/not in the future/);
    expect(() => expiryAt('next year', now)).toThrow(/not a date/);
  });

  it('takes the default lifetime from EGIDE_TOKEN_LIFETIME_DAYS, else 365 days, and names a bad setting', () => {
    expect(defaultTokenLifetimeDays({})).toBe(365);
    expect(defaultTokenLifetimeDays({ EGIDE_TOKEN_LIFETIME_DAYS: '90' })).toBe(90);
    expect(() => defaultTokenLifetimeDays({ EGIDE_TOKEN_LIFETIME_DAYS: 'a year' })).toThrow(/EGIDE_TOKEN_LIFETIME_DAYS/);
    expect(() => defaultTokenLifetimeDays({ EGIDE_TOKEN_LIFETIME_DAYS: '0' })).toThrow(/EGIDE_TOKEN_LIFETIME_DAYS/);
  });
});

describe('revocation', () => {
  it('refuses a revoked token at once, even when another process (the command line) revokes it', async () => {
    const issued = await issue('to revoke');
    expect((await createObject(issued.secret)).status).toBe(201);
    // A second process on the same database, as `egide token revoke` is.
    const cli = await createAppContext(loadConfig({ data: t.dataDir, port: 0, logLevel: 'silent' }, await testDatabaseEnv(t.dataDir)), createLogger('silent'));
    try {
      const revoked = await cli.accounts.revokeApiToken(issued.id, null);
      expect(revoked).toMatchObject({ id: issued.id, state: 'revoked' });
    } finally {
      await cli.close();
    }
    expect((await createObject(issued.secret)).status).toBe(401);
    expect((await t.app.request('/api/v1/search?q=jar', bearer(issued.secret))).status).toBe(401);
  });

  it('says which token id does not exist', async () => {
    const error = await accounts().revokeApiToken(999_999, null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('not-found');
  });
});

describe('roles an organisation may hold', () => {
  it.each([
    ['musee-jetons', 'investigator'],
    ['musee-jetons', 'admin'],
    ['douane', 'registrar'],
    ['douane', 'admin'],
  ] as const)('refuses %s holding %s', async (org, role) => {
    const error = await accounts().requireRoleAllowed(org, role).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('forbidden');
    expect((error as DomainError).message).toContain('--force');
  });

  it.each([
    ['musee-jetons', 'registrar'],
    ['douane', 'investigator'],
    ['secretariat', 'admin'],
  ] as const)('lets %s hold %s', async (org, role) => {
    await expect(accounts().requireRoleAllowed(org, role)).resolves.toBeUndefined();
  });
});
