import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { jpeg } from '../test-support/photo-images.js';
import { createTestApp, serveTestApp, type TestApp } from '../test-support/test-app.js';
import { fullDescription } from './testing/fixtures.js';
import { seedObjects } from './testing/seed.js';

/**
 * The Host header must never become an address Egide writes: IIIF redirects, `info.json` ids and
 * manifests, OAI-PMH baseURL and identifiers, LIDO and Linked Art URIs.
 */
const FORGED = 'evil.example';
let objectId: string;
let photoId: string;
const apps: TestApp[] = [];

/** Every path whose answer holds addresses of this server. */
const paths = () => [
  `/iiif/3/${photoId}`,
  `/iiif/3/${photoId}/info.json`,
  `/iiif/3/${photoId}/full/max/0/default.jpg`,
  `/iiif/3/manifests/${objectId}`,
  '/oai?verb=Identify',
  '/oai?verb=ListRecords&metadataPrefix=lido',
  `/api/v1/objects/${objectId}.lido.xml`,
  `/api/v1/objects/${objectId}.jsonld`,
];

async function appWith(env: NodeJS.ProcessEnv): Promise<TestApp> {
  const t = await createTestApp(undefined, env);
  apps.push(t);
  [objectId] = (await seedObjects(t, 'louvre', [{ description: fullDescription(), published: true }])) as [string];
  const louvre = (await t.context.accounts.principalFromApiToken(await t.token('registrar', 'louvre')))!;
  photoId = (await t.context.photos.addPhoto(louvre, objectId, await jpeg(600, 400), 'front.jpg')).id;
  return t;
}

/** What a client sees of a response: status, headers and body. */
async function seen(response: Response): Promise<{ status: number; text: string }> {
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  const type = response.headers.get('Content-Type') ?? '';
  const body = type.startsWith('image/') ? '' : await response.text();
  return { status: response.status, text: `${headers}\n${body}` };
}

let development: TestApp;
beforeAll(async () => {
  development = await appWith({});
});
afterEach(() => vi.unstubAllEnvs());
afterAll(async () => {
  for (const t of apps) await t.close();
});

describe('the Host header, without EGIDE_BASE_URL (development)', () => {
  it('refuses any host name but localhost ones with 400, and never writes the forged name', async () => {
    for (const path of paths()) {
      const { status, text } = await seen(await development.app.request(`http://${FORGED}${path}`));
      expect(status, path).toBe(400);
      expect(text, path).not.toContain(FORGED);
    }
  });

  it('answers localhost names, writing their addresses', async () => {
    for (const origin of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'http://egide.localhost']) {
      const { status, text } = await seen(await development.app.request(`${origin}/iiif/3/${photoId}/info.json`));
      expect(status, origin).toBe(200);
      expect(text).toContain(`"${origin}/iiif/3/${photoId}"`);
    }
  });

  it('refuses a forged Host header sent over HTTP, and still answers /healthz', async () => {
    const server = await serveTestApp(development);
    try {
      const get = (path: string, host: string) =>
        new Promise<{ status: number; text: string }>((resolve, reject) => {
          const request = httpRequest(`${server.url}${path}`, { headers: { Host: host } }, (response) => {
            let text = JSON.stringify(response.headers);
            response.on('data', (chunk: Buffer) => (text += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
          });
          request.on('error', reject);
          request.end();
        });
      for (const path of [`/iiif/3/${photoId}`, '/oai?verb=Identify']) {
        const answer = await get(path, FORGED);
        expect(answer.status, path).toBe(400);
        expect(answer.text).not.toContain(FORGED);
      }
      expect((await get('/healthz', FORGED)).status).toBe(200);
      const local = await get(`/iiif/3/${photoId}`, `127.0.0.1:${new URL(server.url).port}`);
      expect(local.status).toBe(303);
      expect(local.text).toContain(`${server.url}/iiif/3/${photoId}/info.json`);
    } finally {
      await server.close();
    }
  });

  it('answers the names of EGIDE_ALLOWED_HOSTS too', async () => {
    const t = await appWith({ EGIDE_ALLOWED_HOSTS: 'egide.lan, registry.museum.example' });
    const { status, text } = await seen(await t.app.request(`http://egide.lan/iiif/3/${photoId}/info.json`));
    expect(status).toBe(200);
    expect(text).toContain(`"http://egide.lan/iiif/3/${photoId}"`);
    expect((await t.app.request(`http://${FORGED}/oai?verb=Identify`)).status).toBe(400);
  });
});

describe('the Host header in production', () => {
  it('with EGIDE_BASE_URL, every address is the base URL, whatever the Host', async () => {
    const base = 'https://registry.museums.example';
    vi.stubEnv('EGIDE_BASE_URL', base); // the exports read it from the environment
    const t = await appWith({ NODE_ENV: 'production', EGIDE_BASE_URL: base });
    for (const path of paths()) {
      const { status, text } = await seen(await t.app.request(`http://${FORGED}${path}`));
      expect(status, path).toBeLessThan(400);
      expect(text, path).not.toContain(FORGED);
    }
    const info = await seen(await t.app.request(`http://${FORGED}/iiif/3/${photoId}/info.json`));
    expect(info.text).toContain(`"${base}/iiif/3/${photoId}"`);
  });

  it('with EGIDE_ALLOWED_HOSTS, only those names and the base URL’s are answered, localhost included', async () => {
    const base = 'https://registry.museums.example';
    vi.stubEnv('EGIDE_BASE_URL', base);
    const t = await appWith({ NODE_ENV: 'production', EGIDE_BASE_URL: base, EGIDE_ALLOWED_HOSTS: 'egide.internal' });
    expect((await t.app.request(`http://egide.internal/oai?verb=Identify`)).status).toBe(200);
    expect((await t.app.request(`${base}/oai?verb=Identify`)).status).toBe(200);
    expect((await t.app.request(`http://localhost/oai?verb=Identify`)).status).toBe(400);
    expect((await t.app.request(`http://${FORGED}/oai?verb=Identify`)).status).toBe(400);
  });
});
