/**
 * Photos in the deep-zoom viewer, in a real browser: a thumbnail opens OpenSeadragon in a dialog that
 * loads IIIF tiles, zooms to finer tiles with its buttons and keys, and closes with Esc, giving the
 * focus back; a signed-in admin sees a private object's photo the same way (session cookie); without
 * JavaScript the thumbnail still opens the photo.
 */
import type { BrowserContextOptions, Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/i18n.js';
import { CreateObjectSchema, IncidentInputSchema } from '../../src/registry/object.schemas.js';
import { jpeg } from '../../src/test-support/photo-images.js';
import { ADMIN, useE2E } from './browser.js';

const DESKTOP = { viewport: { width: 1280, height: 900 } } satisfies BrowserContextOptions;

let publicObject = '';
let privateObject = '';
let publicPhoto = '';

const session = useE2E(async (e2e) => {
  const { context } = e2e.server;
  await context.organisations.ensure('musee-iiif', 'Musée IIIF', 'museum');
  const registrar = await context.accounts.servicePrincipal('musee-iiif', 'registrar');
  const create = async (inventoryNumber: string, title: string) =>
    (await context.objects.create(registrar, CreateObjectSchema.parse({ description: { inventoryNumber, title: { en: title, fr: title } } }))).id;
  publicObject = await create('IIIF-1', 'Bowl on the alert list');
  privateObject = await create('IIIF-2', 'Bowl in the reserve');
  await context.objects.reportIncident(registrar, publicObject, IncidentInputSchema.parse({ method: 'theft', reporter: 'The curator', publish: true }));
  // 3,000 × 2,000 px: four levels of 512 px tiles, so zooming in asks for finer ones.
  publicPhoto = (await context.photos.addPhoto(registrar, publicObject, await jpeg(3000, 2000), 'bowl.jpg')).id;
  await context.photos.addPhoto(registrar, privateObject, await jpeg(1600, 1200), 'reserve.jpg');
});

/** Tile requests answered so far, and a wait for the next ones. */
function watchTiles(page: Page) {
  const tiles: Array<{ url: string; status: number; type: string | null }> = [];
  page.on('response', (response: Response) => {
    if (/\/iiif\/3\/[0-9a-z]+\/[^/]+\/[^/]+\/0\/default\.jpg$/.test(new URL(response.url()).pathname)) {
      tiles.push({ url: response.url(), status: response.status(), type: response.headers()['content-type'] ?? null });
    }
  });
  return {
    tiles,
    /** Waits until at least `count` tiles have come back. */
    async atLeast(count: number) {
      await expect.poll(() => tiles.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
    },
  };
}

/** How many pixels of the photo (3,000 px wide) each pixel of a tile stands for: 1 for full-resolution tiles. */
const scaleOf = (url: string) => {
  const [region = '', size = ''] = new URL(url).pathname.split('/').slice(4, 6);
  const regionWidth = region === 'full' ? 3000 : Number(region.split(',')[2]);
  return size === 'max' ? 1 : regionWidth / Number(size.split(',')[0]);
};

describe('the deep-zoom photo viewer', () => {
  it('opens a photo from its thumbnail, loads IIIF tiles, zooms to finer ones and closes with Esc', async () => {
    const page = await session.newPage(await session.newContext(DESKTOP), 10_000);
    const watch = watchTiles(page);
    await page.goto(`/en/objects/${publicObject}`);
    const link = page.getByRole('link', { name: t('en', 'object.photo.open', { n: 1 }) });
    expect(await link.getAttribute('href')).toBe(`/media/photos/${publicPhoto}`);
    await link.click();

    const dialog = page.getByRole('dialog', { name: t('en', 'object.photo.alt', { n: 1, title: 'Bowl on the alert list' }) });
    await dialog.waitFor();
    expect(await dialog.getByRole('toolbar', { name: t('en', 'viewer.tools') }).getByRole('button').allInnerTexts()).toEqual(
      (['viewer.zoomIn', 'viewer.zoomOut', 'viewer.home', 'viewer.rotate', 'viewer.close'] as const).map((key) => t('en', key)),
    );
    await watch.atLeast(1);
    expect(watch.tiles.every((tile) => tile.status === 200 && tile.type === 'image/jpeg')).toBe(true);
    const coarsest = Math.max(...watch.tiles.map((tile) => scaleOf(tile.url)));
    expect(coarsest).toBeGreaterThan(1);

    // The photo has the keyboard focus: + (the Equal key) zooms, and the zoom buttons too.
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null && document.activeElement?.tagName !== 'BUTTON')).toBe(true);
    const before = watch.tiles.length;
    await page.keyboard.press('Equal');
    for (let i = 0; i < 4; i += 1) await dialog.getByRole('button', { name: t('en', 'viewer.zoomIn') }).click();
    await watch.atLeast(before + 1);
    await expect.poll(() => Math.min(...watch.tiles.map((tile) => scaleOf(tile.url))), { timeout: 10_000 }).toBe(1);
    expect(watch.tiles.every((tile) => tile.status === 200)).toBe(true);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(`/media/photos/${publicPhoto}`);
  });

  it('labels the viewer in the page’s language', async () => {
    const page = await session.newPage(await session.newContext(DESKTOP), 10_000);
    await page.goto(`/fr/objects/${publicObject}`);
    await page.getByRole('link', { name: t('fr', 'object.photo.open', { n: 1 }) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: t('fr', 'viewer.zoomIn') }).waitFor();
    expect(await dialog.locator('.photo-viewer-keys').innerText()).toBe(t('fr', 'viewer.keys'));
    await dialog.getByRole('button', { name: t('fr', 'viewer.close') }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows a private object’s photo to a signed-in admin, tiles included', async () => {
    const page = await session.newPage(await session.newContext(DESKTOP), 10_000);
    const watch = watchTiles(page);
    await page.goto(`/en/login?next=${encodeURIComponent(`/en/objects/${privateObject}`)}`);
    await page.getByLabel(t('en', 'login.email')).fill(ADMIN.email);
    await page.getByLabel(t('en', 'login.password')).fill(ADMIN.password);
    await Promise.all([page.waitForURL(`**/en/objects/${privateObject}`), page.getByRole('button', { name: t('en', 'login.submit') }).click()]);
    await page.getByRole('link', { name: t('en', 'object.photo.open', { n: 1 }) }).click();
    await watch.atLeast(1);
    expect(watch.tiles.map((tile) => tile.status)).not.toContain(404);
    // The same tile, asked for without the session, does not exist.
    expect((await fetch(watch.tiles[0]!.url)).status).toBe(404);
  });

  it('without JavaScript, links the photo itself and the IIIF manifest', async () => {
    const page = await session.newPage(await session.newContext({ ...DESKTOP, javaScriptEnabled: false }), 10_000);
    await page.goto(`/en/objects/${publicObject}`);
    const link = page.getByRole('link', { name: t('en', 'object.photo.open', { n: 1 }) });
    const photo = await fetch(session.e2e.url((await link.getAttribute('href'))!));
    expect([photo.status, photo.headers.get('Content-Type')]).toEqual([200, 'image/jpeg']);
    const manifest = page.getByRole('link', { name: t('en', 'object.iiifManifest') });
    expect(await manifest.getAttribute('href')).toBe(`/iiif/3/manifests/${publicObject}`);
    const response = await fetch(session.e2e.url(`/iiif/3/manifests/${publicObject}`));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(1);
  });
});
