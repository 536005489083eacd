/**
 * The detailed base map of place and emergency pages (`EGIDE_MAP_TILES`): absent without the
 * setting; with it, the tile view receives exactly the geometry the page's SVG map shows its reader —
 * for the public a sensitive site's whole-degree cell, never its position.
 */
import type { Geometry, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TileViewData } from '../maps/map-tiles.js';
import { html, signedIn, visitor, type Person } from '../registry/pages.test-support.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { AREA_WITH_HOLE, declare, sceneInside, square } from './emergency.test-support.js';
import { SITE_POSITION, sampleSite } from './places/heritage-place.test-support.js';

const TILES = { EGIDE_MAP_TILES: 'https://tiles.example.org/osm/{z}/{x}/{y}.png', EGIDE_MAP_TILES_ATTRIBUTION: '© OpenStreetMap contributors' };

interface Scene {
  t: TestApp;
  assessor: Person;
  /** A sensitive point site's page, and an emergency holding a sensitive polygon site. */
  sitePath: string;
  emergencyPath: string;
}

async function scene(env: NodeJS.ProcessEnv = {}): Promise<Scene> {
  const t = await createTestApp(undefined, env);
  const admin = await signedIn(t, 'admin', 'secretariat');
  const assessor = await signedIn(t, 'heritage-assessor', 'blue-shield');
  const site = await t.context.heritagePlaces.create(admin.principal, sampleSite());
  const adminToken = await t.token('admin');
  await t.context.organisations.ensure('valley-museum', 'Valley Museum', 'museum');
  await sceneInside(t, adminToken, 'valley-museum');
  const emergency = await declare(t, adminToken, { names: { en: 'Valley conflict' }, countries: ['TN'], area: AREA_WITH_HOLE });
  return { t, assessor, sitePath: `/en/heritage-places/${site.id}`, emergencyPath: `/en/emergencies/${emergency}` };
}

/** The tile view's data as the page's script would read it (the attribute unescaped). */
function tileData(page: string): TileViewData {
  const attribute = /<div class="map-tiles" data-map-tiles="([^"]*)"/.exec(page)?.[1];
  expect(attribute, 'a tile view').toBeDefined();
  return JSON.parse(attribute!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as TileViewData;
}

const positionsOf = (data: TileViewData): Position[] => [...data.points, ...data.shapes.flatMap((shape: Geometry) => (shape.type === 'Polygon' ? shape.coordinates.flat() : shape.type === 'MultiPolygon' ? shape.coordinates.flat(2) : []))];
const imgSrc = (response: Response) => /img-src ([^;]*)/.exec(response.headers.get('Content-Security-Policy') ?? '')?.[1];

describe('maps without a tile server', () => {
  let plain: Scene;
  beforeAll(async () => {
    plain = await scene();
  });
  afterAll(() => plain.t.close());

  it('have no tile markup nor script, and the CSP admits images from the site alone', async () => {
    for (const path of [plain.sitePath, plain.emergencyPath]) {
      for (const browser of [visitor(plain.t), plain.assessor.browser]) {
        const response = await browser.get(path);
        expect(imgSrc(response)).toBe("'self' data:");
        const page = await html(response);
        expect(page).toContain('<svg');
        expect(page).not.toContain('map-tiles');
      }
    }
  });
});

describe('maps with a tile server', () => {
  let tiled: Scene;
  beforeAll(async () => {
    tiled = await scene(TILES);
  });
  afterAll(() => tiled.t.close());

  it('admit the tile server’s origin, and no other, in the CSP', async () => {
    expect(imgSrc(await visitor(tiled.t).get(tiled.sitePath))).toBe("'self' data: https://tiles.example.org");
    expect(imgSrc(await visitor(tiled.t).get('/en/'))).toBe("'self' data: https://tiles.example.org");
  });

  it('give the public a sensitive site’s whole-degree cell only, with the attribution, beside the SVG map', async () => {
    const page = await html(visitor(tiled.t).get(tiled.sitePath));
    expect(page).toContain('<svg');
    expect(page).toMatch(/<div class="map-tiles-view" aria-hidden="true"><\/div><p class="map-tiles-attribution">© OpenStreetMap contributors<\/p>/);
    expect(page).toMatch(/<script type="module" src="\/static\/map-tiles\.[0-9a-f]{12}\.js">/);
    const data = tileData(page);
    expect(data.template).toBe(TILES.EGIDE_MAP_TILES);
    expect(data.points).toEqual([]);
    expect(data.shapes).toEqual([{ type: 'Polygon', coordinates: [square(38, 34, 39, 35)] }]);
    for (const digits of ['38.274', '34.551', '38.27', '34.55']) expect(page).not.toContain(digits);
  });

  it('give those who see the position its exact point', async () => {
    const data = tileData(await html(tiled.assessor.browser.get(tiled.sitePath)));
    expect(data.points).toEqual([[SITE_POSITION.lon, SITE_POSITION.lat]]);
    expect(data.shapes).toEqual([]);
  });

  it('on an emergency, give the public its area, the open places and a sensitive site’s cell; the assessor its position', async () => {
    const cell = { type: 'Polygon', coordinates: [square(38, 38, 39, 39)] };
    const publicData = tileData(await html(visitor(tiled.t).get(tiled.emergencyPath)));
    expect(publicData.shapes).toContainEqual(AREA_WITH_HOLE);
    expect(publicData.shapes).toContainEqual(cell);
    expect(publicData.points).toContainEqual([31.5, 31.5]);
    // Whole degrees (the area, the cells) or the two places that are not sensitive: nothing of the sites.
    const fractional = positionsOf(publicData).filter((position) => !position.every(Number.isInteger));
    expect(new Set(fractional.map((position) => position.join(',')))).toEqual(new Set(['31.5,31.5', '10.2,36.8']));

    const assessorData = tileData(await html(tiled.assessor.browser.get(tiled.emergencyPath)));
    expect(assessorData.points).toContainEqual([SITE_POSITION.lon, SITE_POSITION.lat]);
    expect(assessorData.points.filter(([lon, lat]) => Math.abs(lon! - 38.4) < 1e-9 && Math.abs(lat! - 38.4) < 1e-9)).toHaveLength(1);
    expect(assessorData.shapes).not.toContainEqual(cell);
  });
});
