// The field app's service worker: keeps the app shell (the field page in each language, its scripts,
// styles and icons) so that the page opens without a network. The server puts `const SHELL =
// {version, assets, pages}` before this file (src/emergencies/field/field-assets.ts): `version` is a
// hash of the assets, so a release changes this script, the browser installs it, and the new cache
// replaces the old one. Submissions are not the worker's business: the page's queue sends them.
/* global SHELL */

const CACHE = `egide-field-${SHELL.version}`;
/** A field page that takes longer than this falls back to its cached copy: a bad signal is no signal. */
const PAGE_TIMEOUT_MS = 6_000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL.assets);
      // Pages are the signed-in person's: fetched with the session, kept only when they are the page itself
      // (not a redirect to sign in). The language in use is kept again at each visit anyway.
      await Promise.all(SHELL.pages.map((page) => fetchPage(page, cache).catch(() => undefined)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('egide-field-') && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function fetchPage(url, cache) {
  const response = await fetch(url, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store' });
  if (response.ok && !response.redirected && response.type === 'basic') await cache.put(url, response.clone());
  return response;
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

/** The field page, fresh when the network answers in time, else as last seen. */
async function fieldPage(request) {
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request), PAGE_TIMEOUT_MS);
    if (response.ok && !response.redirected && url.search === '') await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && SHELL.pages.includes(url.pathname)) {
    event.respondWith(fieldPage(request));
    return;
  }
  if (SHELL.assets.includes(url.pathname)) {
    event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(url.pathname)) ?? fetch(request)));
  }
});
