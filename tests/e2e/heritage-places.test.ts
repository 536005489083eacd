/**
 * Heritage places in a real browser, on a phone: a heritage assessor records a site from the form,
 * assesses it with a photo, and reads its condition history; the public sees the site's area on the
 * map but never its position. No page may scroll sideways at 390 px or report an error.
 */
import type { BrowserContextOptions } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/i18n.js';
import { jpeg } from '../../src/test-support/photo-images.js';
import { expectNoSideways, useE2E } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;
const ASSESSOR = { email: 'field@blue-shield-e2e.test', displayName: 'Rana Haddad', password: 'a heritage assessor password' } as const;

const session = useE2E(async (e2e) => {
  await e2e.server.context.organisations.ensure('blue-shield-e2e', 'Blue Shield (test)', 'partner');
  await e2e.server.context.accounts.addPerson({ ...ASSESSOR, organisationSlug: 'blue-shield-e2e', role: 'heritage-assessor' });
});

describe('heritage places on a phone', () => {
  it('record a site, assess it with a photo, and show the public its area only', async () => {
    const assessor = await session.newPage(await session.newContext(PHONE), 15_000);
    await assessor.goto(`/en/login?next=${encodeURIComponent('/en/heritage-places/new')}`);
    await assessor.getByLabel(t('en', 'login.email'), { exact: true }).fill(ASSESSOR.email);
    await assessor.getByLabel(t('en', 'login.password'), { exact: true }).fill(ASSESSOR.password);
    await Promise.all([assessor.waitForURL('**/en/heritage-places/new'), assessor.getByRole('button', { name: t('en', 'login.submit') }).click()]);
    await expectNoSideways(assessor);

    await assessor.getByLabel(t('en', 'places.field.nameIn', { lang: 'en' }), { exact: true }).fill('Tell Phone');
    await assessor.getByLabel(t('en', 'places.field.kind'), { exact: true }).selectOption('archaeological-site');
    await assessor.getByLabel(t('en', 'places.field.country'), { exact: true }).selectOption('SY');
    await assessor.getByLabel(t('en', 'places.field.longitude'), { exact: true }).fill('38.91357');
    await assessor.getByLabel(t('en', 'places.field.latitude'), { exact: true }).fill('35.95246');
    await Promise.all([assessor.waitForURL('**?saved=created'), assessor.getByRole('button', { name: t('en', 'places.save') }).click()]);
    expect(await assessor.getByRole('status').innerText()).toBe(t('en', 'places.saved.created'));
    const placePath = new URL(assessor.url()).pathname;
    await expectNoSideways(assessor);

    await Promise.all([assessor.waitForURL('**/assess'), assessor.getByRole('link', { name: t('en', 'places.assess') }).click()]);
    await assessor.getByLabel(t('en', 'places.assessment.phase'), { exact: true }).selectOption('damage-and-risk');
    await assessor.getByLabel(t('en', 'places.assessment.condition'), { exact: true }).selectOption('very-bad');
    await assessor.getByLabel(t('en', 'places.assessment.damageExtent'), { exact: true }).selectOption('61-90');
    await assessor.getByLabel(t('en', 'places.assessment.threatType', { n: 1 }), { exact: true }).fill('illegal digging');
    await assessor.getByLabel(t('en', 'places.assessment.threatCategory', { n: 1 }), { exact: true }).selectOption('looting');
    await assessor.getByLabel(t('en', 'places.assessment.priority'), { exact: true }).selectOption('immediate');
    await assessor.getByLabel(t('en', 'places.assessment.photos'), { exact: true }).setInputFiles({ name: 'pits.jpg', mimeType: 'image/jpeg', buffer: await jpeg(640, 480) });
    await expectNoSideways(assessor);
    await Promise.all([assessor.waitForURL('**saved=assessed**'), assessor.getByRole('button', { name: t('en', 'places.save') }).click()]);
    expect(await assessor.locator('table').innerText()).toContain(t('en', 'places.condition.very-bad'));
    expect(await assessor.locator('.gallery img').count()).toBe(1);
    await expectNoSideways(assessor);

    const visitor = await session.newPage(await session.newContext(PHONE));
    await visitor.goto(placePath);
    expect(await visitor.locator('figcaption').innerText()).toBe(t('en', 'places.region.notice'));
    expect(await visitor.locator('svg.world-map').count()).toBe(1);
    expect(await visitor.content()).not.toContain('38.913');
    await expectNoSideways(visitor);
    await visitor.goto('/en/heritage-places?country=SY');
    expect(await visitor.getByRole('link', { name: 'Tell Phone' }).count()).toBe(1);
    await expectNoSideways(visitor);
  });
});
