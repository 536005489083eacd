import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../http/problem.js';
import { jpeg } from '../../test-support/photo-images.js';
import { registryTokens } from '../../test-support/registry.js';
import { createTestApp, serveTestApp, type TestApp } from '../../test-support/test-app.js';
import { fullDescription } from '../testing/fixtures.js';
import { seedObjects } from '../testing/seed.js';
import { LIMITS } from './image-request.js';

/** Over real HTTP behind a trusted proxy (loopback), so that `X-Forwarded-For` names each client. */
describe('IIIF render limits for anonymous clients', () => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  let service: string;
  /** A photo nobody has asked for yet: its first renders wait for its pyramid to be built. */
  let coldService: string;

  const fetchAs = (client: string, path: string, image = service) => fetch(`${server.url}${image}/${path}`, { headers: { 'X-Forwarded-For': client } });

  beforeAll(async () => {
    t = await createTestApp(undefined, { EGIDE_TRUSTED_PROXIES: 'loopback' });
    const tokens = await registryTokens(t);
    const [object] = (await seedObjects(t, 'louvre', [{ description: { ...fullDescription(), inventoryNumber: 'L-9' }, published: true }])) as [string];
    const louvre = (await t.context.accounts.principalFromApiToken(tokens.louvre))!;
    service = `/iiif/3/${(await t.context.photos.addPhoto(louvre, object, await jpeg(1200, 800), 'small.jpg')).id}`;
    // Large enough that building its pyramid keeps the first renders busy while the others arrive.
    coldService = `/iiif/3/${(await t.context.photos.addPhoto(louvre, object, await jpeg(4000, 3000), 'large.jpg')).id}`;
    server = await serveTestApp(t);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('announces its limits in info.json and refuses a larger size with a 400 naming it', async () => {
    const info = (await (await fetchAs('198.51.100.1', 'info.json')).json()) as Record<string, unknown>;
    expect(info).toMatchObject(LIMITS);
    const response = await fetchAs('198.51.100.1', 'full/^12000,/0/default.jpg');
    expect(response.status).toBe(400);
    const body = (await response.json()) as Problem;
    expect(body.errors?.[0]?.field).toBe('size');
    expect(body.detail).toMatch(/12000 × 8000 is larger than this server renders/);
  });

  it('renders a few images at a time per client: beyond a short queue, 503 with Retry-After, while other clients are served', async () => {
    // One client changing its address within its IPv6 /64 for each request is still one client.
    const flood = Array.from({ length: 30 }, (_, i) => fetchAs(`2001:db8:5:6::${(i + 1).toString(16)}`, `full/${200 + i},/0/default.jpg`, coldService));
    const other = fetchAs('192.0.2.44', 'full/150,/0/default.jpg');
    const answers = await Promise.all(flood);
    const refused = answers.filter((response) => response.status === 503);
    const served = answers.filter((response) => response.status === 200);
    expect(refused.length + served.length).toBe(30);
    // 4 rendering and 8 waiting while the pyramid is built: the rest (18 when all arrive by then) is refused at once.
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    for (const response of refused) {
      expect(response.headers.get('Retry-After')).toBe('1');
      expect(response.headers.get('Content-Type')).toBe('application/problem+json');
      expect(response.headers.get('Cache-Control')).toBe('private, no-store');
      expect(((await response.json()) as Problem).detail).toMatch(/at most 4 rendered at a time/);
    }
    expect((await other).status).toBe(200);
    // Once the flood is over, the client is served again.
    expect((await fetchAs('2001:db8:5:6::ffff', 'full/199,/0/default.jpg')).status).toBe(200);
  }, 60_000);
});
