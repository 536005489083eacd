/**
 * The detailed base map on a phone, from a tile server of our own (node http serving one generated
 * PNG, every request counted): the tiles load beside the SVG map, and the geometry drawn on them is
 * what the reader may see — a sensitive site's whole-degree cell for the public, its point for a
 * heritage assessor.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContextOptions, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSite, SITE_POSITION } from '../../src/emergencies/places/heritage-place.test-support.js';
import { t } from '../../src/i18n/i18n.js';
import { expectNoSideways, useE2E } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;
const ASSESSOR = { email: 'tiles@blue-shield-e2e.test', displayName: 'Tile Assessor', password: 'a heritage assessor password' } as const;
const ATTRIBUTION = '© Test tiles';
const TILE_PATH = /^\/tiles\/(\d+)\/(\d+)\/(\d+)\.png$/;

/** Paths the tile server was asked for, in order. */
const requested: string[] = [];
let tileServer: Server;
// Filled before the app starts (this file's beforeAll runs before the session's): the tile server's port is known only once it listens.
const env: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  const png = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#c8dcc0' } }).png().toBuffer();
  tileServer = createServer((request, response) => {
    requested.push(request.url ?? '');
    if (!TILE_PATH.test(request.url ?? '')) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' }).end(png);
  });
  await new Promise<void>((resolve) => tileServer.listen(0, '127.0.0.1', resolve));
  env.EGIDE_MAP_TILES = `http://127.0.0.1:${(tileServer.address() as AddressInfo).port}/tiles/{z}/{x}/{y}.png`;
  env.EGIDE_MAP_TILES_ATTRIBUTION = ATTRIBUTION;
});
afterAll(() => new Promise<void>((resolve) => tileServer.close(() => resolve())));

let sitePath = '';
const session = useE2E(async (e2e) => {
  await e2e.server.context.organisations.ensure('blue-shield-e2e', 'Blue Shield (test)', 'partner');
  await e2e.server.context.accounts.addPerson({ ...ASSESSOR, organisationSlug: 'blue-shield-e2e', role: 'heritage-assessor' });
  const admin = await e2e.server.context.accounts.addPerson({ email: 'places-admin@e2e.test', displayName: 'Places Admin', password: 'another admin password', organisationSlug: 'secretariat', role: 'admin' });
  sitePath = `/en/heritage-places/${(await e2e.server.context.heritagePlaces.create(admin, sampleSite())).id}`;
}, env);

/** Waits for every tile to load; the view's zoom, its tiles' requests (counted once each), and what is drawn on them. */
async function tileView(page: Page) {
  await page.waitForFunction(() => {
    const tiles = [...document.querySelectorAll<HTMLImageElement>('.map-tiles-view img')];
    return tiles.length > 0 && tiles.every((tile) => tile.complete && tile.naturalWidth === 256);
  });
  return page.evaluate(() => {
    const view = document.querySelector<HTMLElement>('.map-tiles-view')!;
    const box = (element: Element) => {
      const { x, y, width, height } = (element as SVGGraphicsElement).getBBox();
      return { x, y, width, height };
    };
    return {
      zoom: Number(view.dataset.zoom),
      hidden: view.getAttribute('aria-hidden'),
      size: { width: view.clientWidth, height: view.clientHeight },
      tiles: [...view.querySelectorAll('img')].map((tile) => new URL(tile.src).pathname),
      paths: [...view.querySelectorAll('svg path')].map(box),
      circles: [...view.querySelectorAll('svg circle')].map(box),
      attribution: document.querySelector('.map-tiles-attribution')?.textContent,
    };
  });
}

describe('detailed base maps on a phone', () => {
  it('show the public the tiles under a sensitive site’s whole-degree cell, never its position', async () => {
    const visitor = await session.newPage(await session.newContext(PHONE));
    const before = requested.length;
    await visitor.goto(sitePath);
    const view = await tileView(visitor);
    expect(await visitor.locator('svg.world-map').count()).toBe(1);
    expect(view.hidden).toBe('true');
    expect(view.attribution).toBe(ATTRIBUTION);
    // Every tile the page shows was asked for once, at the view's zoom, and nothing else was.
    const asked = requested.slice(before);
    expect(asked.toSorted()).toEqual(view.tiles.toSorted());
    expect(asked.every((path) => Number(TILE_PATH.exec(path)?.[1]) === view.zoom)).toBe(true);
    expect(view.tiles.length).toBeGreaterThanOrEqual(2);
    // The cell, one degree wide at this zoom (Web Mercator: the world is 256 · 2^zoom pixels), and no point.
    expect(view.circles).toEqual([]);
    expect(view.paths).toHaveLength(1);
    expect(view.paths[0]!.width).toBeCloseTo((256 * 2 ** view.zoom) / 360, 0);
    expect(view.paths[0]!.x).toBeGreaterThanOrEqual(0);
    expect(view.paths[0]!.x + view.paths[0]!.width).toBeLessThanOrEqual(view.size.width);
    expect(await visitor.content()).not.toContain(String(SITE_POSITION.lon).slice(0, 6));
    await expectNoSideways(visitor);
  });

  it('show a heritage assessor the site’s point on the tiles, closer', async () => {
    const assessor = await session.newPage(await session.newContext(PHONE), 15_000);
    const before = requested.length;
    await assessor.goto(`/en/login?next=${encodeURIComponent(sitePath)}`);
    await assessor.getByLabel(t('en', 'login.email'), { exact: true }).fill(ASSESSOR.email);
    await assessor.getByLabel(t('en', 'login.password'), { exact: true }).fill(ASSESSOR.password);
    await Promise.all([assessor.waitForURL(`**${sitePath}`), assessor.getByRole('button', { name: t('en', 'login.submit') }).click()]);
    const view = await tileView(assessor);
    expect(requested.slice(before).toSorted()).toEqual(view.tiles.toSorted());
    expect(view.paths).toEqual([]);
    expect(view.circles).toHaveLength(1);
    // At the centre of the view: the point the zoom was fitted to.
    const circle = view.circles[0]!;
    expect(circle.x + circle.width / 2).toBeCloseTo(view.size.width / 2, 0);
    expect(view.zoom).toBeGreaterThan(10);
    await expectNoSideways(assessor);
  });
});
