import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { presentation3StrictUpgrade } from '@iiif/parser/strict';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../http/problem.js';
import type { PhotoView } from '../../registry/object-view.js';
import { isRed, jpeg, pixel } from '../../test-support/photo-images.js';
import { registryTokens, type RegistryTokens } from '../../test-support/registry.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { fullDescription } from '../testing/fixtures.js';
import { validatePresentation } from '../testing/iiif-schema.js';
import { seedObjects } from '../testing/seed.js';

const ORIGIN = 'http://localhost';
type Json = Record<string, any>;

describe('IIIF Image and Presentation APIs', () => {
  let t: TestApp;
  let tokens: RegistryTokens;
  /** Louvre's object in its collection: Louvre and admins only. */
  let privateObject: string;
  /** Louvre's object on the public alert list. */
  let publicObject: string;
  /** On the alert list, without a photo. */
  let bareObject: string;
  let privatePhoto: PhotoView;
  let publicPhoto: PhotoView;

  const get = (path: string, token: string | null = null, headers: Record<string, string> = {}) =>
    t.app.request(path, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });
  const service = (photo: PhotoView) => `/iiif/3/${photo.id}`;
  /** An image of the public photo (1,200 × 800, a red block in its top-left fifth), decoded. */
  async function image(path: string, token: string | null = null) {
    const response = await get(`${service(publicPhoto)}/${path}`, token);
    expect(response.status, `${path}: ${response.status === 200 ? '' : await response.clone().text()}`).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    return { response, bytes, format: meta.format, width: meta.width, height: meta.height };
  }
  async function expectProblem(response: Response, status: number): Promise<Problem> {
    expect(response.status).toBe(status);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    return (await response.json()) as Problem;
  }
  const cacheDir = () => join(t.dataDir, 'iiif-cache');

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await registryTokens(t);
    [privateObject, publicObject, bareObject] = await seedObjects(t, 'louvre', [
      { description: { ...fullDescription(), inventoryNumber: 'L-1' } },
      { description: { ...fullDescription(), inventoryNumber: 'L-2' }, published: true },
      { description: { ...fullDescription(), inventoryNumber: 'L-3' }, published: true },
    ]) as [string, string, string];
    const louvre = (await t.context.accounts.principalFromApiToken(tokens.louvre))!;
    privatePhoto = await t.context.photos.addPhoto(louvre, privateObject, await jpeg(1200, 800), 'private.jpg');
    publicPhoto = await t.context.photos.addPhoto(louvre, publicObject, await jpeg(1200, 800), 'public.jpg', 'Front');
  });
  afterAll(() => t.close());

  describe('image information', () => {
    it('redirects the base URI to info.json (303)', async () => {
      const response = await get(service(publicPhoto));
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe(`${ORIGIN}${service(publicPhoto)}/info.json`);
    });

    it('describes the image as a level 2 ImageService3 with tiles, sizes and limits', async () => {
      const response = await get(`${service(publicPhoto)}/info.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('application/json');
      expect(response.headers.get('Vary')).toBe('Accept');
      expect(await response.json()).toEqual({
        '@context': 'http://iiif.io/api/image/3/context.json',
        id: `${ORIGIN}${service(publicPhoto)}`,
        type: 'ImageService3',
        protocol: 'http://iiif.io/api/image',
        profile: 'level2',
        width: 1200,
        height: 800,
        maxWidth: 10000,
        maxHeight: 10000,
        maxArea: 40000000,
        sizes: [
          { width: 300, height: 200 },
          { width: 600, height: 400 },
          { width: 1200, height: 800 },
        ],
        tiles: [{ width: 512, height: 512, scaleFactors: [1, 2, 4] }],
        extraQualities: ['color', 'gray', 'bitonal'],
        extraFormats: ['webp'],
        extraFeatures: ['canonicalLinkHeader', 'mirroring', 'profileLinkHeader', 'sizeUpscaling'],
      });
      // The pyramid the tiles are cut from was made on this first use.
      expect(existsSync(join(cacheDir(), 'pyramids', publicPhoto.id.slice(0, 2), `${publicPhoto.id}.tif`))).toBe(true);
    });

    it('answers JSON-LD to clients that ask for it', async () => {
      const response = await get(`${service(publicPhoto)}/info.json`, null, { Accept: 'application/ld+json, application/json;q=0.5' });
      expect(response.headers.get('Content-Type')).toBe('application/ld+json;profile="http://iiif.io/api/image/3/context.json"');
    });
  });

  describe('image requests', () => {
    it('serves every region and size form at the size the request names', async () => {
      const cases: Array<[string, number, number]> = [
        ['full/max/0/default.jpg', 1200, 800],
        ['square/max/0/default.jpg', 800, 800],
        ['100,50,400,300/max/0/default.jpg', 400, 300],
        ['1000,700,500,500/max/0/default.jpg', 200, 100],
        ['pct:50,50,50,50/max/0/default.jpg', 600, 400],
        ['full/300,/0/default.jpg', 300, 200],
        ['full/,100/0/default.jpg', 150, 100],
        ['full/pct:10/0/default.jpg', 120, 80],
        ['full/200,200/0/default.jpg', 200, 200],
        ['full/!200,200/0/default.jpg', 200, 133],
        ['0,0,100,100/^200,/0/default.jpg', 200, 200],
        ['0,0,100,100/^pct:150/0/default.jpg', 150, 150],
        ['0,0,100,100/^!300,200/0/default.jpg', 200, 200],
        ['0,0,100,100/^150,120/0/default.jpg', 150, 120],
        // Clients may percent-encode the caret.
        ['0,0,100,100/%5E180,/0/default.jpg', 180, 180],
      ];
      for (const [path, width, height] of cases) {
        const result = await image(path);
        expect([result.format, result.width, result.height], path).toEqual(['jpeg', width, height]);
      }
    });

    it('takes pixels from the right place at every pyramid level, mirrors, rotates and changes quality', async () => {
      // The red block covers x < 240, y < 200 of the full image.
      const quarter = await image('0,0,480,400/120,100/0/default.png');
      expect(isRed(await pixel(quarter.bytes, 10, 10))).toBe(true);
      expect(isRed(await pixel(quarter.bytes, 110, 10))).toBe(false);
      const detail = await image('200,160,80,80/max/0/default.png');
      expect(isRed(await pixel(detail.bytes, 5, 5))).toBe(true);
      expect(isRed(await pixel(detail.bytes, 70, 70))).toBe(false);

      const mirrored = await image('full/300,/!0/default.png');
      expect(isRed(await pixel(mirrored.bytes, 290, 10))).toBe(true);
      expect(isRed(await pixel(mirrored.bytes, 10, 10))).toBe(false);
      const turned = await image('full/300,/90/default.png');
      expect([turned.width, turned.height]).toEqual([200, 300]);
      expect(isRed(await pixel(turned.bytes, 190, 10))).toBe(true);
      const upsideDown = await image('full/300,/180/default.png');
      expect(isRed(await pixel(upsideDown.bytes, 290, 190))).toBe(true);
      const mirroredAndTurned = await image('full/300,/!90/default.png');
      expect(isRed(await pixel(mirroredAndTurned.bytes, 190, 290))).toBe(true);

      const gray = await sharp((await image('full/300,/0/gray.png')).bytes).metadata();
      expect([gray.channels, gray.space]).toEqual([1, 'b-w']);
      const bitonal = await sharp((await image('full/300,/0/bitonal.png')).bytes).raw().toBuffer();
      expect(new Set(bitonal)).toEqual(new Set([0, 255]));
      expect(isRed(await pixel((await image('full/300,/0/color.png')).bytes, 10, 10))).toBe(true);
    });

    it('encodes JPEG, PNG and WebP with their media types and a canonical link', async () => {
      for (const [extension, format, mime] of [['jpg', 'jpeg', 'image/jpeg'], ['png', 'png', 'image/png'], ['webp', 'webp', 'image/webp']] as const) {
        const result = await image(`0,0,1200,800/300,200/0/default.${extension}`);
        expect(result.format).toBe(format);
        expect(result.response.headers.get('Content-Type')).toBe(mime);
        expect(result.response.headers.get('Link')).toBe(
          `<${ORIGIN}${service(publicPhoto)}/full/300,200/0/default.${extension}>;rel="canonical", <http://iiif.io/api/image/3/level2.json>;rel="profile"`,
        );
      }
    });

    it('serves every tile a viewer derives from info.json', async () => {
      const info = (await (await get(`${service(publicPhoto)}/info.json`)).json()) as Json;
      const tile = info.tiles[0].width as number;
      let count = 0;
      for (const factor of info.tiles[0].scaleFactors as number[]) {
        const span = tile * factor;
        for (let y = 0; y < info.height; y += span) {
          for (let x = 0; x < info.width; x += span) {
            const w = Math.min(span, info.width - x);
            const h = Math.min(span, info.height - y);
            const result = await image(`${x},${y},${w},${h}/${Math.ceil(w / factor)},${Math.ceil(h / factor)}/0/default.jpg`);
            expect([result.width, result.height]).toEqual([Math.ceil(w / factor), Math.ceil(h / factor)]);
            count += 1;
          }
        }
      }
      expect(count).toBe(6 + 2 + 1);
    });

    it('answers 400 for malformed requests, regions outside the image, enlargement without ^ and sizes beyond the limits', async () => {
      const cases: Array<[string, string]> = [
        ['whole/max/0/default.jpg', 'region'],
        ['full/big/0/default.jpg', 'size'],
        ['full/max/45/default.jpg', 'rotation'],
        ['full/max/0/sepia.jpg', 'quality'],
        ['full/max/0/default.tif', 'format'],
        ['1200,0,10,10/max/0/default.jpg', 'region'],
        ['0,0,100,100/200,/0/default.jpg', 'size'],
        ['full/pct:150/0/default.jpg', 'size'],
        ['full/^20000,/0/default.jpg', 'size'],
        // The official validator's "size greater than 100% only with ^" requests, on this 1200 × 800 photo.
        ['full/1500,1500/0/default.jpg', 'size'],
        ['full/,1500/0/default.jpg', 'size'],
        ['full/1500,/0/default.jpg', 'size'],
        ['full/pct:200/0/default.jpg', 'size'],
        ['full/!2000,3000/0/default.jpg', 'size'],
      ];
      for (const [path, field] of cases) {
        const body = await expectProblem(await get(`${service(publicPhoto)}/${path}`), 400);
        expect(body.errors?.[0]?.field, path).toBe(field);
        expect(body.detail, path).toMatch(/^Invalid IIIF image request: /);
      }
    });

    it('answers 404 for an unknown image', async () => {
      await expectProblem(await get('/iiif/3/0000000000000000/full/max/0/default.jpg'), 404);
      await expectProblem(await get('/iiif/3/0000000000000000/info.json'), 404);
      await expectProblem(await get('/iiif/3/0000000000000000'), 404);
    });
  });

  describe('visibility', () => {
    const paths = (photo: PhotoView) => [service(photo), `${service(photo)}/info.json`, `${service(photo)}/0,0,512,512/256,/0/default.jpg`];

    it('serves a photo of an object in a collection to its museum and admins only, never to be stored', async () => {
      for (const path of paths(privatePhoto)) {
        for (const token of [null, tokens.prado, tokens.investigator]) await expectProblem(await get(path, token), 404);
        for (const token of [tokens.louvre, tokens.admin]) {
          const response = await get(path, token);
          expect(response.status, path).toBe(path === service(privatePhoto) ? 303 : 200);
          if (response.status === 200) {
            expect(response.headers.get('Cache-Control')).toBe('private, no-store');
            expect(response.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
          }
        }
      }
    });

    it('serves a photo of an alert-list object to anyone, cacheable and embeddable by other sites', async () => {
      for (const path of paths(publicPhoto).slice(1)) {
        const response = await get(path);
        expect(response.status).toBe(200);
        expect(response.headers.get('Cache-Control')).toBe('public, max-age=600');
        expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
        expect(response.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
        expect(response.headers.get('ETag')).toMatch(/^(W\/)?"[^"]+"$/);
        expect(new Date(response.headers.get('Last-Modified')!).getTime()).toBeGreaterThan(Date.now() - 10 * 60 * 1000);
      }
    });
  });

  describe('caching', () => {
    it('answers 304 to a client whose copy is current (If-None-Match, If-Modified-Since)', async () => {
      for (const path of [`${service(publicPhoto)}/info.json`, `${service(publicPhoto)}/full/600,/0/default.jpg`]) {
        const first = await get(path);
        const etag = first.headers.get('ETag')!;
        const revalidated = await get(path, null, { 'If-None-Match': etag });
        expect(revalidated.status, path).toBe(304);
        expect(revalidated.headers.get('ETag')).toBe(etag);
        expect(revalidated.headers.get('Cache-Control')).toBe('public, max-age=600');
        expect((await get(path, null, { 'If-None-Match': `W/${etag.replace(/^W\//, '')}` })).status).toBe(304);
        expect((await get(path, null, { 'If-None-Match': '"something-else"' })).status).toBe(200);
        expect((await get(path, null, { 'If-Modified-Since': first.headers.get('Last-Modified')! })).status).toBe(304);
        expect((await get(path, null, { 'If-Modified-Since': new Date(0).toUTCString() })).status).toBe(200);
      }
    });

    it('serves a rendered image from the disk cache, for every request with the same canonical form', async () => {
      const first = await image('0,0,1200,800/400,/0/default.jpg');
      const folder = join(cacheDir(), 'tiles', 'v1', publicPhoto.id.slice(0, 2), publicPhoto.id);
      const file = join(folder, 'full_400,267_0_default.jpg');
      expect(readdirSync(folder)).toContain('full_400,267_0_default.jpg');
      expect(readdirSync(folder).some((name) => name.endsWith('.tmp'))).toBe(false);
      // Replaced on disk, the cached file is what equivalent requests get: nothing is rendered again.
      const marker = await sharp({ create: { width: 7, height: 5, channels: 3, background: '#000000' } }).jpeg().toBuffer();
      writeFileSync(file, marker);
      for (const path of ['full/400,/0/default.jpg', 'full/400,267/0/default.jpg', 'pct:0,0,100,100/400,/0/default.jpg']) {
        expect((await image(path)).bytes.equals(marker), path).toBe(true);
      }
      expect(first.bytes.equals(marker)).toBe(false);
    });

    it('makes the pyramid again when it has gone from the cache', async () => {
      const pyramid = join(cacheDir(), 'pyramids', publicPhoto.id.slice(0, 2), `${publicPhoto.id}.tif`);
      rmSync(pyramid);
      const result = await image('10,10,300,300/150,/0/default.jpg');
      expect([result.width, result.height]).toEqual([150, 150]);
      expect(existsSync(pyramid)).toBe(true);
    });
  });

  describe('manifests', () => {
    it('describes an alert-list object to anyone, in a form @iiif/parser accepts', async () => {
      const response = await get(`/iiif/3/manifests/${publicObject}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"');
      expect(response.headers.get('Cache-Control')).toBe('public, max-age=600');
      expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
      const manifest = (await response.json()) as Json;
      const state = { warnings: [] as string[] };
      presentation3StrictUpgrade(structuredClone(manifest) as Parameters<typeof presentation3StrictUpgrade>[0], state);
      expect(state.warnings).toEqual([]);
      expect(validatePresentation(manifest).errors).toEqual([]);
      expect(manifest.id).toBe(`${ORIGIN}/iiif/3/manifests/${publicObject}`);
      expect(manifest.items).toHaveLength(1);
      const body = manifest.items[0].items[0].items[0].body as Json;
      expect(body.service).toEqual([{ id: `${ORIGIN}${service(publicPhoto)}`, type: 'ImageService3', profile: 'level2' }]);
      // The painted image is one the image service serves, at the size the manifest says.
      const painted = await get(body.id.slice(ORIGIN.length));
      expect(painted.status).toBe(200);
      const meta = await sharp(Buffer.from(await painted.arrayBuffer())).metadata();
      expect([meta.width, meta.height]).toEqual([body.width, body.height]);

      const etag = response.headers.get('ETag')!;
      expect((await get(`/iiif/3/manifests/${publicObject}`, null, { 'If-None-Match': etag })).status).toBe(304);
    });

    it('is as visible as the object: 404 for those who may not see it, private for those who may', async () => {
      for (const token of [null, tokens.prado, tokens.investigator]) await expectProblem(await get(`/iiif/3/manifests/${privateObject}`, token), 404);
      const response = await get(`/iiif/3/manifests/${privateObject}`, tokens.louvre);
      expect(response.status).toBe(200);
      expect(response.headers.get('Cache-Control')).toBe('private, no-store');
      expect(((await response.json()) as Json).items[0].items[0].items[0].body.service[0].id).toBe(`${ORIGIN}${service(privatePhoto)}`);
    });

    it('answers 404 for an object without a photograph, or unknown', async () => {
      expect((await expectProblem(await get(`/iiif/3/manifests/${bareObject}`), 404)).detail).toMatch(/no photograph/);
      await expectProblem(await get('/iiif/3/manifests/0000000000000000'), 404);
    });
  });
});
