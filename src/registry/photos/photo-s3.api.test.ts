import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpeg } from '../../test-support/photo-images.js';
import { startS3Server, type S3Server } from '../../test-support/s3-server.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { ObjectView, PhotoView } from '../object-view.js';
import { S3PhotoStore } from './s3-photo-store.js';

// Photos in a bucket of a real S3-compatible server (s3rver on a free port), not a mock.
describe('registry photos in an S3 bucket', () => {
  let s3: S3Server;
  let t: TestApp;
  let token: string;
  let objectId: string;
  const get = (path: string) => t.app.request(path, { headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    s3 = await startS3Server();
    // The SDK reads its credentials from the process's environment.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: s3.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: s3.env.AWS_SECRET_ACCESS_KEY });
    t = await createTestApp(undefined, s3.env);
    await t.context.organisations.ensure('museum-s3', 'Museum S3', 'museum');
    token = await t.token('registrar', 'museum-s3');
    const created = await t.app.request('/api/v1/objects', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: { inventoryNumber: 'S3-1', title: { en: 'Bowl' } } }),
    });
    objectId = ((await created.json()) as ObjectView).id;
  });
  afterAll(async () => {
    await t?.close();
    await s3?.stop();
  });

  it('stores an upload in the bucket and serves every variant and IIIF image from it, nothing in the data folder', async () => {
    const bytes = await jpeg();
    const form = new FormData();
    form.append('photo', new File([new Uint8Array(bytes)], 'bowl.jpg', { type: 'image/jpeg' }));
    const response = await t.app.request(`/api/v1/objects/${objectId}/photos`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    expect(response.status).toBe(201);
    const photo = (await response.json()) as PhotoView;

    const original = await get(`/media/photos/${photo.id}/original`);
    expect(original.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await original.arrayBuffer())).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    for (const [suffix, type] of [['', 'image/jpeg'], ['/thumbnail', 'image/webp']] as const) {
      const variant = await get(`/media/photos/${photo.id}${suffix}`);
      expect(variant.status, suffix).toBe(200);
      expect(variant.headers.get('Content-Type')).toBe(type);
      expect(Number(variant.headers.get('Content-Length'))).toBe((await variant.arrayBuffer()).byteLength);
    }
    expect((await get(`/iiif/3/${photo.id}/info.json`)).status).toBe(200);
    const tile = await get(`/iiif/3/${photo.id}/full/100,/0/default.jpg`);
    expect(tile.status).toBe(200);
    expect(tile.headers.get('Content-Type')).toBe('image/jpeg');

    const bucket = new S3PhotoStore({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', prefix: 'photos/' });
    try {
      const originals: string[] = [];
      for await (const file of bucket.list('originals')) originals.push(file.key);
      expect(originals).toEqual([expect.stringMatching(new RegExp(`^originals/\\w\\w/${photo.id}\\.jpg$`))]);
    } finally {
      bucket.close();
    }
    expect(existsSync(join(t.dataDir, 'photos'))).toBe(false);
  });
});
