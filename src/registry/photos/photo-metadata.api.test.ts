import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullDescription } from '../../interop/testing/fixtures.js';
import { seedObjects } from '../../interop/testing/seed.js';
import type { IdentificationJson } from '../../identify/identify.api.js';
import { painting, rephotographed } from '../../test-support/identify-images.js';
import { drawn, isRed, pixel } from '../../test-support/photo-images.js';
import { registryTokens, type RegistryTokens } from '../../test-support/registry.js';
import { leakedSecrets, taggedJpeg, type TaggedPhoto } from '../../test-support/tagged-photo.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { PhotoView } from '../object-view.js';

const bearer = (token: string | null): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

/** Every file under `folder`, recursively. */
const filesUnder = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));

describe('photo metadata (EXIF, XMP, IPTC, ICC, comments) stays with the original', () => {
  let t: TestApp;
  let tokens: RegistryTokens;
  /** The Louvre's object on the public alert list, its photo taken by a camera that records everything. */
  let alertObject: string;
  let tagged: TaggedPhoto;
  let photo: PhotoView;

  const get = (path: string, token: string | null = null) => t.app.request(path, { headers: bearer(token) });
  async function fetched(path: string, token: string | null = null): Promise<{ response: Response; bytes: Buffer }> {
    const response = await get(path, token);
    expect(response.status, `${path}: ${response.status}`).toBe(200);
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  }
  /** Fails naming the rendition if it carries any metadata block or any of the photo's texts. */
  async function expectNoMetadata(what: string, bytes: Buffer, photo = tagged): Promise<void> {
    const meta = await sharp(bytes).metadata();
    // TIFF always records an orientation: 1, the pixels as stored, says nothing.
    const orientation = meta.orientation === 1 ? undefined : meta.orientation;
    expect({ what, exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, icc: meta.icc, orientation, comments: meta.comments }).toEqual({ what });
    expect(leakedSecrets(bytes, photo), what).toEqual([]);
  }

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await registryTokens(t);
    [alertObject] = (await seedObjects(t, 'louvre', [{ description: { ...fullDescription(), inventoryNumber: 'L-GPS' }, published: true }])) as [string];
    // Stored landscape, meant to be seen portrait (orientation 6): 1,200 × 1,800 as displayed.
    tagged = await taggedJpeg(drawn(1800, 1200));
    const louvre = (await t.context.accounts.principalFromApiToken(tokens.louvre))!;
    photo = await t.context.photos.addPhoto(louvre, alertObject, tagged.bytes, 'IMG_0042.JPG');
    expect(leakedSecrets(tagged.bytes, tagged)).toEqual(tagged.secrets);
  });
  afterAll(() => t.close());

  it('serves the public and other organisations the original without metadata, oriented and in sRGB, shareable', async () => {
    for (const token of [null, tokens.prado]) {
      const { response, bytes } = await fetched(`${photo.url}/original`, token);
      expect(response.headers.get('Content-Type')).toBe('image/jpeg');
      expect(response.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+$/);
      expect(response.headers.get('Vary')).toBe('Authorization, Cookie');
      expect(response.headers.get('ETag')).not.toBe(`"${(await t.context.db.selectFrom('object_photos').select('sha256').where('id', '=', photo.id).executeTakeFirstOrThrow()).sha256}"`);
      await expectNoMetadata(`original for ${token ? 'another museum' : 'the public'}`, bytes);
      const meta = await sharp(bytes).metadata();
      // Full size, turned as the camera meant it: the red corner of the stored image is now top right.
      expect([meta.width, meta.height]).toEqual([1200, 1800]);
      expect(isRed(await pixel(bytes, 1200 - 20, 20))).toBe(true);
      // The P3 colours were converted, not relabelled: the same colour as the original seen colour-managed.
      const [expected, served] = [await pixel(await sharp(tagged.bytes).rotate().png().toBuffer(), 600, 1700), await pixel(bytes, 600, 1700)];
      for (const channel of [0, 1, 2]) expect(Math.abs(served[channel]! - expected[channel]!)).toBeLessThanOrEqual(6);
    }
  });

  it('serves the untouched original to those entitled to sensitive fields, never to shared caches', async () => {
    for (const token of [tokens.louvre, tokens.investigator, tokens.admin]) {
      const { response, bytes } = await fetched(`${photo.url}/original`, token);
      expect(bytes.equals(tagged.bytes)).toBe(true);
      expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    }
  });

  it('strips the display image and the thumbnail', async () => {
    await expectNoMetadata('display', (await fetched(photo.url)).bytes);
    await expectNoMetadata('thumbnail', (await fetched(photo.thumbnailUrl)).bytes);
  });

  it('strips every IIIF rendition, and the pyramid and renders kept in the cache', async () => {
    const service = `/iiif/3/${photo.id}`;
    for (const path of ['full/max/0/default.jpg', '0,0,512,512/512,/0/default.jpg', 'full/^max/0/default.png', 'full/400,/90/gray.webp', 'square/200,/0/bitonal.jpg']) {
      await expectNoMetadata(`IIIF ${path}`, (await fetched(`${service}/${path}`)).bytes);
    }
    const cached = filesUnder(join(t.dataDir, 'iiif-cache'));
    expect(cached.some((file) => file.endsWith('.tif'))).toBe(true);
    expect(cached.length).toBeGreaterThan(5);
    for (const file of cached) await expectNoMetadata(`cached ${file}`, readFileSync(file));
  });

  it('keeps no metadata in the photo folder but in the original', async () => {
    const files = filesUnder(join(t.dataDir, 'photos')).filter((file) => file.includes(photo.id));
    expect(files.map((file) => file.split('/photos/')[1]!.split('/')[0]).sort()).toEqual(['display', 'originals', 'stripped', 'thumbnails']);
    for (const file of files.filter((file) => !file.includes('/originals/'))) await expectNoMetadata(file, readFileSync(file));
  });

  it('links exports to the original that the reader may see: without metadata for the public', async () => {
    const lido = (await fetched(`/api/v1/objects/${alertObject}.lido.xml`)).bytes.toString('utf8');
    const link = />(https?:\/\/[^<]+\/original)</.exec(lido)?.[1];
    expect(link).toBeDefined();
    await expectNoMetadata('original linked from LIDO', (await fetched(new URL(link!).pathname)).bytes);
  });

  it('shows an identification’s author no metadata of the registered photo, nor of their own', async () => {
    // A painting on the alert list, photographed by a camera that records everything.
    const [paintingObject] = (await seedObjects(t, 'louvre', [{ description: { ...fullDescription(), inventoryNumber: 'L-PAINTING' }, published: true }])) as [string];
    const original = await painting(0);
    // Stored turned a quarter anticlockwise: orientation 6 shows it upright.
    const registered = await taggedJpeg(sharp(original).rotate(270), 'R');
    const louvre = (await t.context.accounts.principalFromApiToken(tokens.louvre))!;
    await t.context.photos.addPhoto(louvre, paintingObject, registered.bytes, 'painting.jpg');
    await t.context.indexingQueue.drain();
    const field = await taggedJpeg(sharp(await rephotographed(original)).rotate(270), 'F');

    const form = new FormData();
    form.append('photo', new File([new Uint8Array(field.bytes)], 'field.jpg'));
    const response = await t.app.request('/api/v1/identify', { method: 'POST', body: form });
    expect(response.status, await response.clone().text()).toBe(200);
    const result = (await response.json()) as IdentificationJson;
    const candidate = result.candidates.find((c) => c.objectId === paintingObject);
    expect(candidate?.evidenceUrl).toBeTruthy();
    const shown = [candidate!.evidenceUrl!, `/media/identifications/${result.identificationId}/photo`, `/media/identifications/${result.identificationId}/photo/thumbnail`];
    for (const path of shown) {
      const { bytes } = await fetched(path);
      await expectNoMetadata(`${path} (registered photo)`, bytes, registered);
      await expectNoMetadata(`${path} (author's photo)`, bytes, field);
    }
  }, 60_000);
});
