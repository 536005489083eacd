import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../http/problem.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { HistoryView, ObjectView, PhotoView } from '../object-view.js';
import { DAMAGED_IMAGE, HEIC_NOT_DECODABLE, NOT_AN_IMAGE } from './photo-image.js';
import { avif, decompressionBomb, drawn, fakeHeic, isRed, jpeg, jpegWithOrientation6, pixel, png, tiff, webp } from '../../test-support/photo-images.js';

const BASE = '/api/v1';

async function expectProblem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  return (await response.json()) as Problem;
}

const bearer = (token: string | null): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

describe('registry photos', () => {
  let t: TestApp;
  let admin: string;
  let registrarA: string;
  let registrarB: string;
  let investigator: string;
  /** Museum A's object, in its collection: seen by museum A and admins only. */
  let privateObject: string;
  /** Museum A's object, reported stolen without consent to publish: also seen by investigators. */
  let reportedObject: string;
  /** Museum A's object on the public alert list. */
  let alertObject: string;

  const upload = (token: string | null, objectId: string, bytes: Buffer, filename: string, caption?: string) => {
    const form = new FormData();
    form.append('photo', new File([new Uint8Array(bytes)], filename, { type: 'application/octet-stream' }));
    if (caption !== undefined) form.append('caption', caption);
    return t.app.request(`${BASE}/objects/${objectId}/photos`, { method: 'POST', headers: bearer(token), body: form });
  };
  const uploaded = async (bytes: Buffer, filename: string, objectId = privateObject, caption?: string): Promise<PhotoView> => {
    const response = await upload(registrarA, objectId, bytes, filename, caption);
    if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as PhotoView;
  };
  const get = (path: string, token: string | null = null, headers: Record<string, string> = {}) =>
    t.app.request(path, { headers: { ...bearer(token), ...headers } });
  const photoRow = (id: string) => t.context.db.selectFrom('object_photos').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function createObject(inventoryNumber: string): Promise<string> {
    const response = await t.app.request(`${BASE}/objects`, {
      method: 'POST',
      headers: { ...bearer(registrarA), 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: { inventoryNumber, title: { en: `Object ${inventoryNumber}` } } }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as ObjectView).id;
  }

  async function reportTheft(id: string, publish: boolean): Promise<void> {
    const response = await t.app.request(`${BASE}/objects/${id}/incidents`, {
      method: 'POST',
      headers: { ...bearer(registrarA), 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'theft', reporter: 'The curator', publish }),
    });
    expect(response.status).toBe(201);
  }

  beforeAll(async () => {
    t = await createTestApp();
    await t.context.organisations.ensure('museum-a', 'Museum A', 'museum');
    await t.context.organisations.ensure('museum-b', 'Museum B', 'museum');
    await t.context.organisations.ensure('police', 'Police', 'agency');
    [admin, registrarA, registrarB, investigator] = await Promise.all([
      t.token('admin'),
      t.token('registrar', 'museum-a'),
      t.token('registrar', 'museum-b'),
      t.token('investigator', 'police'),
    ]);
    privateObject = await createObject('A-1');
    reportedObject = await createObject('A-2');
    alertObject = await createObject('A-3');
    await reportTheft(reportedObject, false);
    await reportTheft(alertObject, true);
  });
  afterAll(() => t.close());

  describe('uploading', () => {
    it('applies the EXIF orientation: a landscape JPEG tagged orientation 6 is stored, shown and thumbnailed as portrait', async () => {
      const original = await jpegWithOrientation6(1000, 600);
      const response = await upload(registrarA, privateObject, original, 'IMG_0001.JPG', '  Front view  ');
      expect(response.status).toBe(201);
      const view = (await response.json()) as PhotoView;
      expect(view).toEqual({
        id: expect.stringMatching(/^[0-9a-z]{16}$/),
        width: 600,
        height: 1000,
        mime: 'image/jpeg',
        caption: 'Front view',
        url: `/media/photos/${view.id}`,
        thumbnailUrl: `/media/photos/${view.id}/thumbnail`,
      });
      expect(response.headers.get('Location')).toBe(view.url);

      const thumbnail = Buffer.from(await (await get(view.thumbnailUrl, registrarA)).arrayBuffer());
      const thumbnailMeta = await sharp(thumbnail).metadata();
      expect([thumbnailMeta.format, thumbnailMeta.width, thumbnailMeta.height]).toEqual(['webp', 240, 400]);
      expect(thumbnailMeta.orientation).toBeUndefined();
      expect(thumbnailMeta.exif).toBeUndefined();
      // The red block of the stored top-left corner is, turned clockwise, at the top right.
      expect(isRed(await pixel(thumbnail, 240 - 10, 10))).toBe(true);
      expect(isRed(await pixel(thumbnail, 10, 10))).toBe(false);

      const display = Buffer.from(await (await get(view.url, registrarA)).arrayBuffer());
      const displayMeta = await sharp(display).metadata();
      expect([displayMeta.format, displayMeta.width, displayMeta.height, displayMeta.orientation, displayMeta.exif]).toEqual(['jpeg', 600, 1000, undefined, undefined]);
      expect(isRed(await pixel(display, 600 - 20, 20))).toBe(true);
    });

    it('keeps the original byte for byte, with its size and sha256, next to the derived files', async () => {
      const original = await jpegWithOrientation6(2400, 1800);
      const view = await uploaded(original, 'big.jpg');
      expect([view.width, view.height]).toEqual([1800, 2400]);
      const row = await photoRow(view.id);
      expect(row).toMatchObject({
        file: `originals/${view.id.slice(0, 2)}/${view.id}.jpg`,
        mime: 'image/jpeg',
        width: 1800,
        height: 2400,
        bytes: original.length,
        sha256: createHash('sha256').update(original).digest('hex'),
      });
      const root = join(t.dataDir, 'photos');
      expect(readFileSync(join(root, row.file)).equals(original)).toBe(true);
      const display = readFileSync(join(root, `display/${view.id.slice(0, 2)}/${view.id}.jpg`));
      const thumbnail = readFileSync(join(root, `thumbnails/${view.id.slice(0, 2)}/${view.id}.webp`));
      expect(await sharp(display).metadata()).toMatchObject({ format: 'jpeg', width: 1200, height: 1600 });
      expect(await sharp(thumbnail).metadata()).toMatchObject({ format: 'webp', width: 300, height: 400 });
      // No temporary file is left behind by the atomic writes.
      for (const folder of ['originals', 'display', 'thumbnails']) {
        expect(readdirSync(join(root, folder, view.id.slice(0, 2))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      }

      const served = await get(`${view.url}/original`, registrarA);
      expect(served.status).toBe(200);
      expect(served.headers.get('Content-Type')).toBe('image/jpeg');
      expect(served.headers.get('Content-Length')).toBe(String(original.length));
      expect(Buffer.from(await served.arrayBuffer()).equals(original)).toBe(true);
    });

    it.each([
      ['PNG', png, 'scan.png', 'image/png'],
      ['WebP', webp, 'photo.webp', 'image/webp'],
      ['TIFF', tiff, 'master.tif', 'image/tiff'],
      ['AVIF', avif, 'phone.avif', 'image/avif'],
    ] as const)('accepts %s', async (_, make, filename, mime) => {
      const original = await make(300, 200);
      const view = await uploaded(original, filename);
      expect(view).toMatchObject({ width: 300, height: 200, mime });
      const served = await get(`${view.url}/original`, registrarA);
      expect(served.headers.get('Content-Type')).toBe(mime);
      expect(Buffer.from(await served.arrayBuffer()).equals(original)).toBe(true);
      const thumbnail = await get(view.thumbnailUrl, registrarA);
      expect(thumbnail.headers.get('Content-Type')).toBe('image/webp');
      expect(await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).toMatchObject({ width: 300, height: 200 });
    });

    it('adds photos after the existing ones and records each in the history', async () => {
      const objectId = await createObject('A-photos');
      const first = await uploaded(await jpeg(), 'first.jpg', objectId);
      const second = await uploaded(await png(), 'second.png', objectId, 'Detail of the mark');
      const object = (await (await get(`${BASE}/objects/${objectId}`, registrarA)).json()) as ObjectView;
      expect(object.photos.map((photo) => photo.id)).toEqual([first.id, second.id]);
      expect(object.photos[1]).toEqual(second);
      expect(object.completeness.missing).not.toContain('photographs');
      expect([(await photoRow(first.id)).position, (await photoRow(second.id)).position]).toEqual([1, 2]);

      const { items } = (await (await get(`${BASE}/objects/${objectId}/history`, registrarA)).json()) as { items: HistoryView[] };
      const added = items.filter((entry) => entry.action === 'photo-added');
      expect(added).toHaveLength(2);
      expect(added[0]).toMatchObject({ actor: expect.stringContaining('Museum A'), changes: { photo: second.id, filename: 'second.png', caption: 'Detail of the mark' } });
      expect(added[1]?.changes).toMatchObject({ photo: first.id, mime: 'image/jpeg', sha256: (await photoRow(first.id)).sha256 });
    });
  });

  describe('refusing what is not a readable photo', () => {
    const filesIn = (folder: string) => {
      const path = join(t.dataDir, 'photos', folder);
      return existsSync(path) ? readdirSync(path, { recursive: true }).length : 0;
    };

    it.each([
      ['a text file', () => Buffer.from('Inventory notes: bronze statuette, 12 cm.\n'), 'notes.txt', NOT_AN_IMAGE, 'photo.not-an-image'],
      ['an empty file', () => Buffer.alloc(0), 'empty.jpg', NOT_AN_IMAGE, 'photo.not-an-image'],
      ['an SVG (never handed to a decoder)', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 'drawing.svg', NOT_AN_IMAGE, 'photo.not-an-image'],
      ['a GIF', () => drawn(20, 20).gif().toBuffer(), 'anim.gif', NOT_AN_IMAGE, 'photo.not-an-image'],
      ['a truncated JPEG', async () => (await jpeg(600, 400)).subarray(0, 4000), 'cut.jpg', DAMAGED_IMAGE, 'photo.damaged'],
      ['a HEIC file (no decoder here)', async () => fakeHeic(), 'IMG_1234.HEIC', HEIC_NOT_DECODABLE, 'photo.heic-not-decodable'],
      ['a HEIC container under another name', async () => fakeHeic(), 'photo.jpg', HEIC_NOT_DECODABLE, 'photo.heic-not-decodable'],
      ['an undecodable file named .heic', async () => Buffer.from('garbage that is no container at all'), 'IMG_9.heic', HEIC_NOT_DECODABLE, 'photo.heic-not-decodable'],
    ])('refuses %s with 400, its code, and a message saying what to do', async (_, make, filename, message, code) => {
      const before = filesIn('originals');
      const response = await upload(registrarA, privateObject, await make(), filename);
      const body = await expectProblem(response, 400);
      expect(body.detail).toBe(message);
      expect(body.code).toBe(code);
      expect(body.errors?.[0]?.field).toBe('photo');
      expect(filesIn('originals')).toBe(before);
    });

    it('refuses a decompression bomb (a small PNG of 144 megapixels) by its pixel count, naming the limit', async () => {
      const bomb = await decompressionBomb(12_000, 12_000);
      expect(bomb.length).toBeLessThan(2_000_000);
      const body = await expectProblem(await upload(registrarA, privateObject, bomb, 'bomb.png'), 400);
      expect(body.detail).toContain('12000 × 12000 pixels');
      expect(body.detail).toContain('at most 80 megapixels');
      expect(body.code).toBe('photo.too-many-pixels');
    });

    it('refuses an upload larger than 40 MB with 413, while other requests keep the 1 MiB limit', async () => {
      const huge = Buffer.concat([await jpeg(), Buffer.alloc(41_000_000)]);
      const body = await expectProblem(await upload(registrarA, privateObject, huge, 'huge.jpg'), 413);
      expect(body.detail).toContain('larger than 40 MB');

      const bigJson = await t.app.request(`${BASE}/objects`, {
        method: 'POST',
        headers: { ...bearer(registrarA), 'Content-Type': 'application/json' },
        body: JSON.stringify({ description: { inventoryNumber: 'X', title: { en: 'x'.repeat(2 * 1024 * 1024) } } }),
      });
      expect((await expectProblem(bigJson, 413)).detail).toContain('1024 KiB');
    });

    it('accepts a photo larger than 1 MiB', async () => {
      const noisy = await sharp(Buffer.from(Array.from({ length: 900 * 900 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 900, height: 900, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer();
      expect(noisy.length).toBeGreaterThan(1024 * 1024);
      expect((await uploaded(noisy, 'noise.png')).mime).toBe('image/png');
    });

    it('answers 415 to a body that is not multipart, and 400 without the photo field', async () => {
      const json = await t.app.request(`${BASE}/objects/${privateObject}/photos`, {
        method: 'POST',
        headers: { ...bearer(registrarA), 'Content-Type': 'image/jpeg' },
        body: new Uint8Array(await jpeg()),
      });
      expect((await expectProblem(json, 415)).detail).toContain('multipart/form-data');

      const form = new FormData();
      form.append('caption', 'no file');
      const missing = await t.app.request(`${BASE}/objects/${privateObject}/photos`, { method: 'POST', headers: bearer(registrarA), body: form });
      expect((await expectProblem(missing, 400)).errors?.map((issue) => issue.field)).toEqual(['photo']);
    });
  });

  describe('who may add photos', () => {
    it('lets admins add photos to any object', async () => {
      expect((await upload(admin, privateObject, await jpeg(), 'admin.jpg')).status).toBe(201);
    });

    it('answers 401 without a token', async () => {
      await expectProblem(await upload(null, privateObject, await jpeg(), 'a.jpg'), 401);
    });

    it('answers 404 to a registrar of another organisation, as if the object did not exist', async () => {
      const body = await expectProblem(await upload(registrarB, privateObject, await jpeg(), 'a.jpg'), 404);
      expect(body.detail).toBe(`No object with the id "${privateObject}".`);
      await expectProblem(await upload(registrarA, 'nosuchobject0000', await jpeg(), 'a.jpg'), 404);
    });

    it('answers 403 to a registrar of another organisation for an alert-list object they can see', async () => {
      await expectProblem(await upload(registrarB, alertObject, await jpeg(), 'a.jpg'), 403);
    });

    it('answers an investigator 403 for a reported object they see, and 404 for one they do not', async () => {
      const seen = await expectProblem(await upload(investigator, reportedObject, await jpeg(), 'a.jpg'), 403);
      expect(seen.detail).toContain('registrars and admins');
      await expectProblem(await upload(investigator, privateObject, await jpeg(), 'a.jpg'), 404);
    });

    it('refuses before reading the body: a refused caller gets 404/403 even for an upload above the size limit', async () => {
      const huge = Buffer.alloc(41_000_000);
      await expectProblem(await upload(registrarB, privateObject, huge, 'huge.jpg'), 404);
      await expectProblem(await upload(investigator, reportedObject, huge, 'huge.jpg'), 403);
    });
  });

  describe('serving photos', () => {
    let privatePhoto: PhotoView;
    let reportedPhoto: PhotoView;
    let alertPhoto: PhotoView;
    beforeAll(async () => {
      privatePhoto = await uploaded(await jpeg(), 'private.jpg', privateObject);
      reportedPhoto = await uploaded(await jpeg(), 'reported.jpg', reportedObject);
      alertPhoto = await uploaded(await png(), 'alert.png', alertObject);
    });

    it('serves photos of alert-list objects to everyone, cacheable by shared caches', async () => {
      const response = await get(alertPhoto.thumbnailUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('image/webp');
      expect(response.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+$/);
      expect((await sharp(Buffer.from(await response.arrayBuffer())).metadata()).format).toBe('webp');
      const display = await get(alertPhoto.url);
      expect([display.status, display.headers.get('Content-Type')]).toEqual([200, 'image/jpeg']);
      const original = await get(`${alertPhoto.url}/original`);
      expect([original.status, original.headers.get('Content-Type')]).toEqual([200, 'image/png']);
      const head = await t.app.request(alertPhoto.thumbnailUrl, { method: 'HEAD' });
      expect([head.status, head.headers.get('Content-Type'), await head.text()]).toEqual([200, 'image/webp', '']);
    });

    it('answers 404 to the public for every variant of a photo of an object not on the alert list, without caching', async () => {
      for (const path of [privatePhoto.url, privatePhoto.thumbnailUrl, `${privatePhoto.url}/original`, reportedPhoto.thumbnailUrl]) {
        const response = await get(path);
        await expectProblem(response, 404);
        expect(response.headers.get('Cache-Control')).toBe('private, no-store');
      }
    });

    it('applies the object’s visibility to each caller', async () => {
      const status = async (photo: PhotoView, token: string) => (await get(photo.thumbnailUrl, token)).status;
      expect(await status(privatePhoto, registrarA)).toBe(200);
      expect(await status(privatePhoto, admin)).toBe(200);
      expect(await status(privatePhoto, registrarB)).toBe(404);
      expect(await status(privatePhoto, investigator)).toBe(404);
      expect(await status(reportedPhoto, investigator)).toBe(200);
      expect(await status(reportedPhoto, registrarB)).toBe(404);
      expect(await status(alertPhoto, registrarB)).toBe(200);
      expect((await get('/media/photos/nosuchphoto00000/thumbnail', admin)).status).toBe(404);
    });

    it('lets no cache keep photos of objects not on the alert list, whichever variant', async () => {
      for (const path of [privatePhoto.url, privatePhoto.thumbnailUrl, `${privatePhoto.url}/original`]) {
        const response = await get(path, registrarA);
        expect(response.status, path).toBe(200);
        expect(response.headers.get('Cache-Control'), path).toBe('private, no-store');
      }
    });

    it('gives each variant its own ETag and answers 304 to If-None-Match', async () => {
      const etags = new Set<string>();
      for (const path of [privatePhoto.url, privatePhoto.thumbnailUrl, `${privatePhoto.url}/original`]) {
        const response = await get(path, registrarA);
        const etag = response.headers.get('ETag')!;
        expect(etag).toMatch(/^"[0-9a-f]{32,64}(-\w+-\d+)?"$/);
        etags.add(etag);
        const again = await get(path, registrarA, { 'If-None-Match': `"other", W/${etag}` });
        expect(again.status).toBe(304);
        expect(again.headers.get('ETag')).toBe(etag);
        expect(await again.text()).toBe('');
        expect((await get(path, registrarA, { 'If-None-Match': '"other"' })).status).toBe(200);
      }
      expect(etags.size).toBe(3);
      // Knowing the ETag does not get a 304 past the visibility rules.
      expect((await get(privatePhoto.url, registrarB, { 'If-None-Match': '*' })).status).toBe(404);
    });

    it('makes a lost display or thumbnail again from the original', async () => {
      const shard = privatePhoto.id.slice(0, 2);
      const thumbnailFile = join(t.dataDir, 'photos', 'thumbnails', shard, `${privatePhoto.id}.webp`);
      rmSync(thumbnailFile);
      rmSync(join(t.dataDir, 'photos', 'display', shard, `${privatePhoto.id}.jpg`));
      const response = await get(privatePhoto.thumbnailUrl, registrarA);
      expect(response.status).toBe(200);
      expect((await sharp(Buffer.from(await response.arrayBuffer())).metadata()).format).toBe('webp');
      expect(existsSync(thumbnailFile)).toBe(true);
    });
  });

  it('documents the upload in the OpenAPI document', async () => {
    const document = (await (await get(`${BASE}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, unknown> }>>;
    };
    const operation = document.paths['/objects/{id}/photos']?.post;
    expect(operation?.requestBody?.content['multipart/form-data']).toBeDefined();
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '413', '415']));
    expect(JSON.stringify(operation?.requestBody)).toContain('"format":"binary"');
  });
});
