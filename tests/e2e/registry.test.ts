/**
 * The registry in a real browser, on a phone: a registrar describes an object through the form,
 * photographs it, reports it stolen with consent to publish, and an anonymous visitor then finds it
 * on the French alert list. No page may scroll sideways at 390 px, and no page may report an error.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { t } from '../../src/i18n/i18n.js';
import { jpeg } from '../../src/test-support/photo-images.js';
import { useE2E } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;
const REGISTRAR = { email: 'registrar@musee-e2e.test', displayName: 'Claire Martin', password: 'another long enough password' } as const;

const session = useE2E(async (e2e) => {
  await e2e.server.context.organisations.ensure('musee-e2e', 'Musée de test', 'museum');
  await e2e.server.context.accounts.addPerson({ ...REGISTRAR, organisationSlug: 'musee-e2e', role: 'registrar' });
});

async function phonePage(): Promise<Page> {
  return session.newPage(await session.newContext(PHONE), 10_000);
}

async function expectNoSideways(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `horizontal scroll on ${new URL(page.url()).pathname}`).toBeLessThanOrEqual(clientWidth);
}

describe('the registry on a phone', () => {
  it('describe, photograph and report an object stolen; the public then finds it on /fr/alerts', async () => {
    const page = await phonePage();

    // Not signed in: the new-object form leads to the login, which leads back.
    await page.goto('/fr/objects/new');
    expect(new URL(page.url()).pathname).toBe('/fr/login');
    await page.getByLabel(t('fr', 'login.email')).fill(REGISTRAR.email);
    await page.getByLabel(t('fr', 'login.password')).fill(REGISTRAR.password);
    await Promise.all([page.waitForURL('**/fr/objects/new'), page.getByRole('button', { name: t('fr', 'login.submit') }).click()]);
    await expectNoSideways(page);

    // The form, as a registrar on a phone fills it in.
    await page.getByLabel(t('fr', 'objectId.inventoryNumber')).fill('E2E-2024-001');
    await page.getByLabel(t('fr', 'objectId.objectType'), { exact: true }).selectOption('jars');
    const french = page.getByRole('group', { name: 'Français' });
    await french.getByLabel(t('fr', 'objectId.title')).fill('Jarre aux oiseaux bleus');
    await french.getByLabel(t('fr', 'objectId.description')).fill('Jarre en faïence, décor d’oiseaux bleus sur fond blanc.');
    await page.getByRole('group', { name: 'English' }).getByLabel(t('fr', 'objectId.title')).fill('Jar with blue birds');
    await page.getByLabel(t('fr', 'objectForm.material.n', { n: 1 })).fill('faïence');
    const first = page.getByRole('group', { name: t('fr', 'objectForm.measurement.n', { n: 1 }) });
    await first.getByLabel(t('fr', 'objectForm.measurement.value')).fill('32,5');
    // The script adds rows: a fourth measurement, numbered and labelled.
    const measurements = page.locator('[data-rows="measurements"]');
    await page.locator('[data-rows="measurements"] + .add-row').click();
    expect(await measurements.locator('[data-row]').count()).toBe(4);
    const fourth = page.getByRole('group', { name: t('fr', 'objectForm.measurement.n', { n: 4 }) });
    await fourth.getByLabel(t('fr', 'objectForm.measurement.dimension')).selectOption('weight');
    await fourth.getByLabel(t('fr', 'objectForm.measurement.value')).fill('2.4');
    await fourth.getByLabel(t('fr', 'objectForm.measurement.unit')).selectOption('kg');
    await page.getByLabel(t('fr', 'objectForm.dating.display')).fill('vers 1730');
    await page.getByLabel(t('fr', 'objectForm.maker.name')).first().fill('Manufacture de Nevers');
    await page.getByLabel(t('fr', 'object.sensitive.storageLocation')).fill('Réserve C, étagère 4');
    await Promise.all([page.waitForURL(/\/fr\/objects\/[0-9a-z]{16}\?saved=created$/), page.getByRole('button', { name: t('fr', 'objectForm.create') }).click()]);
    const objectUrl = new URL(page.url()).pathname;
    expect(await page.locator('h1').innerText()).toBe('Jarre aux oiseaux bleus');
    expect(await page.getByRole('status').innerText()).toBe(t('fr', 'object.saved.created'));
    expect(await page.locator('main').innerText()).toContain('2,4 kg');
    await expectNoSideways(page);

    // A photograph from the phone.
    await page.getByLabel(t('fr', 'object.photo.file'), { exact: true }).setInputFiles({ name: 'jarre.jpg', mimeType: 'image/jpeg', buffer: await jpeg(1200, 900) });
    await page.getByLabel(t('fr', 'object.photo.caption')).fill('Face');
    await Promise.all([page.waitForURL('**?saved=photo'), page.getByRole('button', { name: t('fr', 'object.photo.submit') }).click()]);
    const thumbnail = page.locator('.gallery img').first();
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expectNoSideways(page);

    // Reported stolen, with consent to publish.
    await Promise.all([page.waitForURL('**/report'), page.getByRole('link', { name: t('fr', 'object.report') }).first().click()]);
    await expectNoSideways(page);
    await page.getByLabel(t('fr', 'report.method')).selectOption('theft');
    await page.getByLabel(t('fr', 'report.discoveredOn')).fill('2024-05-03');
    await page.getByLabel(t('fr', 'report.policeReportNumber')).fill('PV 2024/0503');
    await page.getByLabel(t('fr', 'report.country')).selectOption('FR');
    await page.getByLabel(t('fr', 'report.publish')).check();
    await Promise.all([page.waitForURL('**?saved=reported'), page.getByRole('button', { name: t('fr', 'report.submit') }).click()]);
    expect(await page.locator('.object-status .badge').innerText()).toBe(t('fr', 'status.stolen'));

    // An anonymous visitor, on another phone, finds it on the alert list.
    const visitor = await phonePage();
    await visitor.goto('/fr/alerts');
    await expectNoSideways(visitor);
    const link = visitor.getByRole('link', { name: 'Jarre aux oiseaux bleus' });
    await expect.poll(() => link.count()).toBe(1);
    const item = visitor.locator('.object-item', { has: link });
    expect(await item.innerText()).toContain(t('fr', 'status.stolen'));
    await expect.poll(() => item.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await Promise.all([visitor.waitForURL(`**${objectUrl}`), link.click()]);
    const text = await visitor.locator('main').innerText();
    expect(text).toContain('Jarre aux oiseaux bleus');
    expect(text).not.toContain('Réserve C');
    expect(text).not.toContain('PV 2024/0503');
    await expectNoSideways(visitor);

    // The search box finds it too, without JavaScript's help (a GET form), despite a typo.
    await visitor.goto('/fr/search');
    await visitor.getByLabel(t('fr', 'search.label')).fill('oiseaus');
    await Promise.all([visitor.waitForURL('**/fr/search?q=oiseaus**'), visitor.getByRole('button', { name: t('fr', 'search.submit'), exact: true }).click()]);
    await expect.poll(() => visitor.getByRole('link', { name: 'Jarre aux oiseaux bleus' }).count()).toBe(1);
    await expectNoSideways(visitor);
  });
});
