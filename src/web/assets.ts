import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};
const FILES = ['egide.css', 'partner-filter.js', 'admin-form.js', 'object-form.js', 'favicon.svg'] as const;
export type AssetName = (typeof FILES)[number];

interface Asset {
  body: string;
  type: string;
  url: string;
}

/** Assets are read once and served under a content-hashed URL, so phones cache them for good. */
const ASSETS = new Map<AssetName, Asset>(
  FILES.map((name) => {
    const body = readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const [base, ext = ''] = name.split(/\.(?=[^.]+$)/);
    return [name, { body, type: TYPES[ext] ?? 'application/octet-stream', url: `/static/${base}.${hash}.${ext}` }];
  }),
);

export function assetUrl(name: AssetName): string {
  return ASSETS.get(name)!.url;
}

export function assetRoutes(): Hono {
  const byUrl = new Map([...ASSETS.values()].map((asset) => [asset.url, asset]));
  return new Hono().get('/static/:file', (c) => {
    const asset = byUrl.get(c.req.path);
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
}
