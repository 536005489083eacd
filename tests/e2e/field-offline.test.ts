/**
 * The "done when": on a 390 px phone, an assessor opens the field app online (the service
 * worker installs), the network goes away, the page is reloaded from the phone's cache, a damaged
 * site is recorded with two photos and waits in the queue; the network comes back, the queue drains,
 * and the assessment is on the place's page with its photos; the public page of the place shows its
 * region, never its position. And: a submission the server refuses stays queued with the reason.
 *
 * "Offline" is real: Chromium's offline emulation (`context.setOffline`) alone does not reach what a
 * service worker fetches, so the browser talks to the server through a TCP relay that the test cuts
 * (every connection dropped, new ones refused) as well as switching the emulation on, which is what
 * fires the page's `offline` and `online` events.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { EmergencyInputSchema } from '../../src/emergencies/emergency.schemas.js';
import { t } from '../../src/i18n/i18n.js';
import { jpeg } from '../../src/test-support/photo-images.js';
import type { Principal } from '../../src/roles.js';
import { useE2E, expectNoSideways } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;
const ASSESSOR = { email: 'assessor@blue-shield-e2e.test', displayName: 'Nadia Haddad', password: 'a field assessor password' } as const;
/** The site's position: its digits must never reach the public page. */
const SITE = { lon: 38.27391, lat: 36.51847 };
const PHOTO_POSITION = { latitude: 36.51902, longitude: 38.27455 };

interface Relay {
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** A TCP relay to the server that can be cut like a lost signal. */
async function startRelay(target: string): Promise<Relay> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let up = true;
  const server: Server = createServer((client) => {
    if (!up) return void client.destroy();
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut() {
      up = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      up = true;
    },
    close() {
      up = false;
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let placeId = '';
let emergencyId = '';
let relay: Relay;

const session = useE2E(async (e2e) => {
  const { context } = e2e.server;
  await context.organisations.ensure('blue-shield-e2e', 'Blue Shield (test)', 'partner');
  await context.accounts.addPerson({ ...ASSESSOR, organisationSlug: 'blue-shield-e2e', role: 'heritage-assessor' });
  const admin: Principal = await context.accounts.servicePrincipal('secretariat', 'admin');
  const place = await context.heritagePlaces.create(admin, {
    names: { en: 'Tell Abyad mound', fr: 'Tell Abyad', ar: 'تل أبيض' },
    kind: 'archaeological-site',
    geometry: { type: 'Point', coordinates: [SITE.lon, SITE.lat] },
    locationCertainty: 'exact',
    country: 'SY',
    protection: 'none',
  });
  placeId = place.id;
  const emergency = await context.emergencies.declare(admin, EmergencyInputSchema.parse({ kind: 'armed-conflict', names: { en: 'Conflict in the north (test)' }, countries: ['SY'], startsOn: '2026-01-01' }));
  emergencyId = emergency.id;
  relay = await startRelay(e2e.baseUrl);
});

afterAll(() => relay?.close());

const refusedSubmission = /^Failed to load resource: the server responded with a status of 400 \(Bad Request\)$/;
const unexpected: string[] = [];
afterEach(() => {
  const errors = unexpected.splice(0);
  expect(errors, 'errors reported by the pages').toEqual([]);
});

async function pageExpectingRefusals(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => unexpected.push(error.message));
  page.on('console', (message) => {
    const assessments = /\/api\/v1\/heritage-places\/[^/]+\/assessments$/.test(message.location().url);
    if (message.type() === 'error' && !(assessments && refusedSubmission.test(message.text()))) unexpected.push(message.text());
  });
  return page;
}

/**
 * The assessor's phone, signed in at the field app, its service worker in control. `refusals`: the
 * test expects the server to refuse submissions, which Chromium logs as a failed resource; any other
 * error of the page fails the test, as with the other browser tests' pages.
 */
async function assessorPhone(refusals = false): Promise<{ context: BrowserContext; page: Page }> {
  relay.restore();
  const context = await session.newContext({ ...PHONE, baseURL: relay.url, geolocation: PHOTO_POSITION, permissions: ['geolocation'] });
  const page = refusals ? await pageExpectingRefusals(context) : await session.newPage(context, 15_000);
  await page.goto('/en/login?next=%2Fen%2Ffield');
  await page.getByLabel(t('en', 'login.email'), { exact: true }).fill(ASSESSOR.email);
  await page.getByLabel(t('en', 'login.password'), { exact: true }).fill(ASSESSOR.password);
  await Promise.all([page.waitForURL('**/en/field'), page.getByRole('button', { name: t('en', 'login.submit') }).click()]);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return { context, page };
}

async function goOffline(context: BrowserContext) {
  relay.cut();
  await context.setOffline(true);
}

async function goOnline(context: BrowserContext) {
  relay.restore();
  await context.setOffline(false);
}

/** Fills the assessment form of the test's place. */
async function fillAssessment(page: Page, assessedOn: string) {
  await page.getByLabel(t('en', 'field.form.place'), { exact: true }).selectOption(placeId);
  await page.getByLabel(t('en', 'places.assessment.assessedOn'), { exact: true }).fill(assessedOn);
  await page.getByLabel(t('en', 'places.assessment.phase'), { exact: true }).selectOption('damage-and-risk');
  await page.getByLabel(t('en', 'places.assessment.condition'), { exact: true }).selectOption('very-bad');
  await page.getByLabel(t('en', 'places.assessment.damageExtent'), { exact: true }).selectOption('61-90');
  await page.getByLabel(t('en', 'places.assessment.threatType', { n: 1 }), { exact: true }).fill('illegal digging');
  await page.getByLabel(t('en', 'places.assessment.threatCategory', { n: 1 }), { exact: true }).selectOption('looting');
  await page.getByLabel(t('en', 'places.assessment.threatProbability', { n: 1 }), { exact: true }).selectOption('high');
  await page.getByLabel(t('en', 'places.assessment.recommendation'), { exact: true }).fill('Backfill the looters’ pits and post a guard.');
  await page.getByLabel(t('en', 'places.assessment.priority'), { exact: true }).selectOption('immediate');
}

const queued = (page: Page) => page.locator('[data-field-queue-items] > li');

describe('field assessments offline, on a phone', () => {
  it('records a damaged site without network, queues it, and sends it when the network returns', async () => {
    const { context, page } = await assessorPhone();
    await expectNoSideways(page);

    await goOffline(context);
    // The server is out of reach: the page comes from the service worker's cache.
    await page.reload();
    expect(await page.locator('[data-field-network]').innerText()).toBe(t('en', 'field.network.offline'));
    expect(await page.locator('[data-field-place]').first().innerText()).toContain('Tell Abyad mound');

    await fillAssessment(page, new Date().toISOString().slice(0, 10));
    await page.getByRole('button', { name: t('en', 'field.form.position.use') }).click();
    await page.locator('[data-field-position-value]').filter({ hasText: '36.51902' }).waitFor();
    // Two shots, one camera opening each.
    const photos = page.getByLabel(t('en', 'field.form.photos'), { exact: true });
    await photos.setInputFiles({ name: 'north-trench.jpg', mimeType: 'image/jpeg', buffer: await jpeg(640, 480) });
    await photos.setInputFiles({ name: 'looters-pit.jpg', mimeType: 'image/jpeg', buffer: await jpeg(480, 640) });
    await expect.poll(() => page.locator('[data-field-thumbnails] img').count()).toBe(2);
    expect(await page.locator('[data-field-thumbnails]').innerText()).toContain(t('en', 'field.form.photos.positioned'));
    await expectNoSideways(page);
    await page.getByRole('button', { name: t('en', 'field.form.submit') }).click();

    await expect.poll(() => queued(page).count()).toBe(1);
    expect(await queued(page).first().getAttribute('data-state')).toBe('pending');
    expect(await queued(page).first().innerText()).toContain(t('en', 'field.queue.state.pending'));
    // Kept on the phone, not in the page: a reload offline still lists it.
    await page.reload();
    await expect.poll(() => queued(page).count()).toBe(1);
    expect(await queued(page).first().getAttribute('data-state')).toBe('pending');
    await expectNoSideways(page);

    await goOnline(context);
    await queued(page).and(page.locator('[data-state="sent"]')).waitFor({ timeout: 20_000 });
    expect(await queued(page).first().getByRole('link', { name: t('en', 'field.queue.open') }).getAttribute('href')).toMatch(new RegExp(`^/en/heritage-places/${placeId}#assessment-`));

    // On the emergency's dashboard: the site, very badly damaged; its page has the two photos.
    await page.goto(`/en/emergencies/${emergencyId}`);
    const row = page.locator('tr', { hasText: 'Tell Abyad mound' });
    expect(await row.innerText()).toContain(t('en', 'places.condition.very-bad'));
    await expectNoSideways(page);
    await Promise.all([page.waitForURL(`**/en/heritage-places/${placeId}`), row.getByRole('link', { name: 'Tell Abyad mound' }).click()]);
    await expect.poll(() => page.locator('img[src^="/media/heritage-places/photos/"]').count()).toBe(2);
    await expectNoSideways(page);

    // The public sees the place and its region, never the position.
    const visitor = await session.newPage(await session.newContext(PHONE));
    await visitor.goto(`/en/heritage-places/${placeId}`);
    const publicPage = await visitor.content();
    expect(publicPage).toContain('Tell Abyad mound');
    expect(await visitor.getByText(t('en', 'places.region.notice')).count()).toBe(1);
    for (const digits of ['27391', '51847', '51902', '27455']) expect(publicPage).not.toContain(digits);
    await expectNoSideways(visitor);
  });

  it('keeps a submission the server refuses in the queue, with the reason, until it is edited', async () => {
    const { page } = await assessorPhone(true);
    // Before the place was recorded (today): the server refuses the date.
    await fillAssessment(page, '2020-01-15');
    await page.getByRole('button', { name: t('en', 'field.form.submit') }).click();
    const item = queued(page).and(page.locator('[data-state="failed"]'));
    await item.waitFor();
    expect(await item.innerText()).toContain(t('en', 'field.queue.state.failed'));
    expect(await item.innerText()).toContain('assessedOn');
    await page.reload();
    await queued(page).and(page.locator('[data-state="failed"]')).waitFor();

    await queued(page).getByRole('button', { name: t('en', 'field.queue.edit') }).click();
    // The form takes the refused submission back.
    await expect.poll(() => page.getByLabel(t('en', 'places.assessment.condition'), { exact: true }).inputValue()).toBe('very-bad');
    await page.getByLabel(t('en', 'places.assessment.assessedOn'), { exact: true }).fill(new Date().toISOString().slice(0, 10));
    await page.getByRole('button', { name: t('en', 'field.form.submit') }).click();
    await queued(page).and(page.locator('[data-state="sent"]')).waitFor();
    expect(await page.locator('[data-state="failed"]').count()).toBe(0);
  });
});
