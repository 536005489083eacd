/**
 * The Red List editor in a real browser, on a 390 px phone: a Red List editor creates a list,
 * writes its texts language by language, adds a row with the script, uploads an example photo and
 * reaches the publish page. No page may scroll sideways, and no page may report an error.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions } from 'playwright-core';
import { t } from '../../src/i18n/i18n.js';
import { jpeg } from '../../src/test-support/photo-images.js';
import { useE2E, expectNoSideways } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;
const EDITOR = { email: 'expert@musee-e2e.test', displayName: 'Awa Diallo', password: 'a long enough editor password' } as const;

const session = useE2E(async (e2e) => {
  await e2e.server.context.organisations.ensure('musee-e2e', 'Musée de test', 'museum');
  await e2e.server.context.accounts.addPerson({ ...EDITOR, organisationSlug: 'musee-e2e', role: 'red-list-editor' });
});

describe('the Red List editor on a phone', () => {
  it('creates a list, writes it in three languages, adds a photo and reaches the publish page', async () => {
    const page = await session.newPage(await session.newContext(PHONE), 10_000);
    await page.goto('/fr/red-lists/edit');
    expect(new URL(page.url()).pathname).toBe('/fr/login');
    await page.getByLabel(t('fr', 'login.email')).fill(EDITOR.email);
    await page.getByLabel(t('fr', 'login.password')).fill(EDITOR.password);
    await Promise.all([page.waitForURL('**/fr/red-lists/edit'), page.getByRole('button', { name: t('fr', 'login.submit') }).click()]);
    await expectNoSideways(page);

    await page.getByLabel(t('fr', 'redlistEditor.field.slug')).fill('sahel');
    await page.getByLabel(t('fr', 'redlistEditor.field.countries')).fill('ML NE');
    const french = page.getByRole('group', { name: 'Français' });
    await french.getByLabel(t('fr', 'redlistEditor.field.title')).fill('Liste rouge du Sahel');
    await french.getByLabel(t('fr', 'redlistEditor.field.regionName')).fill('Sahel');
    await french.getByLabel(t('fr', 'redlistEditor.field.introduction')).fill('Des biens culturels menacés.');
    await page.getByLabel(t('fr', 'redlistEditor.field.id'), { exact: true }).fill('ceramiques');
    await page.getByRole('group', { name: t('fr', 'redlistEditor.field.name') }).getByLabel('Français').fill('Céramiques');
    await Promise.all([page.waitForURL('**/fr/red-lists/edit/sahel?saved=created'), page.getByRole('button', { name: t('fr', 'redlistEditor.new.create') }).click()]);
    expect(await page.getByRole('status').innerText()).toBe(t('fr', 'redlistEditor.saved.created'));
    await expectNoSideways(page);

    // The general section: the three languages one under the other, each under its heading.
    await page.getByRole('group', { name: 'Español' }).getByLabel(t('fr', 'redlistEditor.field.title')).fill('Lista Roja del Sahel');
    await Promise.all([page.waitForURL('**?saved=draft'), page.getByRole('button', { name: t('fr', 'redlistEditor.save') }).click()]);
    await expectNoSideways(page);

    // Legal section: the script adds a second contact row.
    await Promise.all([page.waitForURL('**/legal'), page.getByRole('link', { name: t('fr', 'redlistEditor.section.legal') }).click()]);
    const contacts = page.locator('[data-rows="contacts"]');
    await page.locator('[data-rows="contacts"] + .add-row').click();
    expect(await contacts.locator('[data-row]').count()).toBe(2);
    const second = page.getByRole('group', { name: t('fr', 'redlistEditor.contact.n', { n: 2 }) });
    await second.getByLabel(t('fr', 'redlistEditor.field.contactName')).fill('Douane de Bamako');
    await second.getByLabel(t('fr', 'redlistEditor.field.country'), { exact: true }).fill('ML');
    await second.getByLabel(t('fr', 'redlistEditor.field.kind')).selectOption('customs');
    await Promise.all([page.waitForURL('**/legal?saved=draft'), page.getByRole('button', { name: t('fr', 'redlistEditor.save') }).click()]);
    expect(await page.getByLabel(t('fr', 'redlistEditor.field.contactName')).first().inputValue()).toBe('Douane de Bamako');
    await expectNoSideways(page);

    // A category's example photo, taken with the phone.
    await page.goto('/fr/red-lists/edit/sahel/categories/ceramiques');
    const example = page.getByRole('group', { name: t('fr', 'redlistEditor.example.n', { n: 1 }) });
    await example.getByLabel(t('fr', 'redlistEditor.field.photo')).setInputFiles({ name: 'jarre.jpg', mimeType: 'image/jpeg', buffer: await jpeg(1200, 900) });
    await example.getByLabel(t('fr', 'redlistEditor.field.credit')).fill('Musée national');
    await example.getByLabel(t('fr', 'redlistEditor.field.licence')).fill('CC0');
    await example.getByLabel(t('fr', 'redlistEditor.field.institution')).fill('Musée national du Mali');
    await Promise.all([page.waitForURL('**/categories/ceramiques?saved=draft'), page.getByRole('button', { name: t('fr', 'redlistEditor.save') }).click()]);
    const thumbnail = page.locator('[data-rows="examples"] img.thumb').first();
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expectNoSideways(page);

    // The publish page lists what is still missing, linked to its field.
    await Promise.all([page.waitForURL('**/publish'), page.getByRole('link', { name: t('fr', 'redlistEditor.section.publish') }).click()]);
    expect(await page.getByRole('alert').innerText()).toContain(t('fr', 'redlistEditor.field.introduction'));
    expect(await page.getByRole('button', { name: t('fr', 'redlistEditor.publish.button', { n: 1 }) }).isDisabled()).toBe(true);
    await expectNoSideways(page);
  });
});
