/**
 * The partner directory in a real browser: languages, the language switcher, filters, the search
 * box with and without JavaScript, the admin form, a phone viewport, accessibility basics and 404.
 * One server and one Chromium for the whole file; each test opens its own pages.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { t } from '../../src/i18n/i18n.js';
import { LANGUAGES, type Lang } from '../../src/i18n/languages.js';
import { PARTNER_CATEGORIES, type Partner } from '../../src/network/partner.js';
import { ADMIN, useE2E } from './browser.js';

const DESKTOP = { viewport: { width: 1280, height: 900 } } satisfies BrowserContextOptions;
const SEEDED_PARTNERS = 21;

const session = useE2E();
const newContext = (options: BrowserContextOptions = DESKTOP) => session.newContext(options);
const newPage = (context: BrowserContext) => session.newPage(context);

let desktop: Promise<BrowserContext> | undefined;
/** The ordinary visitor: desktop, JavaScript on, not signed in. */
const visitorPage = async () => newPage(await (desktop ??= newContext()));

const visibleCards = (page: Page) => page.locator('[data-partner-card]:visible');
/** The cards the live filter keeps (it sets `hidden` on the others). */
const keptCards = (page: Page) => page.locator('[data-partner-card]:not([hidden])');
const themeFilter = (page: Page, lang: Lang) => page.getByRole('list', { name: t(lang, 'partners.filter.theme') });

async function apiPartners(query: string): Promise<Partner[]> {
  const response = await fetch(session.e2e.url(`/api/v1/partners${query}`));
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Partner[] }).items;
}

async function signIn(page: Page): Promise<void> {
  await page.goto('/en/admin/partners');
  // Not signed in: the admin page sends us to the login form, which brings us back after.
  expect(new URL(page.url()).pathname).toBe('/en/login');
  await page.getByLabel('E-mail address').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await Promise.all([page.waitForURL('**/en/admin/partners'), page.getByRole('button', { name: 'Sign in' }).click()]);
}

describe('partner directory in a browser', () => {
  it.each(LANGUAGES)('is written in the language of /%s/partners, with every partner shown', async (lang) => {
    const page = await visitorPage();
    const response = await page.goto(`/${lang}/partners`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect((await page.locator('h1').innerText()).trim()).toBe(t(lang, 'partners.title'));
    expect(await page.locator('main h2').allInnerTexts()).toEqual(PARTNER_CATEGORIES.map((category) => t(lang, `category.${category}`)));
    expect(await visibleCards(page).count()).toBe(SEEDED_PARTNERS);
    expect((await page.locator('[data-partner-count]').innerText()).trim()).toBe(t(lang, 'partners.count', { count: SEEDED_PARTNERS }));
    await page.close();
  });

  it('keeps the page when switching language', async () => {
    const page = await visitorPage();
    await page.goto('/en/partners/wco');
    expect((await page.locator('h1').innerText()).trim()).toBe('World Customs Organization (WCO)');
    const switcher = page.getByRole('navigation', { name: 'Language' });
    expect(await switcher.getByRole('link', { name: 'English' }).getAttribute('aria-current')).toBe('true');
    const spanish = switcher.getByRole('link', { name: 'Español' });
    expect((await spanish.locator('[aria-hidden="true"]').innerText()).trim().toLowerCase()).toBe('es');
    await Promise.all([page.waitForURL('**/es/partners/wco'), spanish.click()]);
    expect(new URL(page.url()).pathname).toBe('/es/partners/wco');
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect((await page.locator('h1').innerText()).trim()).toBe('Organización Mundial de Aduanas (OMA)');
    expect(await page.getByRole('navigation', { name: 'Idioma' }).getByRole('link', { name: 'Español' }).getAttribute('aria-current')).toBe('true');
    await page.close();
  });

  it('filters by theme through the theme tags, and the switcher keeps the filter', async () => {
    const page = await visitorPage();
    await page.goto('/en/partners');
    await Promise.all([page.waitForURL('**/en/partners?theme=training'), themeFilter(page, 'en').getByRole('link', { name: 'Training', exact: true }).click()]);
    expect(new URL(page.url()).search).toBe('?theme=training');

    const expected = await apiPartners('?theme=training');
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(SEEDED_PARTNERS);
    expect(await visibleCards(page).count()).toBe(expected.length);
    const shownSlugs = await visibleCards(page)
      .locator('h3 a')
      .evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname.split('/').pop()));
    expect(shownSlugs.sort()).toEqual(expected.map((partner) => partner.slug).sort());
    for (const card of await visibleCards(page).all()) {
      expect(await card.getByRole('list', { name: 'Cooperation themes' }).getByRole('link').allInnerTexts()).toContain('Training');
    }
    expect(await themeFilter(page, 'en').getByRole('link', { name: 'Training', exact: true }).getAttribute('aria-current')).toBe('true');
    expect((await page.locator('[data-partner-count]').innerText()).trim()).toBe(t('en', 'partners.count', { count: expected.length }));

    await Promise.all([page.waitForURL('**/fr/partners?theme=training'), page.getByRole('link', { name: 'Français' }).click()]);
    expect(await visibleCards(page).count()).toBe(expected.length);
    expect(await themeFilter(page, 'fr').getByRole('link', { name: 'Formation', exact: true }).getAttribute('aria-current')).toBe('true');
    await page.close();
  });

  it('filters the cards live as the visitor types, without submitting', async () => {
    const page = await visitorPage();
    await page.goto('/en/partners');
    const search = page.getByRole('searchbox', { name: 'Search the partners' });
    await search.pressSequentially('interpol');
    await page.waitForFunction(() => document.querySelectorAll('[data-partner-card]:not([hidden])').length === 1);
    expect(new URL(page.url()).search).toBe(''); // nothing submitted
    // What the script keeps. (Whether the others actually disappear is under "known bugs" below.)
    expect(await keptCards(page).locator('h3').innerText()).toContain('INTERPOL');
    // Only the section that still has a card stays visible.
    expect(await page.locator('[data-partner-group]:visible h2').allInnerTexts()).toEqual([t('en', 'category.intergovernmental')]);
    // Should read exactly "1 partner"; the exact text is under "known bugs" below.
    expect((await page.getByRole('status').innerText()).trim()).toMatch(/^1 partners?$/);

    // Accents and case are ignored, and names in the other languages match too.
    await search.fill('ORGANIZACIÓN  aduanas');
    await page.waitForFunction(() => document.querySelectorAll('[data-partner-card]:not([hidden])').length === 1);
    expect(await keptCards(page).locator('h3 a').innerText()).toBe('World Customs Organization');

    await search.fill('');
    await page.waitForFunction((n) => document.querySelectorAll('[data-partner-card]:not([hidden])').length === n, SEEDED_PARTNERS);
    expect(await visibleCards(page).count()).toBe(SEEDED_PARTNERS);
    expect((await page.getByRole('status').innerText()).trim()).toBe(t('en', 'partners.count', { count: SEEDED_PARTNERS }));
    await page.close();
  });

  it('searches without JavaScript by submitting the form', async () => {
    const context = await newContext({ ...DESKTOP, javaScriptEnabled: false });
    const page = await newPage(context);
    await page.goto('/en/partners');
    await page.getByLabel('Search the partners').fill('interpol');
    await Promise.all([page.waitForURL('**/en/partners?q=interpol'), page.getByLabel('Search the partners').press('Enter')]);
    expect(await visibleCards(page).count()).toBe(1);
    expect(await visibleCards(page).locator('h3').innerText()).toContain('INTERPOL');
    expect((await page.locator('[data-partner-count]').innerText()).trim()).toBe('1 partner');
    expect(await page.getByLabel('Search the partners').inputValue()).toBe('interpol');
    await context.close();
  });

  it('lets an admin edit a partner in three languages, and refuses an invalid edit', async () => {
    const partners = session.e2e.server.context.partners;
    const original = structuredClone(await partners.get('wco'));
    const context = await newContext();
    try {
      const page = await newPage(context);
      await signIn(page);
      expect(await page.locator('h1').innerText()).toBe('Edit the partner directory');

      await page.getByRole('link', { name: 'Edit World Customs Organization' }).click();
      await page.waitForURL('**/en/admin/partners/wco/edit');
      const english = page.getByRole('group', { name: 'English' });
      const spanish = page.getByRole('group', { name: 'Español' });
      await english.getByLabel('Name').fill('World Customs Organisation (edited)');
      await spanish.getByLabel('About').fill('Descripción editada en el navegador.');
      await Promise.all([page.waitForURL('**/en/admin/partners?saved=wco'), page.getByRole('button', { name: 'Save' }).click()]);
      expect((await page.getByRole('status').innerText()).trim()).toBe('Partner “wco” saved.');

      await page.goto('/en/partners/wco');
      expect((await page.locator('h1').innerText()).trim()).toBe('World Customs Organisation (edited) (WCO)');
      expect(await page.locator('.site-header').innerText()).toContain(ADMIN.displayName);
      // An anonymous visitor sees the change too (the public pages may be cached), and not the admin's header.
      const visitor = await visitorPage();
      await visitor.goto('/en/partners/wco');
      expect((await visitor.locator('h1').innerText()).trim()).toBe('World Customs Organisation (edited) (WCO)');
      expect(await visitor.locator('.site-header').innerText()).not.toContain(ADMIN.displayName);
      await visitor.goto('/en/partners');
      expect(await visitor.getByRole('link', { name: 'World Customs Organisation (edited)', exact: true }).count()).toBe(1);
      await visitor.close();
      await page.goto('/es/partners/wco');
      expect(await page.locator('main').innerText()).toContain('Descripción editada en el navegador.');
      const saved = await partners.get('wco');
      expect(saved.name).toEqual({ ...original.name, en: 'World Customs Organisation (edited)' });
      expect(saved.description.fr).toBe(original.description.fr);

      // An empty French name: the browser's own check stops the form (the input is `required`)…
      await page.goto('/en/admin/partners/wco/edit');
      const frenchName = page.getByRole('group', { name: 'Français' }).getByLabel('Name');
      await frenchName.fill('');
      await page.getByRole('button', { name: 'Save' }).click();
      expect(await frenchName.evaluate((input) => (input as HTMLInputElement).validity.valueMissing)).toBe(true);
      expect(new URL(page.url()).pathname).toBe('/en/admin/partners/wco/edit');

      // …and a name of spaces, which passes that check, is refused by the server beside the field.
      await frenchName.fill('   ');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/en/admin/partners/wco')),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      expect(response.status()).toBe(400);
      await page.waitForLoadState('domcontentloaded');
      const alert = page.getByRole('alert');
      expect(await alert.innerText()).toContain('The form has one error:');
      // The summary names the field as the form labels it, links to it, and takes the focus.
      expect(await alert.getByRole('link', { name: 'Name (Français)' }).getAttribute('href')).toBe('#field-name_fr');
      expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
      expect(await page.locator('#field-name_fr').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#field-name_fr-error').innerText()).toBe('Required.');
      const frenchField = page.getByRole('group', { name: 'Français' }).locator('.field').filter({ has: page.locator('#field-name_fr') });
      expect(await frenchField.locator('.field-error').count()).toBe(1);
      // What the admin typed elsewhere is kept in the re-rendered form.
      expect(await page.getByRole('group', { name: 'English' }).getByLabel('Name').inputValue()).toBe('World Customs Organisation (edited)');
      expect((await partners.get('wco')).name.fr).toBe(original.name.fr);
      await page.goto('/fr/partners/wco');
      expect((await page.locator('h1').innerText()).trim()).toBe('Organisation mondiale des douanes (OMD)');
    } finally {
      await context.close();
      await partners.replace('wco', original);
    }
  });

  it('fits a phone screen', async () => {
    const context = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await newPage(context);
    for (const path of ['/fr/partners', '/fr/', '/es/partners/wco', '/en/login']) {
      await page.goto(path);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `horizontal scroll on ${path}`).toBeLessThanOrEqual(clientWidth);
    }
    await page.goto('/fr/partners');
    const search = page.getByRole('searchbox', { name: 'Rechercher un partenaire' });
    expect(await search.isVisible()).toBe(true);
    const box = await search.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    // 16 px or more, or iOS zooms the page in when the field gets focus.
    expect(await search.evaluate((input) => parseFloat(getComputedStyle(input).fontSize))).toBeGreaterThanOrEqual(16);
    await search.tap();
    await page.keyboard.type('interpol');
    await page.waitForFunction(() => document.querySelectorAll('[data-partner-card]:not([hidden])').length === 1);
    await context.close();
  });

  describe('accessibility basics', () => {
    it('labels the search field', async () => {
      const page = await visitorPage();
      for (const lang of LANGUAGES) {
        await page.goto(`/${lang}/partners`);
        const byLabel = page.getByLabel(t(lang, 'partners.search.label'), { exact: true });
        expect(await byLabel.count()).toBe(1);
        expect(await byLabel.getAttribute('name')).toBe('q');
        expect(await page.locator('input[name="q"]').evaluate((input) => [...((input as HTMLInputElement).labels ?? [])].map((label) => label.textContent))).toEqual([
          t(lang, 'partners.search.label'),
        ]);
      }
      await page.close();
    });

    it('makes the skip link the first thing Tab reaches, and it moves focus to the content', async () => {
      const page = await visitorPage();
      await page.goto('/en/');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const box = element.getBoundingClientRect();
        return { className: element.className, text: element.textContent?.trim(), href: element.getAttribute('href'), onScreen: box.left >= 0 && box.right <= window.innerWidth && box.width > 0 };
      });
      expect(focused).toEqual({ className: 'skip-link', text: 'Skip to content', href: '#main', onScreen: true });
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main');
      await page.close();
    });

    it('gives every link, button, image and field an accessible name', async () => {
      const context = await newContext();
      const page = await newPage(context);
      await signIn(page); // so the admin pages and the sign-out button are checked too
      const cdp = await context.newCDPSession(page);
      const NAMED_ROLES = new Set(['link', 'button', 'image', 'img', 'textbox', 'searchbox', 'combobox', 'checkbox', 'spinbutton', 'navigation', 'group']);
      const paths = ['/en/', '/fr/partners', '/es/partners/wco', '/en/partners?theme=training', '/en/login', '/en/admin/partners', '/en/admin/partners/wco/edit', '/fr/partners/nope'];
      for (const path of paths) {
        await page.goto(path);
        const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
          nodes: Array<{ ignored: boolean; role?: { value?: string }; name?: { value?: string } }>;
        };
        const unnamed = nodes
          .filter((node) => !node.ignored && NAMED_ROLES.has(String(node.role?.value)) && !String(node.name?.value ?? '').trim())
          .map((node) => String(node.role?.value));
        expect(unnamed, `elements without an accessible name on ${path}`).toEqual([]);
        // And every <img> has an alt, even an empty one for decoration.
        expect(await page.locator('img:not([alt])').count(), `img without alt on ${path}`).toBe(0);
      }
      await cdp.detach();
      await context.close();
    });
  });

  it('shows the French 404 page, with a way back to the partners', async () => {
    const page = await visitorPage();
    const response = await page.goto('/fr/partners/nope');
    expect(response?.status()).toBe(404);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect((await page.locator('h1').innerText()).trim()).toBe('Page introuvable');
    const back = page.getByRole('main').getByRole('link', { name: 'Annuaire des partenaires' });
    expect(await back.getAttribute('href')).toBe('/fr/partners');
    await Promise.all([page.waitForURL('**/fr/partners'), back.click()]);
    expect(await visibleCards(page).count()).toBe(SEEDED_PARTNERS);
    await page.close();
  });

  describe('regressions', () => {
    it('live filter: the cards it hides disappear from view', async () => {
      // `.card { display: flex }` once beat the browser's `[hidden] { display: none }`.
      const page = await visitorPage();
      try {
        await page.goto('/en/partners');
        await page.getByRole('searchbox', { name: 'Search the partners' }).fill('interpol');
        await page.waitForFunction(() => document.querySelectorAll('[data-partner-card]:not([hidden])').length === 1);
        expect(await visibleCards(page).count()).toBe(1);
      } finally {
        await page.close();
      }
    });

    it('live filter: the count uses the singular for one partner', async () => {
      const page = await visitorPage();
      try {
        await page.goto('/en/partners');
        await page.getByRole('searchbox', { name: 'Search the partners' }).fill('interpol');
        await page.waitForFunction(() => document.querySelectorAll('[data-partner-card]:not([hidden])').length === 1);
        expect((await page.getByRole('status').innerText()).trim()).toBe('1 partner');
      } finally {
        await page.close();
      }
    });

    it('phone: the French partner page has no horizontal scroll', async () => {
      // "Coopération depuis" beside the unbreakable "intergouvernementales" once overflowed 390 px.
      const context = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      try {
        const page = await newPage(context);
        await page.goto('/fr/partners/wco');
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      } finally {
        await context.close();
      }
    });
  });
});
