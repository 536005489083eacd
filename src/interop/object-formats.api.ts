/**
 * One object as LIDO or Linked Art:
 * - `GET /api/v1/objects/{id}` with `Accept: application/lido+xml`, `application/xml` (or `text/xml`) → LIDO,
 *   `Accept: application/ld+json` → Linked Art; anything else falls through to the JSON view;
 * - `GET /api/v1/objects/{id}.lido.xml` and `GET /api/v1/objects/{id}.jsonld`.
 * Visibility is the JSON view's (ObjectService.get applies `visibleTo`): 404 for an object the
 * caller may not see. The exports never contain sensitive fields or incident details, even for
 * callers who may see them.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { problemResponse } from '../http/openapi.js';
import type { ObjectService } from '../registry/object.service.js';
import { linksFor } from './base-url.js';
import { exportableFromView } from './exportable-object.js';
import { lidoDocument } from './lido/lido-writer.js';
import { LINKED_ART_MEDIA_TYPE, linkedArtObject } from './linked-art/linked-art-writer.js';

export type ObjectFormat = 'json' | 'lido' | 'linked-art';

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function mediaRanges(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [mediaType, ...params] = part.trim().split(';');
    const [type, subtype] = (mediaType ?? '').trim().toLowerCase().split('/');
    if (!type || !subtype) continue;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
      if (match) q = Math.min(1, Math.max(0, Number(match[1]) || 0));
    }
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** The quality the client gives a media type: that of its most specific matching range. */
function quality(ranges: readonly MediaRange[], mediaType: string): number {
  const [type, subtype] = mediaType.split('/');
  const exact = ranges.find((r) => r.type === type && r.subtype === subtype);
  if (exact) return exact.q;
  const wildcard = ranges.find((r) => r.type === type && r.subtype === '*') ?? ranges.find((r) => r.type === '*' && r.subtype === '*');
  return wildcard?.q ?? 0;
}

/** What the server offers, in its order of preference when the client likes several equally. */
const OFFERS: ReadonlyArray<{ mediaType: string; format: ObjectFormat }> = [
  { mediaType: 'application/json', format: 'json' },
  { mediaType: 'application/ld+json', format: 'linked-art' },
  { mediaType: 'application/lido+xml', format: 'lido' },
  { mediaType: 'application/xml', format: 'lido' },
  { mediaType: 'text/xml', format: 'lido' },
];

/**
 * The representation to send for an `Accept` header. Browsers list `application/xml` after
 * `text/html`; they get the JSON view (the default) unless they name LIDO or Linked Art precisely.
 */
export function negotiate(accept: string | undefined): { format: ObjectFormat; mediaType: string } {
  const fallback = { format: 'json' as const, mediaType: 'application/json' };
  if (!accept?.trim()) return fallback;
  const ranges = mediaRanges(accept);
  const browser = ranges.some((r) => r.type === 'text' && r.subtype === 'html');
  let best: { format: ObjectFormat; mediaType: string; q: number } | undefined;
  for (const offer of OFFERS) {
    if (browser && (offer.mediaType === 'application/xml' || offer.mediaType === 'text/xml')) continue;
    const q = quality(ranges, offer.mediaType);
    if (q > 0 && (!best || q > best.q)) best = { ...offer, q };
  }
  return best ? { format: best.format, mediaType: best.mediaType } : fallback;
}

async function send(c: Context<AppEnv>, objects: ObjectService, id: string, format: 'lido' | 'linked-art', mediaType?: string): Promise<Response> {
  const view = await objects.readForExport(c.get('principal'), id, format);
  const object = exportableFromView(view);
  const links = linksFor(c);
  c.header('Link', `<${links.lido(object.id)}>; rel="alternate"; type="application/xml", <${links.linkedArt(object.id)}>; rel="alternate"; type="application/ld+json"`);
  c.header('Vary', 'Accept');
  if (format === 'lido') {
    const type = mediaType === 'application/lido+xml' ? 'application/lido+xml' : 'application/xml';
    return c.body(lidoDocument(object, links), 200, { 'Content-Type': `${type}; charset=utf-8` });
  }
  return c.body(JSON.stringify(linkedArtObject(object, links), null, 2), 200, { 'Content-Type': LINKED_ART_MEDIA_TYPE });
}

const FILE = /^([0-9a-z]{1,40})\.(lido\.xml|jsonld)$/;

/** Mounted before the registry API, so that these routes see `/objects/{id}` first. */
export function objectFormatRoutes(objects: ObjectService, apiBase: string): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get(`${apiBase}/objects/:file{[0-9a-z]{1,40}\\.(?:lido\\.xml|jsonld)}`, (c) => {
    const [, id, extension] = FILE.exec(c.req.param('file'))!;
    return send(c, objects, id!, extension === 'jsonld' ? 'linked-art' : 'lido');
  });
  routes.get(`${apiBase}/objects/:id`, async (c, next) => {
    const chosen = negotiate(c.req.header('Accept'));
    if (chosen.format !== 'json') return send(c, objects, c.req.param('id'), chosen.format, chosen.mediaType);
    await next();
    c.res.headers.append('Vary', 'Accept');
  });
  return routes;
}

/** Documents the two export routes in the OpenAPI description of the API. */
export function documentObjectFormats(api: OpenAPIHono<AppEnv>): void {
  const params = z.object({ id: z.string().min(1).max(40).openapi({ param: { name: 'id', in: 'path' }, example: '3k9x2m7q1w8e4r5t' }) });
  const description =
    'Visible to the same callers as `GET /objects/{id}` (404 otherwise), without sensitive fields or incident details. `GET /objects/{id}` returns the same with `Accept: application/xml` (LIDO) or `Accept: application/ld+json` (Linked Art).';
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/objects/{id}.lido.xml',
    operationId: 'getObjectLido',
    tags: ['Interoperability'],
    summary: 'The object as a LIDO 1.1 record',
    description,
    request: { params },
    responses: { 200: { description: 'A `lido:lido` record, valid against lido-v1.1.xsd.', content: { 'application/xml': { schema: z.string() } } }, 404: problemResponse('No such object (or not visible).') },
  });
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/objects/{id}.jsonld',
    operationId: 'getObjectLinkedArt',
    tags: ['Interoperability'],
    summary: 'The object as Linked Art JSON-LD',
    description,
    request: { params },
    responses: { 200: { description: 'A Linked Art `HumanMadeObject`.', content: { 'application/ld+json': { schema: z.object({}).passthrough() } } }, 404: problemResponse('No such object (or not visible).') },
  });
}
