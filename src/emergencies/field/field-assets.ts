import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { LANGUAGES } from '../../i18n/languages.js';
import { assetUrl } from '../../web/assets.js';
import { HERITAGE_PAGES } from '../heritage-place-contract.js';

/**
 * The field app's files (src/web/assets/field/). They are ES modules importing each other by
 * relative name, so they are served together under one versioned folder (`/field/<version>/…`)
 * rather than each under its own hashed name: a release changes the version, the service worker
 * script (which names it) changes with it, and phones replace their cached shell.
 */
const MODULES = ['field-app.js', 'field-queue.js', 'field-idb.js', 'field.css', 'field-icon.svg'] as const;
type FieldFile = (typeof MODULES)[number];

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' };

const read = (name: string) => readFileSync(new URL(`../../web/assets/field/${name}`, import.meta.url), 'utf8');
const FILES = new Map<string, string>(MODULES.map((name) => [name, read(name)]));
const WORKER = read('field-sw.js');

/** The shared assets the field page also uses (layout stylesheet and icon), by their hashed URLs. */
const SHARED = [assetUrl('egide.css'), assetUrl('favicon.svg')];

export const FIELD_VERSION = createHash('sha256')
  .update([...FILES.values(), WORKER, ...SHARED].join('\0'))
  .digest('hex')
  .slice(0, 12);

export const FIELD_WORKER_URL = '/field-sw.js';

export function fieldAssetUrl(name: FieldFile): string {
  return `/field/${FIELD_VERSION}/${name}`;
}

/** The service worker's scope in a language: the field page and what is under it. */
export const fieldPagePath = (lang: string) => `/${lang}${HERITAGE_PAGES.field}`;
export const fieldManifestPath = (lang: string) => `${fieldPagePath(lang)}/manifest.webmanifest`;

const SHELL = {
  version: FIELD_VERSION,
  assets: [...MODULES.map(fieldAssetUrl), ...SHARED, ...LANGUAGES.map(fieldManifestPath)],
  pages: LANGUAGES.map(fieldPagePath),
};

export function fieldAssetRoutes(): Hono {
  return new Hono()
    .get(FIELD_WORKER_URL, (c) =>
      // Revalidated at every update check: the browser compares the bytes to decide whether a release came.
      c.body(`const SHELL = ${JSON.stringify(SHELL)};\n${WORKER}`, 200, { 'Content-Type': TYPES.js!, 'Cache-Control': 'no-cache' }),
    )
    .get('/field/:version/:file', (c) => {
      const body = FILES.get(c.req.param('file'));
      if (c.req.param('version') !== FIELD_VERSION || body === undefined) return c.notFound();
      const ext = c.req.param('file').split('.').pop() ?? '';
      return c.body(body, 200, { 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Cache-Control': 'public, max-age=31536000, immutable' });
    });
}
