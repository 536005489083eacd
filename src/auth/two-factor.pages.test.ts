import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal, Role } from '../roles.js';
import { t as translate, type MessageKey } from '../i18n/i18n.js';
import { Browser } from '../test-support/browser.js';
import { runEgide } from '../test-support/cli.js';
import { escapeHtml } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { base32Decode, totpCode } from './totp.js';

const PASSWORD = 'correct horse battery staple';
/** A page only signed-in people reach (others are sent to the login). */
const SIGNED_IN_ONLY = '/en/notifications';

let t: TestApp;
let people = 0;

beforeAll(async () => {
  // An empty setting means "not set": the default roles, admins and investigators, must enrol.
  t = await createTestApp(undefined, { EGIDE_REQUIRE_2FA_ROLES: '' });
});
afterAll(() => t.close());

const message = (key: MessageKey, params?: Record<string, string | number>) => escapeHtml(translate('en', key, params));

async function person(role: Role): Promise<Principal & { email: string }> {
  const email = `person-${(people += 1)}@example.org`;
  return { ...(await t.context.accounts.addPerson({ email, displayName: `Person ${people}`, password: PASSWORD, organisationSlug: 'secretariat', role })), email };
}

/** The code the authenticator app shows `offsetSteps` steps from now. */
function code(secret: string, offsetSteps = 0): string {
  return totpCode(base32Decode(secret)!, Date.now() + offsetSteps * 30_000);
}

/** A code that is none of those the app shows around now. */
function wrongCode(secret: string): string {
  const valid = [-1, 0, 1, 2].map((offset) => code(secret, offset));
  return ['000000', '111111', '222222', '333333', '444444'].find((candidate) => !valid.includes(candidate))!;
}

/** Turns on two-factor sign-in for the person directly; returns the secret and recovery codes. */
async function enrolled(principal: Principal): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { secret } = await t.context.twoFactor.enrolment(principal.userId);
  const recoveryCodes = await t.context.twoFactor.confirmEnrolment(principal.userId, code(secret));
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes: recoveryCodes! };
}

/** Signs in with the password only: the response to the login form. */
async function passwordStep(email: string, next = SIGNED_IN_ONLY): Promise<{ browser: Browser; response: Response }> {
  const browser = new Browser(t.app);
  await browser.get('/en/login');
  const response = await browser.post('/en/login', { email, password: PASSWORD, next, _csrf: browser.csrf() });
  return { browser, response };
}

async function submitCode(browser: Browser, value: string): Promise<Response> {
  await browser.get('/en/login/code');
  return browser.post('/en/login/code', { code: value, _csrf: browser.csrf() });
}

async function reachesSignedInPage(browser: Browser): Promise<boolean> {
  return (await browser.get(SIGNED_IN_ONLY)).status === 200;
}

describe('sign-in with a second factor', () => {
  it('asks for the code after the password, and starts the session only once the code is right', async () => {
    const ada = await person('admin');
    const { secret } = await enrolled(ada);
    const { browser, response } = await passwordStep(ada.email);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/en/login/code');
    expect(browser.cookies.has('egide_session')).toBe(false);
    expect(await reachesSignedInPage(browser)).toBe(false);

    const page = await browser.get('/en/login/code');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(message('twoFactor.code.lead'));
    expect(html).toMatch(/<label for="second-factor-code">/);

    const wrong = await browser.post('/en/login/code', { code: wrongCode(secret), _csrf: browser.csrf() });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain(message('twoFactor.error.code'));
    expect(browser.cookies.has('egide_session')).toBe(false);

    const right = await browser.post('/en/login/code', { code: code(secret, 1), _csrf: browser.csrf() });
    expect(right.status).toBe(303);
    expect(right.headers.get('Location')).toBe(SIGNED_IN_ONLY);
    expect(browser.cookies.has('egide_session')).toBe(true);
    expect(browser.cookies.has('egide_pending_sign_in')).toBe(false);
    expect(await reachesSignedInPage(browser)).toBe(true);
  });

  it('refuses a code already used (a replay), even within its 30 seconds', async () => {
    const ada = await person('admin');
    const { secret } = await enrolled(ada);
    const used = code(secret, 1);
    const first = await passwordStep(ada.email);
    expect((await submitCode(first.browser, used)).status).toBe(303);

    const second = await passwordStep(ada.email);
    const replay = await submitCode(second.browser, used);
    expect(replay.status).toBe(401);
    expect(second.browser.cookies.has('egide_session')).toBe(false);
  });

  it('accepts a recovery code once', async () => {
    const ada = await person('admin');
    const { recoveryCodes } = await enrolled(ada);
    const [recovery] = recoveryCodes;
    const first = await passwordStep(ada.email);
    // Typed in lower case without hyphens: still the code.
    expect((await submitCode(first.browser, recovery!.toLowerCase().replace(/-/g, ''))).status).toBe(303);
    expect(await reachesSignedInPage(first.browser)).toBe(true);
    expect((await t.context.twoFactor.status(ada)).recoveryCodesLeft).toBe(9);

    const again = await passwordStep(ada.email);
    expect((await submitCode(again.browser, recovery!)).status).toBe(401);
    expect(await reachesSignedInPage(again.browser)).toBe(false);
  });

  it('throttles wrong codes like passwords: after 5, even the right code waits', async () => {
    const ada = await person('admin');
    const { secret } = await enrolled(ada);
    const { browser } = await passwordStep(ada.email);
    await browser.get('/en/login/code');
    const wrong = wrongCode(secret);
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt += 1) statuses.push((await browser.post('/en/login/code', { code: wrong, _csrf: browser.csrf() })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const throttled = await browser.post('/en/login/code', { code: code(secret, 1), _csrf: browser.csrf() });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await throttled.text()).toContain(message('twoFactor.error.throttled', { minutes: 15 }));
    expect(browser.cookies.has('egide_session')).toBe(false);
    // Another sign-in of the same person, as from another address, is throttled as well.
    const other = await passwordStep(ada.email);
    expect((await submitCode(other.browser, code(secret, 1))).status).toBe(429);
  });

  it('refuses the second step without a half-finished sign-in, or with a forged one', async () => {
    const browser = new Browser(t.app);
    await browser.get('/en/login');
    const none = await browser.post('/en/login/code', { code: '123456', _csrf: browser.csrf() });
    expect(none.status).toBe(303);
    expect(none.headers.get('Location')).toBe('/en/login');
    browser.cookies.set('egide_pending_sign_in', 'egp_forged');
    expect((await browser.get('/en/login/code')).headers.get('Location')).toBe('/en/login');
  });

  it('records each second step, failed or not, in the audit trail', async () => {
    const ada = await person('admin');
    const { secret } = await enrolled(ada);
    const { browser } = await passwordStep(ada.email);
    await submitCode(browser, wrongCode(secret));
    await submitCode(browser, code(secret, 1));
    const entries = await t.context.db.selectFrom('audit_entries').select(['outcome']).where('action', '=', 'sign-in.second-factor').where('actor_user_id', '=', ada.userId).orderBy('id').execute();
    expect(entries.map((entry) => entry.outcome)).toEqual(['failure', 'success']);
  });
});

describe('enrolment required of admins and investigators', () => {
  it('leads an investigator without a second factor to enrolment, with no session until it is done', async () => {
    const officer = await person('investigator');
    const { browser, response } = await passwordStep(officer.email);
    expect(response.headers.get('Location')).toBe('/en/login/enrol');
    expect(browser.cookies.has('egide_session')).toBe(false);
    // Nothing else is reachable meanwhile: no session exists.
    expect(await reachesSignedInPage(browser)).toBe(false);
    expect((await browser.get('/en/login/code')).headers.get('Location')).toBe('/en/login/enrol');

    const page = await browser.get('/en/login/enrol');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(message('twoFactor.enrol.required'));
    const secret = /<code id="totp-secret"[^>]*>([A-Z2-7 ]+)<\/code>/.exec(html)?.[1]?.replace(/ /g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(html).toContain(escapeHtml(`otpauth://totp/Egide:${encodeURIComponent(officer.email)}?secret=${secret}`));
    // Reloading keeps the same key (the app may already hold it).
    expect(await (await browser.get('/en/login/enrol')).text()).toContain(`>${secret!.match(/.{4}/g)!.join(' ')}<`);

    const wrong = await browser.post('/en/login/enrol', { code: wrongCode(secret!), _csrf: browser.csrf() });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(message('twoFactor.enrol.error'));

    const confirmed = await browser.post('/en/login/enrol', { code: code(secret!), _csrf: browser.csrf() });
    expect(confirmed.status).toBe(200);
    const codes = [...(await confirmed.text()).matchAll(/<li><code>([A-Z2-7-]+)<\/code><\/li>/g)].map((match) => match[1]);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(browser.cookies.has('egide_session')).toBe(true);
    expect(await reachesSignedInPage(browser)).toBe(true);

    // The next sign-in asks for a code.
    expect((await passwordStep(officer.email)).response.headers.get('Location')).toBe('/en/login/code');
  });

  it('lets a registrar sign in with a password alone, and enrol from the account page', async () => {
    const rex = await person('registrar');
    const { browser, response } = await passwordStep(rex.email);
    expect(response.headers.get('Location')).toBe(SIGNED_IN_ONLY);
    expect(browser.cookies.has('egide_session')).toBe(true);

    const page = await browser.get('/en/account/security');
    const html = await page.text();
    expect(html).toContain(message('account.security.off'));
    const secret = /<code id="totp-secret"[^>]*>([A-Z2-7 ]+)<\/code>/.exec(html)![1]!.replace(/ /g, '');
    const confirmed = await browser.post('/en/account/security/enrol', { code: code(secret), _csrf: browser.csrf() });
    expect(confirmed.status).toBe(200);
    const first = [...(await confirmed.text()).matchAll(/<li><code>([A-Z2-7-]+)<\/code><\/li>/g)].map((match) => match[1]!);
    expect(first).toHaveLength(10);

    const status = await (await browser.get('/en/account/security')).text();
    expect(status).toContain(message('account.security.on'));
    expect(status).toContain(message('account.security.codesLeft', { count: 10 }));

    // New recovery codes: the old ones stop working.
    const regenerated = await browser.post('/en/account/security/recovery-codes', { _csrf: browser.csrf() });
    expect(regenerated.status).toBe(200);
    const second = await passwordStep(rex.email);
    expect(second.response.headers.get('Location')).toBe('/en/login/code');
    expect((await submitCode(second.browser, first[0]!)).status).toBe(401);
  });

  it('sends someone not signed in from the account page to the login', async () => {
    const response = await new Browser(t.app).get('/en/account/security');
    expect(response.headers.get('Location')).toBe(`/en/login?next=${encodeURIComponent('/en/account/security')}`);
  });

  it('leaves API tokens unaffected', async () => {
    const token = await t.token('admin');
    expect((await t.app.request('/api/v1/audit', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});

describe('reset of a locked-out person', () => {
  it('egide user reset-2fa forgets the second factor, ends the sessions, and is audited', async () => {
    const ada = await person('admin');
    await enrolled(ada);
    const session = await t.context.accounts.startSession(ada.userId);
    const run = await runEgide(['user', 'reset-2fa', ada.email, '--data', t.dataDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Two-factor sign-in of ${ada.email} reset; their sessions are ended.\n`);
    expect(await t.context.accounts.principalFromSession(session)).toBeUndefined();
    expect(await t.context.twoFactor.isEnrolled(ada.userId)).toBe(false);
    expect((await passwordStep(ada.email)).response.headers.get('Location')).toBe('/en/login/enrol');
    const entry = await t.context.db.selectFrom('audit_entries').select(['actor_kind']).where('action', '=', 'two-factor.reset').where('target_id', '=', String(ada.userId)).executeTakeFirst();
    expect(entry?.actor_kind).toBe('cli');
  });
});
