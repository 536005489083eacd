import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../http/env.js';
import { publicPageCache } from './page-cache.js';

function appWith(version: () => number, signedIn = false) {
  let renders = 0;
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('principal', signedIn ? { userId: 1, displayName: 'A', role: 'admin', organisationId: 1, organisationSlug: 's', via: 'session' } : null);
    await next();
  });
  app.get('/page', publicPageCache(version, 2), (c) => c.html(`<p>render ${++renders}</p>`));
  app.get('/cookie', publicPageCache(version), (c) => {
    c.header('Set-Cookie', 'a=b');
    return c.html(`<p>render ${++renders}</p>`);
  });
  return app;
}

describe('publicPageCache', () => {
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

  it('keeps at most maxEntries pages, dropping the oldest', async () => {
    const app = appWith(() => 1);
    for (const q of ['a', 'b', 'c']) await app.request(`/page?q=${q}`);
    expect(await (await app.request('/page?q=c')).text()).toBe('<p>render 3</p>');
    expect(await (await app.request('/page?q=a')).text()).toBe('<p>render 4</p>');
  });
});
