import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from './secret-token.js';
import { DomainError } from '../errors.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { SESSION_LIFETIME_MS, type NewPerson } from './account.service.js';
import type { Principal } from '../roles.js';

const HOUR = 60 * 60 * 1000;

let t: TestApp;
let ada: Principal;
const ADA: NewPerson = {
  email: ' Ada@Example.org ',
  displayName: 'Ada Lovelace',
  password: 'correct horse battery staple',
  organisationSlug: 'secretariat',
  role: 'admin',
};

beforeAll(async () => {
  t = await createTestApp();
  // The one password hash of this file (scrypt is slow on purpose).
  ada = await t.context.accounts.addPerson(ADA);
});
afterAll(() => t.close());

const accounts = () => t.context.accounts;

async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function userCount(): Promise<number> {
  const row = await t.context.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('addPerson', () => {
  it('stores the person with a normalised e-mail and a password hash, never the password', async () => {
    expect(ada).toMatchObject({ displayName: 'Ada Lovelace', role: 'admin', organisationSlug: 'secretariat', via: 'session' });
    const row = await t.context.db.selectFrom('users').selectAll().where('id', '=', ada.userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: 'ada@example.org', kind: 'person', role: 'admin', disabled_at: null });
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(ADA.password);
  });

  it.each([
    ['not-an-email', 'email'],
    ['ada@localhost', 'email'],
    ['two words@example.org', 'email'],
    ['', 'email'],
  ])('refuses the e-mail %j as invalid', async (email, field) => {
    const error = await domainError(accounts().addPerson({ ...ADA, email }));
    expect(error.kind).toBe('invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual([field]);
  });

  it('refuses a password shorter than 10 characters', async () => {
    const error = await domainError(accounts().addPerson({ ...ADA, email: 'short@example.org', password: '123456789' }));
    expect(error.kind).toBe('invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual(['password']);
    expect(error.message).toContain('10');
  });

  it('refuses an unknown organisation as not-found', async () => {
    const error = await domainError(accounts().addPerson({ ...ADA, email: 'nobody@example.org', organisationSlug: 'atlantis' }));
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain('atlantis');
  });

  it('refuses an e-mail already in use, whatever its case, as a conflict', async () => {
    const before = await userCount();
    const error = await domainError(accounts().addPerson({ ...ADA, email: 'ADA@example.ORG' }));
    expect(error.kind).toBe('conflict');
    expect(await userCount()).toBe(before);
  });

  it('no refused person is stored', async () => {
    const emails = (await t.context.db.selectFrom('users').select('email').where('kind', '=', 'person').execute()).map((row) => row.email);
    expect(emails).toEqual(['ada@example.org']);
  });
});

describe('verifyCredentials', () => {
  it('accepts the right password, the e-mail in any case', async () => {
    expect(await accounts().verifyCredentials('ADA@example.org', ADA.password)).toMatchObject({ userId: ada.userId, role: 'admin' });
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    expect(await accounts().verifyCredentials('ada@example.org', 'correct horse battery stapler')).toBeUndefined();
    expect(await accounts().verifyCredentials('nobody@example.org', ADA.password)).toBeUndefined();
  });
});

describe('API tokens', () => {
  it('gives each organisation one service user per role, reused by later tokens', async () => {
    const first = await accounts().createApiToken('secretariat', 'admin', 'first');
    const second = await accounts().createApiToken('secretariat', 'admin', 'second');
    const registrar = await accounts().createApiToken('secretariat', 'registrar', 'third');
    const interpol = await accounts().createApiToken('interpol', 'admin', 'fourth');
    expect(new Set([first, second, registrar, interpol]).size).toBe(4);

    const principals = await Promise.all([first, second, registrar, interpol].map((token) => accounts().principalFromApiToken(token)));
    const [p1, p2, p3, p4] = principals;
    expect(p1).toMatchObject({ role: 'admin', organisationSlug: 'secretariat', via: 'token' });
    expect(p2?.userId).toBe(p1?.userId);
    expect(p3).toMatchObject({ role: 'registrar', organisationSlug: 'secretariat' });
    expect(p3?.userId).not.toBe(p1?.userId);
    expect(p4).toMatchObject({ role: 'admin', organisationSlug: 'interpol' });
    expect(p4?.userId).not.toBe(p1?.userId);
    // Service users are not people: the admin person is not reused, and they cannot sign in.
    expect(p1?.userId).not.toBe(ada.userId);
    const services = await t.context.db.selectFrom('users').selectAll().where('kind', '=', 'service').execute();
    expect(services).toHaveLength(3);
    expect(services.every((user) => user.email === null && user.password_hash === null)).toBe(true);
  });

  it('stores only a hash of each token', async () => {
    const token = await accounts().createApiToken('secretariat', 'investigator', 'hashed');
    const rows = await t.context.db.selectFrom('api_tokens').selectAll().execute();
    const serialized = JSON.stringify(rows);
    expect(serialized).not.toContain(token);
    expect(serialized).not.toContain(token.slice(token.indexOf('_') + 1));
    const row = rows.find((candidate) => candidate.token_hash === hashSecret(token));
    expect(row).toMatchObject({ label: 'hashed', revoked_at: null });
  });

  it('an unknown, mangled or revoked token gives no principal', async () => {
    const token = await accounts().createApiToken('secretariat', 'admin', 'to revoke');
    expect(await accounts().principalFromApiToken('egide_unknown')).toBeUndefined();
    expect(await accounts().principalFromApiToken(`${token}x`)).toBeUndefined();
    expect(await accounts().principalFromApiToken('')).toBeUndefined();
    await t.context.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('token_hash', '=', hashSecret(token)).execute();
    expect(await accounts().principalFromApiToken(token)).toBeUndefined();
  });

  it('refuses a token for an unknown organisation, creating nothing', async () => {
    const before = await userCount();
    expect((await domainError(accounts().createApiToken('atlantis', 'admin', 'x'))).kind).toBe('not-found');
    expect(await userCount()).toBe(before);
  });
});

describe('sessions', () => {
  it('a session is accepted during its lifetime and refused after', async () => {
    const now = new Date();
    const secret = await accounts().startSession(ada.userId, now);
    expect(await accounts().principalFromSession(secret, now)).toMatchObject({ userId: ada.userId, via: 'session' });
    expect(await accounts().principalFromSession(secret, new Date(now.getTime() + SESSION_LIFETIME_MS - 1000))).toBeDefined();
    expect(await accounts().principalFromSession(secret, new Date(now.getTime() + SESSION_LIFETIME_MS))).toBeUndefined();
  });

  it('a session started in the past has expired', async () => {
    const secret = await accounts().startSession(ada.userId, new Date(Date.now() - SESSION_LIFETIME_MS - HOUR));
    expect(await accounts().principalFromSession(secret)).toBeUndefined();
  });

  it('stores only a hash, forgets expired sessions, and ends a session on request', async () => {
    const old = await accounts().startSession(ada.userId, new Date(Date.now() - 2 * SESSION_LIFETIME_MS));
    const current = await accounts().startSession(ada.userId);
    const hashes = (await t.context.db.selectFrom('sessions').select('token_hash').execute()).map((row) => row.token_hash);
    expect(hashes).toContain(hashSecret(current));
    expect(hashes).not.toContain(current);
    // Starting a session cleans up the expired ones.
    expect(hashes).not.toContain(hashSecret(old));

    await accounts().endSession(current);
    expect(await accounts().principalFromSession(current)).toBeUndefined();
  });

  it('an unknown session secret gives no principal', async () => {
    expect(await accounts().principalFromSession('egs_unknown')).toBeUndefined();
  });

  it('a disabled user’s sessions and tokens stop working', async () => {
    const louvre = await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
    const token = await accounts().createApiToken(louvre.slug, 'registrar', 'to disable');
    const principal = await accounts().principalFromApiToken(token);
    expect(principal).toBeDefined();
    const secret = await accounts().startSession(principal!.userId);
    expect(await accounts().principalFromSession(secret)).toBeDefined();

    await t.context.db.updateTable('users').set({ disabled_at: new Date().toISOString() }).where('id', '=', principal!.userId).execute();
    expect(await accounts().principalFromApiToken(token)).toBeUndefined();
    expect(await accounts().principalFromSession(secret)).toBeUndefined();
  });
});
