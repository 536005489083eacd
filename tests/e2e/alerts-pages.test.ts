/**
 * Issue 17's pages on a 390 px phone: alert subscriptions (new, list), image watches, webhooks (one
 * registered, its secret shown once), due diligence (the forms, a check), a certificate, the
 * verification pages and the identification accuracy page. None may scroll sideways or report an
 * error, and every control on them must be labelled and reachable with the keyboard.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/i18n.js';
import type { Lang } from '../../src/i18n/languages.js';
import { EvaluationRepository } from '../../src/identify/evaluation/evaluation.repository.js';
import { sampleReport } from '../../src/identify/evaluation/report.test-support.js';
import { jpeg } from '../../src/test-support/photo-images.js';
import { expectNoSideways, useE2E } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;
const DEALER = { email: 'pages@galerie-e2e.test', displayName: 'Dealer Pages', password: 'a dealer password for e2e' } as const;

let checkId: string;
let certificateId: string;

const session = useE2E(
  async (e2e) => {
    const { context } = e2e.server;
    await context.organisations.ensure('galerie-pages', 'Galerie des Pages', 'partner');
    const dealer = await context.accounts.addPerson({ ...DEALER, organisationSlug: 'galerie-pages', role: 'registrar' });
    // A screened one-object check and its lot's certificate, for their pages.
    const check = await context.dueDiligence.submit(dealer, { source: 'form', lots: [{ position: 1, fields: { reference: 'Lot 9', title: 'Nature morte aux citrons', maker: 'Peintre hollandais', inventoryNumbers: ['GP-2026-9'] } }] });
    checkId = check.id;
    // The server's own runner may have taken it already: wait for whichever screens it.
    await context.dueDiligence.runNext({ checkId });
    for (let tries = 0; (await context.dueDiligence.get(dealer, checkId)).check.state !== 'done'; tries++) {
      if (tries > 300) throw new Error('The check was not screened within 30 s.');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { lots } = await context.dueDiligence.get(dealer, checkId);
    const lot = await context.dueDiligence.certifiableLot(dealer, checkId, lots[0]!.id);
    certificateId = (await context.certificates.issue(dealer, { lot, watch: true, origin: e2e.baseUrl, lang: 'fr' })).id;
    await new EvaluationRepository(context.db).save(sampleReport({ id: 'latest', createdAt: '2026-03-04T10:00:00.000Z', version: context.identifyEvaluations.version }));
  },
  // Webhooks may reach this machine (the receiver is never called here: registering one only checks its address).
  { EGIDE_WEBHOOK_ALLOW: '127.0.0.1' },
);

/**
 * Every visible form control has an accessible name, and Tab reaches each of them (one radio of a
 * group stands for the group, as browsers move within it with the arrows).
 */
async function expectKeyboardLabelledControls(page: Page): Promise<number> {
  const controls = await page.evaluate(() => {
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
    };
    const found = [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea, main button')].filter(visible);
    return found.map((element, i) => {
      element.setAttribute('data-control', String(i));
      const input = element as HTMLInputElement;
      const labelled = (input.labels?.length ?? 0) > 0 || element.hasAttribute('aria-label') || element.hasAttribute('aria-labelledby') || (element.tagName === 'BUTTON' && (element.textContent ?? '').trim() !== '');
      return { id: String(i), html: element.outerHTML.slice(0, 160), labelled, group: input.type === 'radio' ? input.name : undefined };
    });
  });
  expect(
    controls.filter((control) => !control.labelled).map((control) => control.html),
    `unlabelled controls on ${new URL(page.url()).pathname}`,
  ).toEqual([]);

  const reached = new Set<string>();
  const reachedGroups = new Set<string>();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const focusables = await page.evaluate(() => document.querySelectorAll('a[href], input:not([type=hidden]), select, textarea, button, [tabindex]').length);
  for (let i = 0; i < focusables + 5; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      return element ? { id: element.getAttribute('data-control'), group: element instanceof HTMLInputElement && element.type === 'radio' ? element.name : null } : null;
    });
    if (focused?.id) reached.add(focused.id);
    if (focused?.group) reachedGroups.add(focused.group);
  }
  const unreached = controls.filter((control) => !reached.has(control.id) && !(control.group !== undefined && reachedGroups.has(control.group)));
  expect(
    unreached.map((control) => control.html),
    `controls Tab does not reach on ${new URL(page.url()).pathname}`,
  ).toEqual([]);
  return controls.length;
}

/** Opens `path` at 390 px and checks it; the number of its form controls (each labelled and reached). */
async function check(page: Page, path: string): Promise<number> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await expectNoSideways(page);
  return expectKeyboardLabelledControls(page);
}

async function signIn(page: Page, lang: Lang): Promise<void> {
  await page.goto(`/${lang}/login?next=${encodeURIComponent(`/${lang}/alerts/subscriptions`)}`);
  await page.getByLabel(t(lang, 'login.email'), { exact: true }).fill(DEALER.email);
  await page.getByLabel(t(lang, 'login.password'), { exact: true }).fill(DEALER.password);
  await Promise.all([page.waitForURL(`**/${lang}/alerts/subscriptions`), page.getByRole('button', { name: t(lang, 'login.submit') }).click()]);
}

describe('the alerts’ and due diligence’s pages on a phone', () => {
  it('subscriptions: a new one made from the form, then the list', async () => {
    const page = await session.newPage(await session.newContext(PHONE));
    await signIn(page, 'fr');
    await check(page, '/fr/alerts/subscriptions');
    expect(await check(page, '/fr/alerts/subscriptions/new?q=citrons')).toBeGreaterThanOrEqual(5);
    await Promise.all([page.waitForURL('**/fr/alerts/subscriptions?saved=1'), page.getByRole('button', { name: t('fr', 'alerts.subscriptions.create') }).click()]);
    expect(await page.locator('main').innerText()).toContain('citrons');
    await expectNoSideways(page);
    await expectKeyboardLabelledControls(page);
    // Its page, to change the channels.
    await Promise.all([page.waitForURL(/\/fr\/alerts\/subscriptions\/\w+$/), page.getByRole('link', { name: 'citrons', exact: true }).click()]);
    await expectNoSideways(page);
    expect(await expectKeyboardLabelledControls(page)).toBeGreaterThanOrEqual(5);
  });

  it('image watches and webhooks: a webhook registered shows its secret once', async () => {
    // Creating a watch describes its photos, and the first describe starts the workers (OpenCV): seconds on a loaded machine.
    const page = await session.newPage(await session.newContext(PHONE), 30_000);
    await signIn(page, 'es');
    expect(await check(page, '/es/alerts/watches')).toBeGreaterThanOrEqual(3);
    // A watch of the gallery's stock, with one photo: its own page lists the photo and takes more.
    await page.getByLabel(t('es', 'watch.new.label'), { exact: true }).fill('Stock de la galería');
    await page.getByLabel(t('es', 'watch.photos'), { exact: true }).setInputFiles({ name: 'stock-1.jpg', mimeType: 'image/jpeg', buffer: await jpeg(640, 480) });
    await Promise.all([page.waitForURL(/\/es\/alerts\/watches\/\w+\?/, { timeout: 30_000 }), page.getByRole('button', { name: t('es', 'watch.new.create') }).click()]);
    expect(await page.locator('main').innerText()).toContain('stock-1.jpg');
    await expectNoSideways(page);
    expect(await expectKeyboardLabelledControls(page)).toBeGreaterThanOrEqual(2);
    expect(await check(page, '/es/alerts/webhooks')).toBeGreaterThanOrEqual(3);
    await page.getByLabel(t('es', 'webhooks.field.label'), { exact: true }).fill('Sistema de la galería');
    await page.getByLabel(t('es', 'webhooks.field.url'), { exact: true }).fill('https://127.0.0.1:8443/egide');
    await page.getByRole('button', { name: t('es', 'webhooks.create') }).click();
    await page.waitForLoadState();
    const secret = (await page.locator('[data-webhook-secret]').innerText()).trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await expectNoSideways(page);
    await expectKeyboardLabelledControls(page);
    await page.goto('/es/alerts/webhooks');
    expect(await page.locator('[data-webhook-secret]').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain(secret);
    // Its page: the delivery log, the test, pause and delete.
    await Promise.all([page.waitForURL(/\/es\/alerts\/webhooks\/\w+$/), page.getByRole('link', { name: 'Sistema de la galería', exact: true }).click()]);
    await expectNoSideways(page);
    expect(await expectKeyboardLabelledControls(page)).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('due diligence: the forms, a check, and its lot’s certificate', async () => {
    const page = await session.newPage(await session.newContext(PHONE));
    await signIn(page, 'fr');
    expect(await check(page, '/fr/due-diligence')).toBeGreaterThanOrEqual(15);
    await check(page, `/fr/due-diligence/${checkId}`);
    expect(await page.getByRole('link', { name: t('fr', 'dd.lot.certificateIssued') }).getAttribute('href')).toBe(`/fr/certificates/${certificateId}`);
    expect(await check(page, `/fr/certificates/${certificateId}`)).toBeGreaterThanOrEqual(1);
  });

  it('verification and accuracy, for anyone', async () => {
    const page = await session.newPage(await session.newContext(PHONE));
    expect(await check(page, '/en/verify')).toBeGreaterThanOrEqual(2);
    await check(page, `/en/verify/${certificateId}`);
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('valid');
    await check(page, '/es/verify');
    await check(page, '/fr/identify/accuracy');
  });
});
