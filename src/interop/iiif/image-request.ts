/**
 * IIIF Image API 3.0 requests (https://iiif.io/api/image/3.0/#4-image-requests):
 * `{region}/{size}/{rotation}/{quality}.{format}`, parsed without the image (syntax: 400), then
 * resolved against its size (out of bounds, upscaling without `^`, beyond the server's limits: 400).
 * The resolved request carries its canonical form (§4.7), which names the rendered file in the cache.
 */
import { invalid } from '../../errors.js';

type Quality = 'default' | 'color' | 'gray' | 'bitonal';
type Format = 'jpg' | 'png' | 'webp';

const QUALITIES: readonly Quality[] = ['default', 'color', 'gray', 'bitonal'];
export const FORMATS: Record<Format, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** The largest image the server renders: WebP cannot encode more than 16,383 px a side, and 40 megapixels is already 120 MB of pixels. */
export const LIMITS = { maxWidth: 10_000, maxHeight: 10_000, maxArea: 40_000_000 } as const;

type Region = { kind: 'full' } | { kind: 'square' } | { kind: 'pixels' | 'percent'; x: number; y: number; w: number; h: number };

type Size = { upscale: boolean } & (
  | { kind: 'max' }
  | { kind: 'width'; w: number }
  | { kind: 'height'; h: number }
  | { kind: 'percent'; n: number }
  | { kind: 'exact' | 'confined'; w: number; h: number }
);

export interface ImageRequest {
  region: Region;
  size: Size;
  mirror: boolean;
  /** Clockwise, after mirroring. */
  rotation: 0 | 90 | 180 | 270;
  quality: Quality;
  format: Format;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ResolvedRequest {
  /** In pixels of the full image. */
  region: Box;
  /** The size the region is scaled to, before rotation. */
  width: number;
  height: number;
  mirror: boolean;
  rotation: 0 | 90 | 180 | 270;
  quality: Quality;
  format: Format;
  /** `{region}/{size}/{rotation}/{quality}.{format}` in canonical form: equivalent requests share it. */
  canonical: string;
}

const INTEGER = String.raw`(\d+)`;
const DECIMAL = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const PIXEL_REGION = new RegExp(`^${INTEGER},${INTEGER},${INTEGER},${INTEGER}$`);
const PERCENT_REGION = new RegExp(`^pct:${DECIMAL},${DECIMAL},${DECIMAL},${DECIMAL}$`);
const WIDTH = new RegExp(`^${INTEGER},$`);
const HEIGHT = new RegExp(`^,${INTEGER}$`);
const PERCENT_SIZE = new RegExp(`^pct:${DECIMAL}$`);
const EXACT = new RegExp(`^${INTEGER},${INTEGER}$`);
const CONFINED = new RegExp(`^!${INTEGER},${INTEGER}$`);
const ROTATION = new RegExp(`^(!?)${DECIMAL}$`);

const bad = (field: string, message: string) => invalid(`Invalid IIIF image request: ${message}`, [{ field, message }]);

/** Parses the four path segments after the identifier; throws DomainError 'invalid' naming the faulty one. */
export function parseImageRequest(region: string, size: string, rotation: string, qualityFormat: string): ImageRequest {
  const dot = qualityFormat.lastIndexOf('.');
  const quality = dot > 0 ? qualityFormat.slice(0, dot) : qualityFormat;
  const format = dot > 0 ? qualityFormat.slice(dot + 1) : '';
  if (!(QUALITIES as readonly string[]).includes(quality)) throw bad('quality', `quality "${quality}" is not one of ${QUALITIES.join(', ')}.`);
  if (!Object.hasOwn(FORMATS, format)) throw bad('format', `format "${format}" is not one of ${Object.keys(FORMATS).join(', ')}.`);
  return { region: parseRegion(region), size: parseSize(size), ...parseRotation(rotation), quality: quality as Quality, format: format as Format };
}

function parseRegion(text: string): Region {
  if (text === 'full' || text === 'square') return { kind: text };
  const pixels = PIXEL_REGION.exec(text);
  const percent = pixels ? null : PERCENT_REGION.exec(text);
  const match = pixels ?? percent;
  if (!match) throw bad('region', `region "${text}" is not full, square, x,y,w,h or pct:x,y,w,h.`);
  const [x, y, w, h] = match.slice(1).map(Number) as [number, number, number, number];
  if (w <= 0 || h <= 0) throw bad('region', `region "${text}" has no width or no height.`);
  return { kind: pixels ? 'pixels' : 'percent', x, y, w, h };
}

function parseSize(text: string): Size {
  const upscale = text.startsWith('^');
  const body = upscale ? text.slice(1) : text;
  const positive = (value: string | undefined) => {
    const n = Number(value);
    if (!(n > 0)) throw bad('size', `size "${text}" asks for an empty image.`);
    return n;
  };
  let match: RegExpExecArray | null;
  if (body === 'max') return { upscale, kind: 'max' };
  if ((match = WIDTH.exec(body))) return { upscale, kind: 'width', w: positive(match[1]) };
  if ((match = HEIGHT.exec(body))) return { upscale, kind: 'height', h: positive(match[1]) };
  if ((match = PERCENT_SIZE.exec(body))) {
    const n = positive(match[1]);
    if (n > 100 && !upscale) throw bad('size', `size "${text}" is larger than the region: enlarging needs "^" (^pct:${match[1]}).`);
    return { upscale, kind: 'percent', n };
  }
  if ((match = EXACT.exec(body))) return { upscale, kind: 'exact', w: positive(match[1]), h: positive(match[2]) };
  if ((match = CONFINED.exec(body))) return { upscale, kind: 'confined', w: positive(match[1]), h: positive(match[2]) };
  throw bad('size', `size "${text}" is not max, w,, ,h, pct:n, w,h or !w,h (each optionally after ^).`);
}

function parseRotation(text: string): Pick<ImageRequest, 'mirror' | 'rotation'> {
  const match = ROTATION.exec(text);
  if (!match) throw bad('rotation', `rotation "${text}" is not a number of degrees from 0 to 360, optionally after "!".`);
  const degrees = Number(match[2]);
  if (degrees > 360) throw bad('rotation', `rotation "${text}" is more than 360 degrees.`);
  if (degrees % 90 !== 0) throw bad('rotation', `rotation "${text}" is not supported: only 0, 90, 180 and 270 degrees are.`);
  return { mirror: match[1] === '!', rotation: (degrees % 360) as 0 | 90 | 180 | 270 };
}

/** The request against an image of this size: the region in pixels, the output size, the canonical form. */
export function resolveImageRequest(request: ImageRequest, image: { width: number; height: number }): ResolvedRequest {
  const region = resolveRegion(request.region, image);
  const { width, height } = resolveSize(request.size, region);
  const full = region.x === 0 && region.y === 0 && region.w === image.width && region.h === image.height;
  const enlarged = width > region.w || height > region.h;
  const canonical = [
    full ? 'full' : `${region.x},${region.y},${region.w},${region.h}`,
    width === region.w && height === region.h ? 'max' : `${enlarged ? '^' : ''}${width},${height}`,
    `${request.mirror ? '!' : ''}${request.rotation}`,
    `${request.quality}.${request.format}`,
  ].join('/');
  return { region, width, height, mirror: request.mirror, rotation: request.rotation, quality: request.quality, format: request.format, canonical };
}

function resolveRegion(region: Region, image: { width: number; height: number }): Box {
  const { width: W, height: H } = image;
  switch (region.kind) {
    case 'full':
      return { x: 0, y: 0, w: W, h: H };
    case 'square': {
      const side = Math.min(W, H);
      return { x: Math.floor((W - side) / 2), y: Math.floor((H - side) / 2), w: side, h: side };
    }
    case 'pixels':
    case 'percent': {
      const [sx, sy] = region.kind === 'percent' ? [W / 100, H / 100] : [1, 1];
      const x = Math.round(region.x * sx);
      const y = Math.round(region.y * sy);
      const right = Math.min(W, Math.round((region.x + region.w) * sx));
      const bottom = Math.min(H, Math.round((region.y + region.h) * sy));
      if (x >= W || y >= H) throw bad('region', `the region starts outside the image, which is ${W} × ${H} pixels.`);
      if (right <= x || bottom <= y) throw bad('region', 'the region is smaller than one pixel.');
      return { x, y, w: right - x, h: bottom - y };
    }
  }
}

function resolveSize(size: Size, region: Box): { width: number; height: number } {
  const { w: rw, h: rh } = region;
  /**
   * The region scaled by `scale`, and no further than the server's limits allow (aspect ratio kept).
   * The epsilon keeps `rw * (w / rw)` from flooring to w - 1.
   */
  const fitted = (scale: number) => {
    const s = Math.min(scale, LIMITS.maxWidth / rw, LIMITS.maxHeight / rh, Math.sqrt(LIMITS.maxArea / (rw * rh)));
    return { width: Math.max(1, Math.floor(rw * s + 1e-9)), height: Math.max(1, Math.floor(rh * s + 1e-9)) };
  };
  let result: { width: number; height: number };
  switch (size.kind) {
    case 'max':
      return fitted(size.upscale ? Infinity : 1);
    case 'confined': {
      // Best fit within w × h. Without ^ the fit must not enlarge the region (Image API 3.0 §4.2, and
      // the official validator's "!2000,3000" on its 1000 × 1000 image): a larger box is a 400.
      const scale = Math.min(size.w / rw, size.h / rh);
      if (scale > 1 && !size.upscale) {
        throw bad('size', `!${size.w},${size.h} would enlarge the ${rw} × ${rh} region: enlarging needs "^" (^!${size.w},${size.h}), or ask for max.`);
      }
      return fitted(scale);
    }
    case 'width':
      result = { width: size.w, height: Math.max(1, Math.round((rh * size.w) / rw)) };
      break;
    case 'height':
      result = { width: Math.max(1, Math.round((rw * size.h) / rh)), height: size.h };
      break;
    case 'percent':
      result = { width: Math.round((rw * size.n) / 100), height: Math.round((rh * size.n) / 100) };
      if (result.width < 1 || result.height < 1) throw bad('size', `pct:${size.n} of a ${rw} × ${rh} region is smaller than one pixel.`);
      break;
    case 'exact':
      result = { width: size.w, height: size.h };
      break;
  }
  if (!size.upscale && (result.width > rw || result.height > rh)) {
    throw bad('size', `${result.width} × ${result.height} is larger than the ${rw} × ${rh} region: enlarging needs "^" before the size.`);
  }
  if (result.width > LIMITS.maxWidth || result.height > LIMITS.maxHeight || result.width * result.height > LIMITS.maxArea) {
    throw bad('size', `${result.width} × ${result.height} is larger than this server renders (${LIMITS.maxWidth} × ${LIMITS.maxHeight}, ${LIMITS.maxArea / 1_000_000} megapixels).`);
  }
  return result;
}
