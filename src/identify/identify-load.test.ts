import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../http/problem.js';
import { painting } from '../test-support/identify-images.js';
import { createTestApp, serveTestApp, type TestApp } from '../test-support/test-app.js';
import type { IdentificationJson } from './identify.api.js';

const DAY_MS = 86_400_000;
const photoForm = (photo: Uint8Array, filename = 'field.png') => {
  const form = new FormData();
  form.append('photo', new File([new Uint8Array(photo)], filename));
  return form;
};

/** A painting enlarged with grain and saved as PNG: a few megabytes that take the engine real work. */
async function largePhoto(): Promise<Buffer> {
  const base = await sharp(await painting(0)).resize({ width: 1800 }).raw().toBuffer({ resolveWithObject: true });
  const grain = await sharp({ create: { width: base.info.width, height: base.info.height, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 0, sigma: 20 } } }).raw().toBuffer();
  const pixels = Buffer.from(base.data);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.min(255, pixels[i]! + (grain[i]! >> 2));
  return sharp(pixels, { raw: base.info }).png({ compressionLevel: 1 }).toBuffer();
}

describe('identification under load', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(undefined, { EGIDE_IDENTIFY_CONCURRENCY: '2', EGIDE_IDENTIFY_QUEUE: '2', EGIDE_IDENTIFY_RATE_ANONYMOUS: '1000' });
  });
  afterAll(() => t.close());

  it('answers a burst beyond its queue with 503 and Retry-After, and keeps answering /healthz meanwhile', async () => {
    const photo = await largePhoto();
    expect(photo.length).toBeGreaterThan(2_000_000);
    const server = await serveTestApp(t);
    const queue = t.context.identify.admission.queue;
    try {
      let most = 0;
      const watch = setInterval(() => (most = Math.max(most, queue.inProgress)), 2);
      const burst = Array.from({ length: 12 }, () => fetch(`${server.url}/api/v1/identify`, { method: 'POST', body: photoForm(photo) }));
      while (queue.inProgress === 0) await new Promise((resolve) => setTimeout(resolve, 5));

      const asked = performance.now();
      const health = await fetch(`${server.url}/healthz`);
      const healthMs = performance.now() - asked;
      // Answered while identifications were still in progress (a generous bound: a stalled loop takes seconds).
      expect(queue.inProgress).toBeGreaterThan(0);
      expect(health.status).toBe(200);
      expect(healthMs).toBeLessThan(5_000);

      const responses = await Promise.all(burst);
      clearInterval(watch);
      const refused = responses.filter((response) => response.status === 503);
      const answered = responses.filter((response) => response.status === 200);
      expect(refused.length).toBeGreaterThan(0);
      expect(answered.length).toBeGreaterThanOrEqual(4);
      expect(refused.length + answered.length).toBe(12);
      expect(most).toBeLessThanOrEqual(4);
      for (const response of refused) {
        expect(response.headers.get('Content-Type')).toBe('application/problem+json');
        expect(Number(response.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
        expect(((await response.json()) as Problem).status).toBe(503);
      }
      expect(queue.inProgress).toBe(0);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('refuses a photo over the limit from its announced length, on the API and the page', async () => {
    const oversized = { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': '50000000' }, body: '--x--\r\n' };
    const api = await t.app.request('/api/v1/identify', oversized);
    expect(api.status).toBe(413);
    expect(((await api.json()) as Problem).detail).toContain('40 MB');
    const page = await t.app.request('/en/identify', oversized);
    expect(page.status).toBe(413);
    expect(await page.text()).toContain('The photograph is larger than 40 MB.');
    expect(t.context.identify.admission.queue.inProgress).toBe(0);
  });

  it('expires anonymous identifications and their photos after the retention period, never signed-in ones', async () => {
    const photo = await sharp(await painting(1)).resize({ width: 600 }).jpeg().toBuffer();
    const token = await t.token('investigator');
    const identifyAs = async (headers: Record<string, string>) => {
      const response = await t.app.request('/api/v1/identify', { method: 'POST', headers, body: photoForm(photo, 'field.jpg') });
      expect(response.status).toBe(200);
      return ((await response.json()) as IdentificationJson).identificationId;
    };
    const anonymous = await identifyAs({});
    const signedIn = await identifyAs({ Authorization: `Bearer ${token}` });
    const files = (id: string) => [`display/${id.slice(0, 2)}/${id}.jpg`, `thumbnails/${id.slice(0, 2)}/${id}.webp`].map((file) => join(t.dataDir, 'identifications', file));
    expect(files(anonymous).every((file) => existsSync(file))).toBe(true);

    const identify = t.context.identify;
    expect(await identify.expireAnonymous(new Date(Date.now() + 29 * DAY_MS))).toBe(0);
    expect((await t.app.request(`/media/identifications/${anonymous}/photo`)).status).toBe(200);

    expect(await identify.expireAnonymous(new Date(Date.now() + 31 * DAY_MS))).toBeGreaterThanOrEqual(1);
    expect((await t.app.request(`/media/identifications/${anonymous}/photo`)).status).toBe(404);
    expect(files(anonymous).some((file) => existsSync(file))).toBe(false);
    expect((await t.app.request(`/media/identifications/${signedIn}/photo`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(files(signedIn).every((file) => existsSync(file))).toBe(true);
  }, 60_000);
});

describe('identification rate limits', () => {
  let t: TestApp;
  const notAPhoto = new TextEncoder().encode('not a photo');

  beforeAll(async () => {
    t = await createTestApp(undefined, { EGIDE_IDENTIFY_RATE_ANONYMOUS: '2', EGIDE_IDENTIFY_RATE_SIGNED_IN: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit per client address (anonymous) and per account', async () => {
    const send = (headers: Record<string, string> = {}) => t.app.request('/api/v1/identify', { method: 'POST', headers, body: photoForm(notAPhoto) });
    // Counted even when the photo is refused: the work of reading it was done.
    for (let n = 0; n < 2; n++) expect((await send()).status).toBe(400);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Content-Type')).toBe('application/problem+json');
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);

    const token = await t.token('registrar', 'secretariat');
    const bearer = { Authorization: `Bearer ${token}` };
    for (let n = 0; n < 3; n++) expect((await send(bearer)).status).toBe(400);
    expect((await send(bearer)).status).toBe(429);
  });

  it('says so on the page, in its language', async () => {
    // The page shares the address's count with the API (spent above).
    const page = await t.app.request('/fr/identify', { method: 'POST', body: photoForm(notAPhoto) });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await page.text()).toContain('Vous avez envoyé beaucoup de photos en peu de temps');
  });
});
