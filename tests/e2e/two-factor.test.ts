/**
 * Two-factor sign-in in a real browser, on a phone: an investigator (a role that requires it) signs
 * in, is led to set up an authenticator app (the QR code on screen scans to the key), confirms with a
 * code computed here from the key the page shows, keeps the recovery codes, and reaches a page only signed-in people reach; the next sign-in
 * asks for a code.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import sharp from 'sharp';
import { t } from '../../src/i18n/i18n.js';
import { base32Decode, totpCode } from '../../src/auth/totp.js';
import { decodeQrImage } from '../../src/test-support/qr-decode.js';
import { useE2E } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;
const OFFICER = { email: 'officer@police-2fa.test', displayName: 'Inspectrice Garcia', password: 'an investigator passphrase' } as const;
const SIGNED_IN_ONLY = '/en/notifications';

// The default roles (an empty setting is an unset one): admins and investigators must enrol.
const session = useE2E(async (e2e) => {
  const { context } = e2e.server;
  await context.organisations.ensure('police-2fa', 'Police', 'agency');
  await context.accounts.addPerson({ ...OFFICER, organisationSlug: 'police-2fa', role: 'investigator' });
}, { EGIDE_REQUIRE_2FA_ROLES: '' });

function code(secret: string, offsetSteps = 0): string {
  return totpCode(base32Decode(secret)!, Date.now() + offsetSteps * 30_000);
}

async function passwordStep(page: Page): Promise<void> {
  await page.goto(`/en/login?next=${encodeURIComponent(SIGNED_IN_ONLY)}`);
  await page.getByLabel(t('en', 'login.email')).fill(OFFICER.email);
  await page.getByLabel(t('en', 'login.password')).fill(OFFICER.password);
  await page.getByRole('button', { name: t('en', 'login.submit') }).click();
}

async function expectNoSideways(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `horizontal scroll on ${new URL(page.url()).pathname}`).toBeLessThanOrEqual(clientWidth);
}

describe('two-factor sign-in in Chromium', () => {
  it('an investigator enrols at first sign-in, then signs in with a code, and reaches a signed-in page', async () => {
    const context = await session.newContext(PHONE);
    const page = await session.newPage(context, 10_000);

    await passwordStep(page);
    await page.waitForURL('**/en/login/enrol');
    await page.getByText(t('en', 'twoFactor.enrol.required')).waitFor();
    // No session until the second factor is set up.
    expect((await context.cookies()).some((cookie) => cookie.name === 'egide_session')).toBe(false);
    const secret = (await page.locator('#totp-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = await page.getByRole('link', { name: t('en', 'twoFactor.enrol.link') }).getAttribute('href');
    expect(uri).toContain(`secret=${secret}`);
    // The QR code as Chromium draws it on the phone's screen scans to the same URI.
    const shot = await sharp(await page.getByRole('img', { name: t('en', 'twoFactor.enrol.qr') }).screenshot()).grayscale().raw().toBuffer({ resolveWithObject: true });
    expect(decodeQrImage(new Uint8Array(shot.data), shot.info.width, shot.info.height)).toBe(uri);
    await expectNoSideways(page);

    await page.getByLabel(t('en', 'twoFactor.enrol.step2')).fill(code(secret));
    await page.getByRole('button', { name: t('en', 'twoFactor.enrol.submit') }).click();
    await page.getByRole('heading', { name: t('en', 'twoFactor.codes.title') }).waitFor();
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await expectNoSideways(page);
    await Promise.all([page.waitForURL(`**${SIGNED_IN_ONLY}`), page.getByRole('link', { name: t('en', 'twoFactor.codes.continue') }).click()]);
    await page.getByRole('heading', { name: t('en', 'notifications.title') }).waitFor();

    // Signed out, the next sign-in asks for the code of the app.
    await page.getByRole('button', { name: t('en', 'nav.logout') }).click();
    await page.waitForURL('**/en/');
    await passwordStep(page);
    await page.waitForURL('**/en/login/code');
    await page.goto(SIGNED_IN_ONLY);
    expect(new URL(page.url()).pathname).toBe('/en/login');
    await page.goto('/en/login/code');
    await expectNoSideways(page);
    // The step after the one used to enrol: a code is never accepted twice.
    await page.getByLabel(t('en', 'twoFactor.code.label')).fill(code(secret, 1));
    await Promise.all([page.waitForURL(`**${SIGNED_IN_ONLY}`), page.getByRole('button', { name: t('en', 'twoFactor.code.submit') }).click()]);
    await page.getByRole('heading', { name: t('en', 'notifications.title') }).waitFor();
  });
});
