import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedIn } from '../registry/pages.test-support.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { redListImagePath } from './red-list-paths.js';
import { person, sampleImages, sampleRedList } from './red-list.test-support.js';

describe('/media/red-lists', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it('serves a published edition’s images to anyone, cached for ever', async () => {
    await t.context.redLists.importDocument(await person(t, 'admin'), sampleRedList(), await sampleImages(), { publish: true });
    const response = await t.app.request(redListImagePath('test-region', 1, 'tablet-1.jpg', 'thumbnail'));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('image/webp');
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect((await sharp(Buffer.from(await response.arrayBuffer())).metadata()).width).toBe(400);
    const etag = response.headers.get('ETag')!;
    expect((await t.app.request(redListImagePath('test-region', 1, 'tablet-1.jpg', 'thumbnail'), { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await t.app.request(redListImagePath('test-region', 1, 'tablet-2.png', 'original'))).headers.get('Content-Type')).toBe('image/png');
    for (const path of ['/media/red-lists/test-region/2/display/tablet-1.jpg', '/media/red-lists/test-region/1/huge/tablet-1.jpg', '/media/red-lists/test-region/one/display/tablet-1.jpg', '/media/red-lists/test-region/1/display/none.jpg']) {
      const refused = await t.app.request(path);
      expect([path, refused.status, refused.headers.get('Cache-Control')]).toEqual([path, 404, 'private, no-store']);
    }
  });

  it('serves a draft’s images to its editors only, never cached', async () => {
    const editor = await signedIn(t, 'red-list-editor', 'secretariat');
    await t.context.redLists.createList(editor.principal, sampleRedList());
    await t.context.redLists.addDraftImage(editor.principal, 'test-region', 'tablet-1.jpg', (await sampleImages()).get('tablet-1.jpg')!);
    const path = redListImagePath('test-region', 'draft', 'tablet-1.jpg', 'display');
    const response = await editor.browser.get(path);
    expect([response.status, response.headers.get('Cache-Control'), response.headers.get('Content-Type')]).toEqual([200, 'private, no-store', 'image/jpeg']);
    expect((await t.app.request(path)).status).toBe(404);
  });
});
