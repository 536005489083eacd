/**
 * Identification in a real browser, on a phone: a customs officer photographs a painting, sees the
 * verdict and the evidence, confirms the match where it was seen; the museum's registrar then finds
 * the sighting in their notifications. No page may scroll sideways at 390 px or report an error.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { t } from '../../src/i18n/i18n.js';
import { CreateObjectSchema } from '../../src/registry/object.schemas.js';
import { painting, rephotographed } from '../../src/test-support/identify-images.js';
import { useE2E, expectNoSideways } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;
const REGISTRAR = { email: 'registrar@musee-identify.test', displayName: 'Claire Martin', password: 'another long enough password' } as const;
const OFFICER = { email: 'officer@douane.test', displayName: 'Officier Dupont', password: 'a customs officer password' } as const;

let fieldPhoto: Buffer;

const session = useE2E(async (e2e) => {
  const { context } = e2e.server;
  await context.organisations.ensure('musee-identify', 'Musée de test', 'museum');
  await context.organisations.ensure('douane', 'Douane', 'agency');
  await context.accounts.addPerson({ ...REGISTRAR, organisationSlug: 'musee-identify', role: 'registrar' });
  await context.accounts.addPerson({ ...OFFICER, organisationSlug: 'douane', role: 'investigator' });
  const registrar = await context.accounts.servicePrincipal('musee-identify', 'registrar');
  let paintingId = '';
  for (const n of [0, 1, 2]) {
    const input = CreateObjectSchema.parse({
      description: { inventoryNumber: `MI-${n}`, title: { fr: `Tableau ${n}`, en: `Painting ${n}` }, objectType: [{ label: { en: 'paintings' } }], makers: [{ name: 'Maître anonyme' }] },
    });
    const object = await context.objects.create(registrar, input);
    await context.photos.addPhoto(registrar, object.id, await painting(n), `tableau-${n}.jpg`);
    if (n === 0) paintingId = object.id;
  }
  await context.objects.reportIncident(registrar, paintingId, { method: 'theft', reporter: 'Régie', publish: false });
  // The server's queue indexes the photos in the background: wait for it.
  for (let waited = 0; (await context.identifyRepository.counts()).pending > 0; waited += 100) {
    if (waited > 30_000) throw new Error('The photos were not indexed within 30 s.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fieldPhoto = await rephotographed(await painting(0));
});

async function phonePage(): Promise<Page> {
  return session.newPage(await session.newContext(PHONE), 15_000);
}

async function signIn(page: Page, person: { email: string; password: string }, next: string): Promise<void> {
  await page.goto(`/fr/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(t('fr', 'login.email')).fill(person.email);
  await page.getByLabel(t('fr', 'login.password')).fill(person.password);
  await Promise.all([page.waitForURL(`**${next}`), page.getByRole('button', { name: t('fr', 'login.submit') }).click()]);
}

const loaded = (page: Page, selector: string) => page.locator(selector).first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

describe('identification on a phone', () => {
  it('photograph, see the verdict and the evidence, confirm; the museum is notified', async () => {
    const officer = await phonePage();
    await signIn(officer, OFFICER, '/fr/identify');
    expect(await officer.locator('main').innerText()).toContain(t('fr', 'identify.scope.investigator'));
    await expectNoSideways(officer);

    await officer.getByLabel(t('fr', 'identify.photo'), { exact: true }).setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: fieldPhoto });
    await Promise.all([officer.waitForURL(/\/fr\/identify\/[0-9a-z]{16}$/), officer.getByRole('button', { name: t('fr', 'identify.submit') }).click()]);
    expect(await officer.locator('.verdict-text').innerText()).toBe(t('fr', 'identify.verdict.match'));
    const candidate = officer.locator('article.candidate');
    expect(await candidate.count()).toBe(1);
    expect(await candidate.getByRole('heading', { level: 3 }).innerText()).toBe('Tableau 0');
    expect(await candidate.innerText()).toContain('MI-0');
    await expect.poll(() => loaded(officer, '.evidence img'), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => loaded(officer, '.query-photo img')).toBe(true);
    await expectNoSideways(officer);

    await officer.getByLabel(t('fr', 'identify.confirm.place')).fill('Port d’Anvers, conteneur 12');
    await officer.getByLabel(t('fr', 'identify.confirm.country')).selectOption('BE');
    await officer.getByLabel(t('fr', 'identify.confirm.note')).fill('Déclaré comme copie décorative');
    await Promise.all([officer.waitForURL('**?saved=sighting**'), officer.getByRole('button', { name: t('fr', 'identify.confirm.submit') }).click()]);
    expect(await officer.getByRole('status').innerText()).toBe(t('fr', 'identify.saved.sighting'));
    await expectNoSideways(officer);

    // The museum's registrar, on their phone: a count in the navigation, then the sighting.
    const registrar = await phonePage();
    await signIn(registrar, REGISTRAR, '/fr/');
    const link = registrar.getByRole('link', { name: new RegExp(t('fr', 'nav.notifications.unread', { count: 1 })) });
    expect(await link.count()).toBe(1);
    await Promise.all([registrar.waitForURL('**/fr/notifications'), link.click()]);
    const item = registrar.locator('.notifications li').first();
    const text = await item.innerText();
    expect(text).toContain('Tableau 0');
    expect(text).toContain('Port d’Anvers, conteneur 12, Belgique');
    expect(text).toContain('Officier Dupont (Douane)');
    await expect.poll(() => loaded(registrar, '.notifications img')).toBe(true);
    await expectNoSideways(registrar);
    await Promise.all([registrar.waitForURL('**saved=read**'), item.getByRole('button', { name: t('fr', 'notifications.markRead') }).click()]);
    expect(await registrar.locator('.site-nav .count-badge').count()).toBe(0);
  });
});
