import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};
const FILES = ['egide.css', 'partner-filter.js', 'admin-form.js', 'object-form.js', 'photo-viewer.js', 'map-tiles.js', 'openseadragon.js', 'favicon.svg'] as const;
export type AssetName = (typeof FILES)[number];

/** Assets taken from npm packages (the rest are in ./assets/), by the name they are served under. */
const FROM_PACKAGES: Partial<Record<AssetName, string>> = {
  'openseadragon.js': 'openseadragon/build/openseadragon/openseadragon.min.js',
};

function read(name: AssetName): string {
  const fromPackage = FROM_PACKAGES[name];
  if (!fromPackage) return readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
  // The source map it names is not served.
  return readFileSync(createRequire(import.meta.url).resolve(fromPackage), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}

interface Asset {
  body: string;
  type: string;
  url: string;
}

/** Assets are read once and served under a content-hashed URL, so phones cache them for good. */
const ASSETS = new Map<AssetName, Asset>(
  FILES.map((name) => {
    const body = read(name);
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
