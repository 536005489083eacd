import sharp from 'sharp';
import { warpIntoFrame as warp, type RgbaImage } from '../perspective-warp.js';
import { loadOpenCv } from '../opencv.js';
import type { Random } from '../../util/seeded-random.js';

/**
 * Synthetic photographs for measuring identification (`npm run bench:identify`, `egide identify
 * evaluate`), made from real images:
 * - field photos: what a customs officer's phone sees of an object (perspective, rotation, scale,
 *   crop or occlusion, clutter, light, colour, blur, noise, JPEG);
 * - distractors: registry images that are not the references but look like artworks (crops and
 *   mixtures of other real images).
 */

const between = (random: Random, low: number, high: number) => low + random() * (high - low);

export type Raw = RgbaImage;

async function rgba(file: string | Buffer, maxSide?: number): Promise<Raw> {
  let image = sharp(file).rotate();
  if (maxSide) image = image.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function backgroundOf(file: string, width: number, height: number, random: Random): Promise<Raw> {
  const { data } = await sharp(file)
    .resize({ width: Math.round(width * between(random, 1, 1.6)), height: Math.round(height * between(random, 1, 1.6)), fit: 'cover' })
    .resize({ width, height, fit: 'cover', position: random() < 0.5 ? 'entropy' : 'centre' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width, height };
}

export interface FieldPhotoSettings {
  /** Object's long side relative to the photo's long side. */
  scale: number;
  rotationDegrees: number;
  tiltDegrees: number;
  /** Share of the object out of frame or hidden. */
  hidden: number;
  quality: number;
}

export type FieldPhotoRanges = Record<'tiltDegrees' | 'rotationDegrees' | 'scale' | 'hiddenShare' | 'jpegQuality', [number, number]>;

/** The ranges `fieldPhoto` draws each photo's geometry and quality from (the report says them; the accuracy page explains them). */
export const FIELD_PHOTO_RANGES: FieldPhotoRanges = {
  tiltDegrees: [0, 35],
  rotationDegrees: [-25, 25],
  scale: [0.4, 1.2],
  hiddenShare: [0, 0.3],
  jpegQuality: [50, 80],
};

/** A phone photo (1,200 × 900 or 900 × 1,200 JPEG) of the object in `objectFile` (a path or the image's bytes), against `backgroundFile`. */
export async function fieldPhoto(objectFile: string | Buffer, backgroundFile: string, random: Random): Promise<{ jpeg: Buffer; settings: FieldPhotoSettings }> {
  const object = await rgba(objectFile, 1400);
  const portrait = object.height > object.width ? random() < 0.8 : random() < 0.2;
  const [width, height] = portrait ? [900, 1200] : [1200, 900];
  const background = await backgroundOf(backgroundFile, width, height, random);

  const scale = between(random, ...FIELD_PHOTO_RANGES.scale);
  const rotationDegrees = between(random, ...FIELD_PHOTO_RANGES.rotationDegrees);
  const tiltDegrees = between(random, ...FIELD_PHOTO_RANGES.tiltDegrees);
  const quad = projectedQuad(object, { width, height }, scale, rotationDegrees, tiltDegrees, between(random, 0, Math.PI * 2));
  const targetHidden = between(random, ...FIELD_PHOTO_RANGES.hiddenShare);
  const placed = place(quad, width, height, targetHidden, random);
  const warped = await warp(object, placed.quad, width, height);
  const composite = alphaOver(background, warped);
  const occluded = placed.outOfFrame < targetHidden ? occlude(composite, placed.quad, targetHidden - placed.outOfFrame, random) : 0;
  relight(composite, random);
  const quality = Math.round(between(random, ...FIELD_PHOTO_RANGES.jpegQuality));
  let image = sharp(composite.data, { raw: { width, height, channels: 4 } }).removeAlpha();
  const sigma = between(random, 0, 1.6);
  if (sigma >= 0.3) image = image.blur(sigma);
  const jpeg = await image.jpeg({ quality }).toBuffer();
  return { jpeg, settings: { scale, rotationDegrees, tiltDegrees, hidden: placed.outOfFrame + occluded, quality } };
}

type Point = [number, number];

/**
 * Corners of the object seen through a pinhole camera: the plane tilted by `tilt` about an axis at
 * angle `axis`, turned by `rotation`, scaled so its long side is `scale` × the photo's long side.
 */
function projectedQuad(object: Raw, photo: { width: number; height: number }, scale: number, rotationDegrees: number, tiltDegrees: number, axis: number): Point[] {
  const focal = 1.2;
  const half = [object.width / 2, object.height / 2];
  const norm = Math.max(object.width, object.height);
  const tilt = (tiltDegrees * Math.PI) / 180;
  const [ux, uy] = [Math.cos(axis), Math.sin(axis)];
  const corners: Point[] = [
    [-half[0]!, -half[1]!],
    [half[0]!, -half[1]!],
    [half[0]!, half[1]!],
    [-half[0]!, half[1]!],
  ];
  const projected = corners.map(([x, y]) => {
    const [px, py] = [x / norm, y / norm];
    // Rodrigues' rotation of (px, py, 0) about the unit axis (ux, uy, 0).
    const dot = px * ux + py * uy;
    const cos = Math.cos(tilt);
    const sin = Math.sin(tilt);
    const rx = px * cos + ux * dot * (1 - cos);
    const ry = py * cos + uy * dot * (1 - cos);
    const rz = (ux * py - uy * px) * sin;
    const depth = focal + rz;
    return [(rx * focal) / depth, (ry * focal) / depth] as Point;
  });
  const rotation = (rotationDegrees * Math.PI) / 180;
  const turned = projected.map(([x, y]) => [x * Math.cos(rotation) - y * Math.sin(rotation), x * Math.sin(rotation) + y * Math.cos(rotation)] as Point);
  const xs = turned.map(([x]) => x);
  const ys = turned.map(([, y]) => y);
  const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  const factor = (scale * Math.max(photo.width, photo.height)) / extent;
  return turned.map(([x, y]) => [x * factor, y * factor]);
}

/** Moves the object so that about `hidden` of it falls out of frame (never more). */
function place(quad: Point[], width: number, height: number, hidden: number, random: Random): { quad: Point[]; outOfFrame: number } {
  let best = { quad, outOfFrame: 1 };
  for (let attempt = 0; attempt < 40; attempt++) {
    const spread = attempt < 20 ? 0.6 : 0.2;
    const centre: Point = [width / 2 + between(random, -spread, spread) * width * 0.5, height / 2 + between(random, -spread, spread) * height * 0.5];
    const moved = quad.map(([x, y]) => [x + centre[0], y + centre[1]] as Point);
    const outOfFrame = 1 - polygonArea(clip(moved, width, height)) / polygonArea(moved);
    if (outOfFrame <= hidden + 1e-9 && (best.outOfFrame > hidden || outOfFrame > best.outOfFrame)) best = { quad: moved, outOfFrame };
    if (best.outOfFrame <= hidden && best.outOfFrame > hidden * 0.7) break;
  }
  if (best.outOfFrame > hidden) {
    // Too big to fit: centre it and shrink until it does.
    let shrink = 1;
    let moved: Point[];
    let outOfFrame: number;
    do {
      moved = quad.map(([x, y]) => [x * shrink + width / 2, y * shrink + height / 2] as Point);
      outOfFrame = 1 - polygonArea(clip(moved, width, height)) / polygonArea(moved);
      shrink *= 0.95;
    } while (outOfFrame > Math.max(hidden, 0.0001) && shrink > 0.1);
    best = { quad: moved, outOfFrame };
  }
  return best;
}

function polygonArea(points: Point[]): number {
  let area = 0;
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i]!;
    const [bx, by] = points[(i + 1) % points.length]!;
    area += ax * by - bx * ay;
  }
  return Math.abs(area) / 2;
}

/** Sutherland–Hodgman clipping of a polygon to the frame. */
function clip(points: Point[], width: number, height: number): Point[] {
  const edges: Array<[(p: Point) => boolean, (a: Point, b: Point) => Point]> = [
    [([x]) => x >= 0, (a, b) => lerp(a, b, (0 - a[0]) / (b[0] - a[0]))],
    [([x]) => x <= width, (a, b) => lerp(a, b, (width - a[0]) / (b[0] - a[0]))],
    [([, y]) => y >= 0, (a, b) => lerp(a, b, (0 - a[1]) / (b[1] - a[1]))],
    [([, y]) => y <= height, (a, b) => lerp(a, b, (height - a[1]) / (b[1] - a[1]))],
  ];
  let output = points;
  for (const [inside, cross] of edges) {
    const input = output;
    output = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i]!;
      const previous = input[(i + input.length - 1) % input.length]!;
      if (inside(current)) {
        if (!inside(previous)) output.push(cross(previous, current));
        output.push(current);
      } else if (inside(previous)) output.push(cross(previous, current));
    }
  }
  return output;
}

const lerp = (a: Point, b: Point, t: number): Point => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

function alphaOver(background: Raw, overlay: Raw): Raw {
  const data = Buffer.from(background.data);
  for (let p = 0; p < data.length; p += 4) {
    const alpha = overlay.data[p + 3]! / 255;
    if (alpha === 0) continue;
    for (let c = 0; c < 3; c++) data[p + c] = Math.round(overlay.data[p + c]! * alpha + data[p + c]! * (1 - alpha));
    data[p + 3] = 255;
  }
  return { data, width: background.width, height: background.height };
}

/** Hides about `share` of the object behind a flat-coloured rectangle (a hand, a label, another object). */
function occlude(image: Raw, quad: Point[], share: number, random: Random): number {
  const xs = quad.map(([x]) => x);
  const ys = quad.map(([, y]) => y);
  const [minX, maxX, minY, maxY] = [Math.max(0, Math.min(...xs)), Math.min(image.width, Math.max(...xs)), Math.max(0, Math.min(...ys)), Math.min(image.height, Math.max(...ys))];
  const area = share * polygonArea(clip(quad, image.width, image.height));
  const aspect = between(random, 0.5, 2);
  const w = Math.min(maxX - minX, Math.sqrt(area * aspect));
  const h = Math.min(maxY - minY, area / w);
  const x0 = Math.round(minX + random() * (maxX - minX - w));
  const y0 = Math.round(minY + random() * (maxY - minY - h));
  const colour = [random() * 255, random() * 255, random() * 255];
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const p = (y * image.width + x) * 4;
      for (let c = 0; c < 3; c++) image.data[p + c] = colour[c]!;
    }
  }
  return (w * h) / polygonArea(quad);
}

/** Exposure, contrast, gamma, white balance and sensor noise. */
function relight(image: Raw, random: Random, maxNoise = 8): void {
  const gain = between(random, 0.6, 1.35);
  const offset = between(random, -30, 30);
  const gamma = between(random, 0.65, 1.5);
  const balance = [between(random, 0.85, 1.15), between(random, 0.85, 1.15), between(random, 0.85, 1.15)];
  const noise = between(random, 0, maxNoise);
  const tables = balance.map((channel) =>
    Uint8ClampedArray.from({ length: 256 }, (_, v) => 255 * Math.max(0, Math.min(1, (v * gain + offset) / 255)) ** gamma * channel),
  );
  // Drawing three random numbers per sample is the slowest part: reuse a table of noise read from a random start.
  const jitters = Float32Array.from({ length: 65521 }, () => (random() + random() + random() - 1.5) * noise * 1.4);
  let j = Math.floor(random() * jitters.length);
  for (let p = 0; p < image.data.length; p += 4) {
    for (let c = 0; c < 3; c++) {
      image.data[p + c] = Math.max(0, Math.min(255, tables[c]![image.data[p + c]!]! + jitters[j]!));
      j = j + 1 === jitters.length ? 0 : j + 1;
    }
  }
}

/** Source images decoded once per thread (100,000 distractors are cut from a few dozen images). */
const decoded = new Map<string, Promise<Raw>>();
const decodedSource = (file: string) => {
  let raw = decoded.get(file);
  if (!raw) decoded.set(file, (raw = rgba(file, 1100)));
  return raw;
};

/**
 * A registry image that is none of the references but looks like one: a crop of another real image,
 * or a mixture of two to four, turned, flipped and relit, as RGBA pixels (`longSide` px on the long side).
 */
export async function distractor(sources: readonly string[], random: Random, longSide = 800): Promise<Raw> {
  const { cv } = await loadOpenCv();
  const pieces = random() < 0.4 ? 1 : 2 + Math.floor(random() * 3);
  const portrait = random() < 0.5;
  const shortSide = Math.round(longSide * between(random, 0.6, 1));
  const [width, height] = portrait ? [shortSide, longSide] : [longSide, shortSide];
  const canvas: Raw = { data: Buffer.alloc(width * height * 4, 255), width, height };
  for (let piece = 0; piece < pieces; piece++) {
    const source = await decodedSource(sources[Math.floor(random() * sources.length)]!);
    const share = between(random, pieces === 1 ? 0.35 : 0.2, pieces === 1 ? 0.9 : 0.7);
    const [cw, ch] = [Math.max(32, source.width * share), Math.max(32, source.height * share)];
    const [cx, cy] = [cw / 2 + random() * (source.width - cw), ch / 2 + random() * (source.height - ch)];
    const [tw, th] = pieces === 1 ? [width, height] : [Math.round(width * between(random, 0.4, 0.8)), Math.round(height * between(random, 0.4, 0.8))];
    // One affine warp crops, scales to the piece's size, turns (±15°) and maybe mirrors.
    const angle = (between(random, -15, 15) * Math.PI) / 180;
    const mirror = random() < 0.3 ? -1 : 1;
    const [sx, sy] = [(mirror * tw) / cw, th / ch];
    const [a, b, c, d] = [Math.cos(angle) * sx, -Math.sin(angle) * sy, Math.sin(angle) * sx, Math.cos(angle) * sy];
    const transform = cv.matFromArray(2, 3, cv.CV_64FC1, [a, b, tw / 2 - (a * cx + b * cy), c, d, th / 2 - (c * cx + d * cy)]);
    const from = cv.matFromArray(source.height, source.width, cv.CV_8UC4, source.data);
    const to = new cv.Mat();
    try {
      cv.warpAffine(from, to, transform, new cv.Size(tw, th), cv.INTER_LINEAR, cv.BORDER_CONSTANT, new cv.Scalar(255, 255, 255, 255));
      const x0 = pieces === 1 ? 0 : Math.floor(random() * (width - tw));
      const y0 = pieces === 1 ? 0 : Math.floor(random() * (height - th));
      const pixels = Buffer.from(to.data.buffer, to.data.byteOffset, to.data.byteLength);
      for (let y = 0; y < th; y++) pixels.copy(canvas.data, ((y0 + y) * width + x0) * 4, y * tw * 4, (y + 1) * tw * 4);
    } finally {
      transform.delete();
      from.delete();
      to.delete();
    }
  }
  relight(canvas, random, 2); // registry photos are taken with care: little sensor noise
  return canvas;
}

/** The distractor as a registrar would upload it. */
export function asJpeg(image: Raw): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } }).removeAlpha().jpeg({ quality: 85 }).toBuffer();
}
