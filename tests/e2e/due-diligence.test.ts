/**
 * Issue 17's story in a real browser: a dealer checks a catalogue (a CSV and a ZIP of its photos),
 * sees each lot's outcome (a broken row reported, the rest checked), certifies a lot without a
 * match with consent to keep it watched, downloads the signed JSON and the PDF, verifies the JSON
 * offline with the published keys, and — the next day, when the museum reports the object stolen —
 * finds the certificate revoked where anyone verifies it, and is told in-app.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { t } from '../../src/i18n/i18n.js';
import { formatDateTime } from '../../src/registry/object.components.js';
import { CreateObjectSchema } from '../../src/registry/object.schemas.js';
import { runEgide } from '../../src/test-support/cli.js';
import { painting, rephotographed, unregisteredPainting } from '../../src/test-support/identify-images.js';
import { pdfText } from '../../src/test-support/pdf-text.js';
import { zipOf } from '../../src/test-support/zip.js';
import { useE2E, expectNoSideways } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;
const DEALER = { email: 'dealer@galerie-e2e.test', displayName: 'Dealer Dupont', password: 'a dealer password for e2e' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The museum's still life: in its collection today (so no check finds it), photographed and indexed. */
let objectId: string;
let museumPhoto: Buffer;

const session = useE2E(async (e2e) => {
  const { context } = e2e.server;
  await context.organisations.ensure('musee-e2e', 'Musée des Beaux-Arts', 'museum');
  await context.organisations.ensure('galerie-e2e', 'Galerie Dupont', 'partner');
  await context.accounts.addPerson({ ...DEALER, organisationSlug: 'galerie-e2e', role: 'registrar' });
  const museum = await context.accounts.servicePrincipal('musee-e2e', 'registrar');
  const object = await context.objects.create(
    museum,
    CreateObjectSchema.parse({ description: { inventoryNumber: 'MBA-E2E-7', title: { en: 'Still life with quinces' }, objectType: [{ label: { en: 'paintings' } }], makers: [{ name: 'Juan Sánchez Cotán' }] } }),
  );
  objectId = object.id;
  museumPhoto = await painting(5);
  await context.photos.addPhoto(museum, object.id, museumPhoto, 'mba-e2e-7.jpg');
  await context.indexingQueue.drain();
});

afterEach(() => {
  vi.useRealTimers();
});

async function signIn(page: Page, next: string): Promise<void> {
  await page.goto(`/en/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(t('en', 'login.email'), { exact: true }).fill(DEALER.email);
  await page.getByLabel(t('en', 'login.password'), { exact: true }).fill(DEALER.password);
  await Promise.all([page.waitForURL(`**${next}`), page.getByRole('button', { name: t('en', 'login.submit') }).click()]);
}

describe('a dealer’s due diligence that stays valid', () => {
  it('checks a catalogue, certifies a clean lot, verifies it offline, and sees it revoked when the lot is reported stolen the next day', async () => {
    const { e2e } = session;
    const dir = await mkdtemp(join(tmpdir(), 'egide-e2e-dd-'));
    try {
      const context = await session.newContext(PHONE);
      const dealer = await session.newPage(context, 15_000);
      await signIn(dealer, '/en/due-diligence');
      await expectNoSideways(dealer);

      // The catalogue: the still life (its photo a new shot of the museum's), a clean lot, and a row whose country cannot be read.
      const csv = ['lot,title,maker,inventory_number,origin_country,images', '1,Still life with quinces,Juan Sánchez Cotán,MBA-E2E-7,ES,lot-1.jpg', '2,Harbour at dawn,,,,lot-2.jpg', '3,Bronze bell,,,France,'].join('\n');
      const archive = zipOf([
        { name: 'lot-1.jpg', bytes: await rephotographed(museumPhoto) },
        { name: 'lot-2.jpg', bytes: await unregisteredPainting() },
      ]);
      await dealer.getByLabel(t('en', 'dd.form.catalogue'), { exact: true }).setInputFiles({ name: 'sale-17.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await dealer.getByLabel(t('en', 'dd.form.format'), { exact: true }).selectOption('csv');
      await dealer.getByLabel(t('en', 'dd.form.archive'), { exact: true }).setInputFiles({ name: 'photos.zip', mimeType: 'application/zip', buffer: archive });
      await Promise.all([dealer.waitForURL(/\/en\/due-diligence\/[0-9a-z]{16}$/), dealer.getByRole('button', { name: t('en', 'dd.form.submitCatalogue') }).click()]);
      const checkPath = new URL(dealer.url()).pathname;

      // The page refreshes itself while the lots are screened, then says the check is done.
      await dealer.locator('.badge', { hasText: t('en', 'dd.check.state.done') }).waitFor({ timeout: 90_000 });
      await expectNoSideways(dealer);
      const lots = dealer.locator('ol.lots > li');
      expect(await lots.count()).toBe(3);
      const stillLife = lots.filter({ hasText: 'Still life with quinces' });
      const harbour = lots.filter({ hasText: 'Harbour at dawn' });
      const bell = lots.filter({ hasText: 'Bronze bell' });
      expect(await stillLife.locator('.badge').innerText()).toBe(t('en', 'dd.lot.outcome.no-match'));
      expect(await harbour.locator('.badge').innerText()).toBe(t('en', 'dd.lot.outcome.no-match'));
      expect(await bell.locator('.notice.error').innerText()).toContain('origin_country "France"');
      expect(await bell.getByRole('link', { name: t('en', 'dd.lot.issueCertificate') }).count()).toBe(0);

      // The clean still life is certified, its holder consenting to keep it watched.
      await Promise.all([dealer.waitForURL(/\/lots\/\d+\/certificate$/), stillLife.getByRole('link', { name: t('en', 'dd.lot.issueCertificate') }).click()]);
      await expectNoSideways(dealer);
      await dealer.getByLabel(t('en', 'certificate.issue.watch'), { exact: true }).check();
      await Promise.all([dealer.waitForURL(/\/en\/certificates\/\w+$/), dealer.getByRole('button', { name: t('en', 'certificate.issue.submit') }).click()]);
      const certificateId = new URL(dealer.url()).pathname.split('/').pop()!;
      expect(await dealer.locator('[data-status]').getAttribute('data-status')).toBe('valid');
      await expectNoSideways(dealer);

      // The signed JSON, downloaded as a file; the PDF, with the wording that it is no guarantee of title.
      const [download] = await Promise.all([dealer.waitForEvent('download'), dealer.getByRole('link', { name: t('en', 'certificate.download.json') }).click()]);
      const jsonFile = join(dir, download.suggestedFilename());
      await download.saveAs(jsonFile);
      expect(JSON.parse(await readFile(jsonFile, 'utf8'))).toMatchObject({ jws: expect.any(String) });
      const pdfHref = await dealer.getByRole('link', { name: t('en', 'certificate.download.pdf') }).getAttribute('href');
      const pdf = await context.request.get(pdfHref!);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const text = await pdfText(Buffer.from(await pdf.body()));
      expect(text).toContain('It is not a guarantee of title');
      expect(text).toContain(certificateId);

      // The check's page now links the lot's certificate rather than offering to issue one.
      await dealer.goto(checkPath);
      expect(await stillLife.getByRole('link', { name: t('en', 'dd.lot.certificateIssued') }).getAttribute('href')).toBe(`/en/certificates/${certificateId}`);
      expect(await harbour.getByRole('link', { name: t('en', 'dd.lot.issueCertificate') }).count()).toBe(1);

      // Offline: the published keys fetched once, then the CLI verifies the file with nothing but them.
      const jwksFile = join(dir, 'jwks.json');
      await writeFile(jwksFile, await (await fetch(e2e.url('/.well-known/jwks.json'))).text());
      const offline = await runEgide(['certificate', 'verify', jsonFile, '--keys', jwksFile]);
      expect(offline.stderr).toBe('');
      expect(offline.code).toBe(0);
      expect(offline.stdout).toContain(`signature valid; status not checked offline: certificate ${certificateId}`);

      // The next day, the museum reports the still life stolen; the dispatcher raises the alert.
      const issuedAt = Date.now();
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: issuedAt + DAY_MS });
      const { context: app } = e2e.server;
      const museum = await app.accounts.servicePrincipal('musee-e2e', 'registrar');
      await app.objects.reportIncident(museum, objectId, { method: 'theft', reporter: 'Registrar on duty', country: 'FR', publish: true });
      await app.alerts.dispatcher.dispatchPending();
      await app.alerts.outbox.drain();

      // Anyone verifying it online now reads that it was revoked, on the next day.
      const verifier = await session.newPage(await session.newContext(PHONE));
      await verifier.goto(`/en/verify/${certificateId}`);
      const status = verifier.locator('[data-status]');
      expect(await status.getAttribute('data-status')).toBe('revoked');
      expect(await status.innerText()).toContain(t('en', 'certificate.status.revoked'));
      const { certificate } = await app.certificates.get(await app.accounts.servicePrincipal('secretariat', 'admin'), certificateId);
      expect(Date.parse(certificate.revocation!.revokedAt) - Date.parse(certificate.issuedAt)).toBeGreaterThanOrEqual(DAY_MS - 60_000);
      expect(await status.innerText()).toContain(formatDateTime(certificate.revocation!.revokedAt, 'en'));
      await expectNoSideways(verifier);

      // Yesterday's session has ended: the dealer signs in again and is told in-app, the notice naming the lot and its certificate.
      await signIn(dealer, '/en/notifications');
      expect(await dealer.locator('main').innerText()).toContain(`Still life with quinces (${certificateId})`);
      await expectNoSideways(dealer);
      await dealer.goto(`/en/certificates/${certificateId}`);
      expect(await dealer.locator('[data-status]').first().getAttribute('data-status')).toBe('revoked');
      // The evidence: the reported object, matched by the lot's description or its photo (whichever the watch compared first).
      const match = dealer.locator('[data-match]').first();
      expect(['text', 'photo']).toContain(await match.getAttribute('data-match'));
      expect(await match.innerText()).toContain(objectId);
      await expectNoSideways(dealer);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
