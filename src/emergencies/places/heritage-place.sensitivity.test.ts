/**
 * A sensitive place's position never reaches those not entitled to it: not in the API's JSON, the
 * list's box filter, the photos, nor the pages (their HTML attributes and maps included). The test
 * greps every answer for the digits of the position and of the photo's position.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '../../app/app.js';
import type { Principal } from '../../roles.js';
import { registryTokens } from '../../test-support/registry.js';
import { taggedJpeg } from '../../test-support/tagged-photo.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { SITE_POSITION, sampleSite, sampleSubmission } from './heritage-place.test-support.js';

/** The photo's position, as the phone read it. */
const PHOTO_POSITION = { lat: 34.55187, lon: 38.27466 };
/** Every run of digits that would place the site within a few hundred metres. */
const DIGITS = ['38.274', '34.551', '38,274', '34,551', '27413', '55162', '27466', '55187'];

describe('the position of a sensitive place', () => {
  let t: TestApp;
  let placeId: string;
  let photoUrl: string;
  let headers: Record<string, Record<string, string>>;

  beforeAll(async () => {
    t = await createTestApp();
    const tokens = await registryTokens(t);
    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
    const assessorToken = await t.token('heritage-assessor', 'secretariat');
    headers = {
      anonymous: {},
      'other museum': bearer(tokens.prado),
      'Red List editor': bearer(await t.token('red-list-editor')),
      'responsible museum': bearer(tokens.louvre),
      investigator: bearer(tokens.investigator),
      admin: bearer(tokens.admin),
      'heritage assessor': bearer(assessorToken),
    };
    const assessor = (await t.context.accounts.principalFromApiToken(assessorToken)) as Principal;
    placeId = (await t.context.heritagePlaces.create(assessor, sampleSite({ organisation: 'louvre', description: 'Tell on the plateau' }))).id;
    const photo = await taggedJpeg(sharp({ create: { width: 320, height: 240, channels: 3, background: '#553311' } }));
    const result = await t.context.heritagePlaces.assess(
      assessor,
      placeId,
      { ...sampleSubmission({ notes: `Trench at ${SITE_POSITION.lat}, ${SITE_POSITION.lon}` }), photoPositions: [PHOTO_POSITION, null] } as never,
      [
        { bytes: photo.bytes, filename: 'trench.jpg' },
        { bytes: await sharp({ create: { width: 200, height: 200, channels: 3, background: '#225588' } }).jpeg().toBuffer(), filename: 'sky.jpg' },
      ],
    );
    photoUrl = result.assessment.photos[0]!.url;
  });
  afterAll(() => t.close());

  const get = async (who: string, path: string) => {
    const response = await t.app.request(path, { headers: headers[who] });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()).toString('latin1') };
  };
  const leaks = (body: string) => DIGITS.filter((digits) => body.includes(digits));

  const API_PATHS = () => [`${API_BASE}/heritage-places`, `${API_BASE}/heritage-places?bbox=38.27,34.55,38.28,34.56`, `${API_BASE}/heritage-places/${placeId}`, `${API_BASE}/heritage-places/${placeId}/assessments`];
  const PAGE_PATHS = () => ['/en/heritage-places', '/fr/heritage-places?country=SY', `/es/heritage-places/${placeId}`];

  it.each(['anonymous', 'other museum', 'Red List editor'])('is withheld from %s: API, pages and photos show the 1° region only', async (who) => {
    for (const path of [...API_PATHS(), ...PAGE_PATHS()]) {
      const { status, body } = await get(who, path);
      expect(status, path).toBe(200);
      expect(leaks(body), `${path} for ${who}`).toEqual([]);
    }
    const place = JSON.parse((await get(who, `${API_BASE}/heritage-places/${placeId}`)).body) as Record<string, unknown>;
    expect(place).toMatchObject({ position: 'generalised', region: { west: 38, south: 34, east: 39, north: 35 } });
    expect(place).not.toHaveProperty('geometry');
    // The photo taken with a position could show the way: withheld; the other is shown, without metadata.
    expect((await get(who, photoUrl)).status).toBe(404);
    const assessments = JSON.parse((await get(who, `${API_BASE}/heritage-places/${placeId}/assessments`)).body) as { items: Array<{ photos: Array<{ url: string }> }> };
    expect(assessments.items[0]!.photos).toHaveLength(1);
    expect((await get(who, assessments.items[0]!.photos[0]!.url)).status).toBe(200);
  });

  it('is not found by narrowing the box: a box inside the cell matches as well as the whole cell', async () => {
    const ids = async (bbox: string) => (JSON.parse((await get('anonymous', `${API_BASE}/heritage-places?bbox=${bbox}`)).body) as { items: Array<{ id: string }> }).items.map((p) => p.id);
    expect(await ids('38.9,34.9,38.95,34.95')).toEqual([placeId]);
    expect(await ids('38.27,34.55,38.28,34.56')).toEqual([placeId]);
    expect(await ids('40,34,41,35')).toEqual([]);
  });

  it.each(['responsible museum', 'investigator', 'admin', 'heritage assessor'])('is shown to %s', async (who) => {
    const place = JSON.parse((await get(who, `${API_BASE}/heritage-places/${placeId}`)).body) as Record<string, unknown>;
    expect(place).toMatchObject({ position: 'exact', geometry: { type: 'Point', coordinates: [SITE_POSITION.lon, SITE_POSITION.lat] } });
    const assessments = JSON.parse((await get(who, `${API_BASE}/heritage-places/${placeId}/assessments`)).body) as { items: Array<{ photos: Array<{ position: unknown }> }> };
    expect(assessments.items[0]!.photos.map((p) => p.position)).toEqual([PHOTO_POSITION, null]);
    expect((await get(who, photoUrl)).status).toBe(200);
    expect(leaks((await get(who, `/en/heritage-places/${placeId}`)).body)).not.toEqual([]);
  });
});
