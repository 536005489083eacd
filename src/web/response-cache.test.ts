import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../http/env.js';
import { publicResponseCache } from './response-cache.js';

function appWith(version: () => number, signedIn = false) {
  let renders = 0;
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('principal', signedIn ? { userId: 1, displayName: 'A', role: 'admin', organisationId: 1, organisationSlug: 's', via: 'session' } : null);
    await next();
  });
  app.get('/page', publicResponseCache(version, 2), (c) => c.html(`<p>render ${++renders}</p>`));
  app.get('/cookie', publicResponseCache(version), (c) => {
    c.header('Set-Cookie', 'a=b');
    return c.html(`<p>render ${++renders}</p>`);
  });
  return app;
}

describe('publicResponseCache', () => {
  it('serves an anonymous page from the cache until the data version changes', async () => {
    let version = 1;
    const app = appWith(() => version);
    expect(await (await app.request('/page')).text()).toBe('<p>render 1</p>');
    expect(await (await app.request('/page')).text()).toBe('<p>render 1</p>');
    expect(await (await app.request('/page?q=x')).text()).toBe('<p>render 2</p>');
    version = 2;
    expect(await (await app.request('/page')).text()).toBe('<p>render 3</p>');
  });

  it('never caches signed-in pages or responses that set cookies', async () => {
    const signedIn = appWith(() => 1, true);
    expect(await (await signedIn.request('/page')).text()).toBe('<p>render 1</p>');
    expect(await (await signedIn.request('/page')).text()).toBe('<p>render 2</p>');
    const anonymous = appWith(() => 1);
    expect(await (await anonymous.request('/cookie')).text()).toBe('<p>render 1</p>');
    expect(await (await anonymous.request('/cookie')).text()).toBe('<p>render 2</p>');
  });

  it('caches JSON as well, with its content type', async () => {
    let renders = 0;
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set('principal', null);
      await next();
    });
    app.get('/data', publicResponseCache(() => 1), (c) => c.json({ renders: ++renders }));
    await app.request('/data');
    const second = await app.request('/data');
    expect(second.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await second.json()).toEqual({ renders: 1 });
  });

  it('keeps at most maxEntries pages, dropping the oldest', async () => {
    const app = appWith(() => 1);
    for (const q of ['a', 'b', 'c']) await app.request(`/page?q=${q}`);
    expect(await (await app.request('/page?q=c')).text()).toBe('<p>render 3</p>');
    expect(await (await app.request('/page?q=a')).text()).toBe('<p>render 4</p>');
  });
});
