import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Context } from 'hono';

/** Weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"`; `*` matches anything. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** A file drawn once and kept on disk (a booklet, a report), with the ETag of what it holds. */
export interface KeptFile {
  path: string;
  size: number;
  etag: string;
}

/** Sends a kept file with its ETag, or 304 when the client has it already. */
export function sendKeptFile(c: Context, file: KeptFile, headers: { cacheControl: string; contentType: string; filename: string }): Response {
  c.header('Cache-Control', headers.cacheControl);
  c.header('ETag', file.etag);
  if (matchesIfNoneMatch(c.req.header('If-None-Match'), file.etag)) return c.body(null, 304);
  c.header('Content-Type', headers.contentType);
  c.header('Content-Length', String(file.size));
  c.header('Content-Disposition', `inline; filename="${headers.filename}"`);
  return c.body(Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>, 200);
}
