import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../roles.js';
import { t as translate, type MessageKey } from '../i18n/i18n.js';
import type { Partner } from '../network/partner.js';
import { partnerFormValues } from '../network/partner-admin.pages.js';
import { SEED_PARTNERS } from '../network/seed/partners.js';
import { Browser, hiddenInput, parseSetCookies } from '../test-support/browser.js';
import { newPartner } from '../test-support/fixtures.js';
import { escapeHtml, htmlLang, links } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

const ADMIN = { email: 'ada@example.org', password: 'correct horse battery staple' };
const REGISTRAR = { email: 'reg@example.org', password: 'another long passphrase' };

let t: TestApp;
let admin: Principal;
let registrar: Principal;

beforeAll(async () => {
  t = await createTestApp();
  // Password hashing is slow on purpose: two people for the whole file.
  admin = await t.context.accounts.addPerson({ ...ADMIN, displayName: 'Ada Admin', organisationSlug: 'secretariat', role: 'admin' });
  registrar = await t.context.accounts.addPerson({ ...REGISTRAR, displayName: 'Rex Registrar', organisationSlug: 'secretariat', role: 'registrar' });
});
afterAll(() => t.close());

const message = (key: MessageKey, params?: Record<string, string | number>) => escapeHtml(translate('en', key, params));

/** A browser that has loaded the login page, so it holds a CSRF cookie. */
async function atLoginPage(path = '/en/login'): Promise<{ browser: Browser; html: string }> {
  const browser = new Browser(t.app);
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  return { browser, html: await response.text() };
}

/** A browser already signed in as `principal`, without paying for a password check. */
async function signedIn(principal: Principal): Promise<Browser> {
  const browser = new Browser(t.app);
  browser.cookies.set('egide_session', await t.context.accounts.startSession(principal.userId));
  return browser;
}

async function apiPartner(slug: string): Promise<Partner> {
  return (await t.app.request(`/api/v1/partners/${slug}`)).json() as Promise<Partner>;
}

describe('login', () => {
  it('GET /en/login sets an HttpOnly SameSite=Strict egide_csrf cookie that the form carries', async () => {
    const { browser, html } = await atLoginPage();
    expect(htmlLang(html)).toBe('en');
    const csrf = browser.csrf();
    expect(csrf.length).toBeGreaterThanOrEqual(32);
    expect(hiddenInput(html, '_csrf')).toBe(csrf);

    const again = await browser.get('/en/login');
    expect(parseSetCookies(again)).toEqual([]);
    expect(hiddenInput(await again.text(), '_csrf')).toBe(csrf);

    const fresh = await t.app.request('/en/login');
    const [cookie] = parseSetCookies(fresh);
    expect(cookie?.name).toBe('egide_csrf');
    expect(cookie?.attributes.has('httponly')).toBe(true);
    expect(cookie?.attributes.get('samesite')).toBe('Strict');
    expect(cookie?.attributes.get('path')).toBe('/');
    expect(cookie?.value).not.toBe(csrf);
  });

  it('POST without the CSRF token, with a wrong one, or without the cookie → 403 and no session', async () => {
    const { browser } = await atLoginPage();
    const attempts = [
      () => browser.post('/en/login', { ...ADMIN }),
      () => browser.post('/en/login', { ...ADMIN, _csrf: 'x'.repeat(browser.csrf().length) }),
      () => browser.post('/en/login', { ...ADMIN, _csrf: `${browser.csrf()}x` }),
      () => new Browser(t.app).post('/en/login', { ...ADMIN, _csrf: browser.csrf() }),
    ];
    for (const attempt of attempts) {
      const response = await attempt();
      expect(response.status).toBe(403);
      expect(parseSetCookies(response).map((cookie) => cookie.name)).not.toContain('egide_session');
      expect(await response.text()).toContain(message('form.error.csrf'));
    }
  });

  it('a wrong password → 401, the page says so and keeps the e-mail', async () => {
    const { browser } = await atLoginPage();
    const response = await browser.post('/en/login', { email: ADMIN.email, password: 'wrong password!', _csrf: browser.csrf() });
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain(message('login.error.credentials'));
    expect(html).toContain(`value="${ADMIN.email}"`);
    expect(browser.cookies.has('egide_session')).toBe(false);
  });

  it('the right password → 303 to `next` with an HttpOnly SameSite=Lax session cookie; logout ends the session', async () => {
    const { browser, html } = await atLoginPage('/en/login?next=%2Fen%2Fadmin%2Fpartners');
    expect(hiddenInput(html, 'next')).toBe('/en/admin/partners');

    const response = await browser.post('/en/login', {
      email: ` ${ADMIN.email.toUpperCase()} `,
      password: ADMIN.password,
      next: '/en/admin/partners',
      _csrf: browser.csrf(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/en/admin/partners');
    const session = parseSetCookies(response).find((cookie) => cookie.name === 'egide_session');
    expect(session).toBeDefined();
    expect(session!.attributes.has('httponly')).toBe(true);
    expect(session!.attributes.get('samesite')).toBe('Lax');
    expect(session!.attributes.get('path')).toBe('/');
    expect(Number(session!.attributes.get('max-age'))).toBe(12 * 60 * 60);
    // Only the hash is stored: the cookie value is not in the sessions table.
    const stored = await t.context.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((row) => row.token_hash)).not.toContain(session!.value);

    const adminPage = await browser.get('/en/admin/partners');
    expect(adminPage.status).toBe(200);
    const adminHtml = await adminPage.text();
    expect(adminHtml).toContain(`<h1>${message('admin.partners.title')}</h1>`);
    expect(adminHtml).toContain('Ada Admin');
    expect(links(adminHtml)).toContain('/en/admin/partners/wco/edit');

    // A logout without the form token is refused and leaves the session alone.
    const refused = await browser.post('/en/logout', {});
    expect(refused.status).toBe(403);
    // In the visitor's language, as every page says it (not a bare English text).
    expect(await refused.text()).toContain(`<h1>${message('forbidden.title')}</h1>`);
    expect((await browser.get('/en/admin/partners')).status).toBe(200);

    const logout = await browser.post('/en/logout', { _csrf: browser.csrf() });
    expect(logout.status).toBe(303);
    expect(logout.headers.get('Location')).toBe('/en/');
    expect(browser.cookies.has('egide_session')).toBe(false);

    // The old cookie no longer works, even if a client kept it.
    const stale = new Browser(t.app);
    stale.cookies.set('egide_session', session!.value);
    const afterLogout = await stale.get('/en/admin/partners');
    expect(afterLogout.status).toBe(303);
    expect(afterLogout.headers.get('Location')).toMatch(/^\/en\/login\?next=/);
  });

  // Browsers drop tabs and newlines from URLs, so "/<TAB>/evil.example" would lead to //evil.example.
  it.each(['https://evil.example/phish', '//evil.example', '/\t/evil.example', '/.//evil.example', '/%2e//evil.example'])('after login, `next` %j falls back to /en/', async (next) => {
    const { browser } = await atLoginPage();
    const response = await browser.post('/en/login', { ...ADMIN, next, _csrf: browser.csrf() });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/en/');
  });

  it.each([
    ['https://evil.example/phish', '/fr/'],
    ['//evil.example', '/fr/'],
    ['/\\evil.example', '/fr/'],
    ['/\t/evil.example', '/fr/'],
    ['/\n/evil.example', '/fr/'],
    ['/ /evil.example', '/%20/evil.example'],
    ['/en/partners\r\n?theme=training', '/fr/'],
    ['/.//evil.example', '/fr/'],
    ['javascript:alert(1)', '/fr/'],
    ['/fr/partners?theme=training', '/fr/partners?theme=training'],
  ])('the login form only keeps a local `next`: %j → %s', async (next, kept) => {
    const { html } = await atLoginPage(`/fr/login?next=${encodeURIComponent(next)}`);
    expect(htmlLang(html)).toBe('fr');
    expect(hiddenInput(html, 'next')).toBe(escapeHtml(kept));
    expect(new URL(kept, 'https://egide.example/').host).toBe('egide.example');
  });

  it('after 5 failed attempts for an e-mail → 429 with Retry-After, even with the right password', async () => {
    const { browser } = await atLoginPage();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await browser.post('/en/login', { email: REGISTRAR.email, password: `wrong ${attempt}`, _csrf: browser.csrf() });
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    // The same account, written differently, is the same account.
    const response = await browser.post('/en/login', { email: REGISTRAR.email.toUpperCase(), password: REGISTRAR.password, _csrf: browser.csrf() });
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await response.text()).toContain(message('login.error.throttled', { minutes: Math.ceil(retryAfter / 60) }));
    expect(browser.cookies.has('egide_session')).toBe(false);
  });
});

describe('admin pages', () => {
  it.each(['/en/admin/partners', '/fr/admin/partners/wco/edit', '/es/admin/partners/new'])('anonymous GET %s → 303 to the login page with `next`', async (path) => {
    const response = await t.app.request(path);
    expect(response.status).toBe(303);
    const lang = path.split('/')[1];
    expect(response.headers.get('Location')).toBe(`/${lang}/login?next=${encodeURIComponent(path)}`);
  });

  it('an anonymous form post is sent to the login page and changes nothing', async () => {
    const { browser } = await atLoginPage();
    const response = await browser.post('/en/admin/partners/wco/delete', { _csrf: browser.csrf() });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toMatch(/^\/en\/login\?next=/);
    expect((await t.app.request('/api/v1/partners/wco')).status).toBe(200);
  });

  it('a registrar → 403 on the admin pages and forms', async () => {
    const browser = await signedIn(registrar);
    const list = await browser.get('/en/admin/partners');
    expect(list.status).toBe(403);
    expect(await list.text()).toContain(message('forbidden.title'));
    await browser.get('/en/partners'); // any page with the logout form sets the CSRF cookie
    const post = await browser.post('/en/admin/partners/wco/delete', { _csrf: browser.csrf() });
    expect(post.status).toBe(403);
    expect((await t.app.request('/api/v1/partners/wco')).status).toBe(200);
  });

  it('a signed-in page is not shown to the public, nor the public page to the signed-in', async () => {
    const anonymous = await (await t.app.request('/en/partners')).text();
    expect(anonymous).not.toContain('Ada Admin');
    const browser = await signedIn(admin);
    const personal = await (await browser.get('/en/partners')).text();
    expect(personal).toContain('Ada Admin');
    expect(links(personal)).toContain('/en/admin/partners');
    expect(hiddenInput(personal, '_csrf')).toBe(browser.csrf());
    const anonymousAgain = await (await t.app.request('/en/partners')).text();
    expect(anonymousAgain).not.toContain('Ada Admin');
    expect(anonymousAgain).not.toContain(browser.csrf());
    expect(links(anonymousAgain)).not.toContain('/en/admin/partners');
  });

  it('an admin edits a partner through the form, and the directory shows the change', async () => {
    // Seen by the public first, so a stale copy would show.
    expect(await (await t.app.request('/en/partners/wco')).text()).toContain('<h1>World Customs Organization (WCO)</h1>');
    const browser = await signedIn(admin);
    const edit = await browser.get('/en/admin/partners/wco/edit');
    expect(edit.status).toBe(200);
    const html = await edit.text();
    expect(html).toContain('value="Organisation mondiale des douanes"');
    expect(html).toContain('value="OMA"');

    const wco = SEED_PARTNERS.find((partner) => partner.slug === 'wco')!;
    const changed: Partner = {
      ...wco,
      name: { fr: 'Organisation mondiale des douanes (OMD)', en: 'World Customs Organisation', es: 'Organización Mundial de Aduanas (OMA)' },
      themes: ['training', 'illicit-traffic', 'documentation'],
      since: { year: 2001, agreement: { fr: 'Accord de coopération', en: 'Cooperation agreement', es: 'Acuerdo de cooperación' } },
      website: 'https://www.wcoomd.org/en',
    };
    const response = await browser.post('/en/admin/partners/wco', { ...partnerFormValues(changed), _csrf: browser.csrf() });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/en/admin/partners?saved=wco');

    expect(await apiPartner('wco')).toEqual(changed);
    const publicPage = await (await t.app.request('/en/partners/wco')).text();
    expect(publicPage).toContain('<h1>World Customs Organisation (WCO)</h1>');
    expect(publicPage).toContain('2001 · Cooperation agreement');
    const saved = await (await browser.get('/en/admin/partners?saved=wco')).text();
    expect(saved).toContain(message('admin.partners.saved', { slug: 'wco' }));
  });

  it('an invalid form → 400 with each error beside its field, the values kept, and nothing saved', async () => {
    const browser = await signedIn(admin);
    await browser.get('/en/admin/partners/wipo/edit');
    const wipo = SEED_PARTNERS.find((partner) => partner.slug === 'wipo')!;
    const form = { ...partnerFormValues(wipo), name_es: '', name_fr: 'OMPI modifiée', website: 'not a url', acronym_en: 'W'.repeat(31), _csrf: browser.csrf() };
    const response = await browser.post('/en/admin/partners/wipo', form);
    expect(response.status).toBe(400);
    const html = await response.text();

    expect(fieldBlock(html, 'name_es')).toMatch(/<p class="field-error" id="field-[\w-]+-error">[^<]+<\/p>/);
    expect(fieldBlock(html, 'website')).toMatch(/<p class="field-error" id="field-[\w-]+-error">[^<]+<\/p>/);
    expect(fieldBlock(html, 'name_fr')).not.toContain('field-error');
    // Each error says what is wrong with that field, in the page's language.
    expect(fieldBlock(html, 'name_es')).toContain(message('form.error.required'));
    expect(fieldBlock(html, 'website')).toContain(escapeHtml(message('form.error.url')));
    expect(fieldBlock(html, 'acronym_en')).toContain(message('form.error.tooLong', { max: 30 }));
    expect(html).toContain(message('form.error.summary', { count: 3 }));
    expect(links(html)).toEqual(expect.arrayContaining(['#field-name_es', '#field-website']));
    // What was typed is still there.
    expect(fieldBlock(html, 'name_fr')).toContain('value="OMPI modifiée"');
    expect(fieldBlock(html, 'website')).toContain('value="not a url"');

    expect(await apiPartner('wipo')).toEqual(wipo);

    // The language switcher of the re-rendered form leads back to the form, not to a 404.
    const switcher = links(html).filter((href) => href.startsWith('/fr/admin/partners/wipo'));
    expect(switcher).toEqual(['/fr/admin/partners/wipo']);
    const followed = await browser.get(switcher[0]!);
    expect(followed.status).toBe(303);
    expect(followed.headers.get('Location')).toBe('/fr/admin/partners/wipo/edit');
    expect((await browser.get('/fr/admin/partners/wipo/edit')).status).toBe(200);
  });

  it('a form without the CSRF token → 403 and nothing saved', async () => {
    const browser = await signedIn(admin);
    const unesco = SEED_PARTNERS.find((partner) => partner.slug === 'unesco')!;
    const response = await browser.post('/en/admin/partners/unesco', { ...partnerFormValues({ ...unesco, website: 'https://example.org' }) });
    expect(response.status).toBe(403);
    expect(await apiPartner('unesco')).toEqual(unesco);
  });

  it('an admin adds then removes a partner through the forms; a taken slug → 409 beside the slug', async () => {
    const browser = await signedIn(admin);
    expect((await browser.get('/en/admin/partners/new')).status).toBe(200);
    const created = await browser.post('/en/admin/partners', { ...partnerFormValues(newPartner()), _csrf: browser.csrf() });
    expect(created.status).toBe(303);
    expect(created.headers.get('Location')).toBe('/en/admin/partners?saved=louvre');
    expect(await apiPartner('louvre')).toEqual(newPartner());

    const duplicate = await browser.post('/en/admin/partners', { ...partnerFormValues(newPartner()), _csrf: browser.csrf() });
    expect(duplicate.status).toBe(409);
    expect(fieldBlock(await duplicate.text(), 'slug')).toContain('class="field-error"');

    const removed = await browser.post('/en/admin/partners/louvre/delete', { _csrf: browser.csrf() });
    expect(removed.status).toBe(303);
    expect(removed.headers.get('Location')).toBe('/en/admin/partners?deleted=louvre');
    expect((await t.app.request('/api/v1/partners/louvre')).status).toBe(404);
  });
});


/** The `<div class="field">` holding the input `field-<id>`: its label, input and errors. */
function fieldBlock(html: string, id: string): string {
  const match = new RegExp(`<div class="field"><label for="field-${id}">[\\s\\S]*?</div>`).exec(html);
  expect(match, `field ${id}`).not.toBeNull();
  return match![0];
}
