import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, parseSetCookies } from '../test-support/browser.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { jpeg } from '../test-support/photo-images.js';
import { makeObject, report, signedIn, type Person } from '../registry/pages.test-support.js';
import type { ObjectView } from '../registry/object-view.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { CSRF_HEADER } from './csrf.js';

let t: TestApp;
let registrar: Person;
let privateObject: ObjectView;
let alertObject: ObjectView;
let registrarToken: string;
/** A photo of an object in the inventory only: its answers depend on who asks. */
let privatePhoto: { url: string; thumbnailUrl: string };

beforeAll(async () => {
  t = await createTestApp();
  registrar = await signedIn(t, 'registrar', 'louvre');
  registrarToken = await t.token('registrar', 'louvre');
  privateObject = await makeObject(t, registrar);
  alertObject = await makeObject(t, registrar);
  await report(t, registrar, alertObject.id, true);
  await t.context.photos.addPhoto(registrar.principal, alertObject.id, await jpeg(), 'alert.jpg');
  privatePhoto = await t.context.photos.addPhoto(registrar.principal, privateObject.id, await jpeg(), 'private.jpg');
});
afterAll(() => t.close());

const cookieHeader = (browser: Browser) => [...browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');

/** The session's CSRF token, as its pages carry it. */
async function sessionToken(person: Person): Promise<string> {
  await person.browser.get('/en/partners');
  return person.browser.csrf();
}

/** A multipart photo upload to the API, as a page on any site could make a browser send it. */
async function uploadPhoto(headers: Record<string, string>): Promise<Response> {
  const form = new FormData();
  form.append('photo', new Blob([new Uint8Array(await jpeg())], { type: 'image/jpeg' }), 'upload.jpg');
  return t.app.request(`/api/v1/objects/${privateObject.id}/photos`, { method: 'POST', headers, body: form });
}

const photoCount = async () => (await t.context.objects.get(registrar.principal, privateObject.id)).photos.length;

describe('CSRF on the API (cookie-authenticated writes)', () => {
  it('refuses a cross-origin upload with the session cookie, and stores nothing', async () => {
    await sessionToken(registrar);
    const cookie = cookieHeader(registrar.browser);
    const before = await photoCount();
    const attempts: Array<Record<string, string>> = [{ Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'null' }, {}, { [CSRF_HEADER]: 'forged' }];
    for (const headers of attempts) {
      const response = await uploadPhoto({ Cookie: cookie, ...headers });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    }
    expect(await photoCount()).toBe(before);
  });

  it('accepts it with the session’s token in X-CSRF-Token, or from our own origin', async () => {
    const token = await sessionToken(registrar);
    const cookie = cookieHeader(registrar.browser);
    const before = await photoCount();
    expect((await uploadPhoto({ Cookie: cookie, [CSRF_HEADER]: token, Origin: 'https://evil.example' })).status).toBe(201);
    expect((await uploadPhoto({ Cookie: cookie, Origin: 'http://localhost' })).status).toBe(201);
    expect((await uploadPhoto({ Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(201);
    expect(await photoCount()).toBe(before + 3);
  });

  it('leaves bearer tokens alone, whatever the origin', async () => {
    expect((await uploadPhoto({ Authorization: `Bearer ${registrarToken}`, Origin: 'https://evil.example' })).status).toBe(201);
  });

  it('the token of an anonymous visitor does not authorise a signed-in write', async () => {
    const anonymous = t.app.request('/en/login');
    const anonymousToken = /egide_csrf=([^;]+)/.exec((await anonymous).headers.get('Set-Cookie') ?? '')?.[1];
    expect(anonymousToken).toBeDefined();
    const response = await uploadPhoto({ Cookie: `${cookieHeader(registrar.browser)}; egide_csrf=${anonymousToken}`, [CSRF_HEADER]: anonymousToken! });
    expect(response.status).toBe(403);
  });
});

describe('CSRF token on pages', () => {
  it('is the same in every form of a page, and its cookie is set once', async () => {
    const browser = new Browser(t.app);
    browser.cookies.set(SESSION_COOKIE, registrar.browser.cookies.get(SESSION_COOKIE)!);
    const response = await browser.get(`/en/objects/${privateObject.id}`);
    const tokens = [...(await response.text()).matchAll(/<input type="hidden" name="_csrf" value="([^"]+)"/g)].map((match) => match[1]);
    expect(tokens.length).toBeGreaterThan(1);
    expect(new Set(tokens)).toEqual(new Set([browser.csrf()]));
    expect(parseSetCookies(response).filter((cookie) => cookie.name === 'egide_csrf')).toHaveLength(1);
  });
});

describe('Cache-Control', () => {
  const pages = ['/en/', '/fr/partners', '/en/partners/wco', '/en/alerts', '/en/search?q=jar', '/en/login', '/en/identify', '/en/api', '/en/no-such-page'];
  const signedInPages = ['/en/inventory', '/en/notifications', '/en/objects/new'];
  const objectPages = () => [`/en/objects/${alertObject.id}`, `/en/objects/${privateObject.id}`];
  const apiRoutes = () => ['/api/v1/partners', '/api/v1/partners/wco', '/api/v1/alerts', '/api/v1/search?q=jar', `/api/v1/objects/${alertObject.id}`, `/api/v1/objects/${privateObject.id}`, '/api/v1/openapi.json', '/api/v1/nothing'];

  it('is `private, no-store` on every page and API answer, anonymous or signed in', async () => {
    const asked: Array<[string, Response]> = [];
    for (const path of [...pages, ...objectPages(), ...apiRoutes()]) asked.push([`anonymous ${path}`, await t.app.request(path)]);
    for (const path of [...pages, ...signedInPages, ...objectPages()]) asked.push([`signed in ${path}`, await registrar.browser.get(path)]);
    for (const path of apiRoutes()) asked.push([`token ${path}`, await t.app.request(path, { headers: { Authorization: `Bearer ${registrarToken}` } })]);
    // The photos of an object not on the alert list, as its museum sees them, and the public's 404.
    const privatePhotos = [privatePhoto.url, privatePhoto.thumbnailUrl, `${privatePhoto.url}/original`, `/iiif/3/${privatePhoto.url.split('/').pop()}/info.json`];
    for (const path of privatePhotos) asked.push([`signed in ${path}`, await registrar.browser.get(path)]);
    for (const path of privatePhotos) asked.push([`token ${path}`, await t.app.request(path, { headers: { Authorization: `Bearer ${registrarToken}` } })]);
    for (const path of privatePhotos) asked.push([`anonymous ${path}`, await t.app.request(path)]);
    for (const [what, response] of asked.filter(([what]) => what.includes(privatePhoto.url) && !what.startsWith('anonymous'))) {
      expect(response.status, what).toBe(200);
    }
    // Asked twice: the second anonymous answer comes from the server's own directory cache.
    asked.push(['anonymous /en/partners again', await t.app.request('/en/partners')]);
    for (const [what, response] of asked) expect(response.headers.get('Cache-Control'), what).toBe('private, no-store');
    expect(asked.map(([, response]) => response.status)).toContain(200);
  });

  it('keeps the public caching of alert-list photos and the long caching of assets', async () => {
    const [photo] = (await t.context.objects.get(null, alertObject.id)).photos;
    const image = await t.app.request(photo!.thumbnailUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get('Cache-Control')).toBe('public, max-age=600');
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(await (await t.app.request('/en/')).text())?.[1];
    const asset = await t.app.request(stylesheet!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('Cache-Control')).toMatch(/^public/);
  });
});

describe('security headers', () => {
  it('X-Frame-Options and CSP frame-ancestors agree: no framing; no HSTS over plain HTTP', async () => {
    for (const path of ['/en/', '/api/v1/partners']) {
      const response = await t.app.request(path);
      expect(response.headers.get('X-Frame-Options'), path).toBe('DENY');
      expect(response.headers.get('Content-Security-Policy'), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('Strict-Transport-Security'), path).toBeNull();
    }
  });

  it('with an https base URL: HSTS, and Secure cookies by default', async () => {
    const https = await createTestApp(undefined, { EGIDE_BASE_URL: 'https://egide.example.org' });
    try {
      const response = await https.app.request('/en/login');
      expect(response.headers.get('Strict-Transport-Security')).toMatch(/^max-age=\d+/);
      expect(response.headers.get('Set-Cookie')).toMatch(/egide_csrf=[^;]+;.*\bSecure\b/);
    } finally {
      await https.close();
    }
  });
});
