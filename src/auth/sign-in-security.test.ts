import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../roles.js';
import { Browser, hiddenInput, parseSetCookies } from '../test-support/browser.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';

const PERSON = { email: 'ines@example.org', password: 'a long enough passphrase' };
const PROXY = '10.0.0.7';

let t: TestApp;
let person: Principal;

beforeAll(async () => {
  t = await createTestApp(undefined, { EGIDE_TRUSTED_PROXIES: `${PROXY},fd00::/8` });
  person = await t.context.accounts.addPerson({ ...PERSON, displayName: 'Inès', organisationSlug: 'secretariat', role: 'registrar' });
});
afterAll(() => t.close());

/** The CSRF cookie and token of a fresh visitor of the sign-in page. */
async function loginToken(): Promise<string> {
  const browser = new Browser(t.app);
  await browser.get('/en/login');
  return browser.csrf();
}

/** A sign-in attempt as it reaches the server from the socket address `peer`, with an optional X-Forwarded-For. */
async function attempt(peer: string, password: string, forwardedFor?: string): Promise<number> {
  const csrf = await loginToken();
  const response = await t.app.request(
    '/en/login',
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `egide_csrf=${csrf}`, ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}) },
      body: new URLSearchParams({ email: PERSON.email, password, _csrf: csrf }).toString(),
    },
    // What @hono/node-server passes: the connection the request came in on.
    { incoming: { socket: { remoteAddress: peer } } },
  );
  return response.status;
}

describe('sign-in throttling', () => {
  it('60 wrong passwords sent at once: at most 5 are checked, the others get 429', async () => {
    const verify = vi.spyOn(t.context.accounts, 'verifyCredentials');
    try {
      const statuses = await Promise.all(Array.from({ length: 60 }, (_, index) => attempt('198.51.100.1', `wrong ${index}`)));
      expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
      expect(statuses.filter((status) => status === 401)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(55);
      // The right password from there is refused too, without being checked.
      expect(await attempt('198.51.100.1', PERSON.password)).toBe(429);
      expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
    } finally {
      verify.mockRestore();
    }
  });

  it('behind a trusted proxy, clients are told apart by X-Forwarded-For: one throttled client does not lock out the next', async () => {
    for (let index = 0; index < 5; index++) expect(await attempt(PROXY, `wrong ${index}`, '203.0.113.5')).toBe(401);
    expect(await attempt(PROXY, PERSON.password, '203.0.113.5')).toBe(429);
    // The client's own forged entries (left of what the proxy appended) change nothing.
    expect(await attempt(PROXY, PERSON.password, '192.0.2.99, 203.0.113.5')).toBe(429);
    expect(await attempt(PROXY, PERSON.password, '203.0.113.6')).toBe(303);
    // A chain of trusted proxies (IPv6 range, IPv4-mapped peer) is walked from the right.
    expect(await attempt(`::ffff:${PROXY}`, PERSON.password, '203.0.113.5, fd00::3')).toBe(429);
    expect(await attempt(`::ffff:${PROXY}`, PERSON.password, '203.0.113.7, fd00::3')).toBe(303);
  });

  it('from a peer that is not a trusted proxy, X-Forwarded-For is ignored: forging it does not escape the limit', async () => {
    for (let index = 0; index < 5; index++) expect(await attempt('198.51.100.2', `wrong ${index}`, `192.0.2.${index}`)).toBe(401);
    expect(await attempt('198.51.100.2', PERSON.password, '192.0.2.200')).toBe(429);
    expect(await attempt('198.51.100.3', PERSON.password, '198.51.100.2')).toBe(303);
  });
});

describe('the CSRF token', () => {
  it('is replaced at sign-in by one bound to the new session; the token from before no longer works', async () => {
    const browser = new Browser(t.app);
    await browser.get('/en/login');
    const before = browser.csrf();
    const login = await browser.post('/en/login', { ...PERSON, next: '/en/partners', _csrf: before });
    expect(login.status).toBe(303);
    const rotated = parseSetCookies(login).find((cookie) => cookie.name === 'egide_csrf');
    expect(rotated?.value).toBeDefined();
    expect(rotated!.value).not.toBe(before);
    expect(rotated!.attributes.has('httponly')).toBe(true);
    const page = await (await browser.get('/en/partners')).text();
    expect(hiddenInput(page, '_csrf')).toBe(rotated!.value);

    // A forged cookie carrying the old token, with the old token in the form: refused, still signed in.
    browser.cookies.set('egide_csrf', before);
    expect((await browser.post('/en/logout', { _csrf: before })).status).toBe(403);
    expect((await browser.get('/en/notifications')).status).toBe(200);
    expect((await browser.post('/en/logout', { _csrf: rotated!.value })).status).toBe(303);
  });

  it('of one session does not work with another session of the same person', async () => {
    const first = new Browser(t.app);
    first.cookies.set(SESSION_COOKIE, await t.context.accounts.startSession(person.userId));
    const second = new Browser(t.app);
    second.cookies.set(SESSION_COOKIE, await t.context.accounts.startSession(person.userId));
    const firstToken = hiddenInput(await (await first.get('/en/partners')).text(), '_csrf')!;
    const secondToken = hiddenInput(await (await second.get('/en/partners')).text(), '_csrf')!;
    expect(firstToken).not.toBe(secondToken);
    // Even with the cookie set to match (as an attacker able to set cookies could), the form token must be the session's.
    second.cookies.set('egide_csrf', firstToken);
    expect((await second.post('/en/notifications/read', { _csrf: firstToken })).status).toBe(403);
    expect((await second.post('/en/notifications/read', { _csrf: secondToken })).status).toBe(303);
  });
});
