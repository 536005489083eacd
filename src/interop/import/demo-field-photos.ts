/**
 * Ready "field photos" of the demo's alert objects: what a customs officer's phone might take of
 * them — from another angle, on a cluttered table, under other light — so that a newcomer can try
 * identification at once. Made from the registered photos, the same bytes on every run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { warpIntoFrame as warp, type RgbaImage } from '../../identify/perspective-warp.js';
import { DEMO_PHOTO_WORKS, workImagePath, workKey, type DemoPhotoWork } from './demo-photo-catalogue.js';
import { wallpapersFolder } from './demo-photos.js';

const FIELD_PHOTO_FOLDER = 'demo-field-photos';

type Variant = 'angle' | 'table' | 'light';

interface FieldPhotoRecipe {
  /** The work photographed (`source-id`), one of DEMO_ALERT_WORKS. */
  work: string;
  variant: Variant;
}

const DEMO_FIELD_PHOTO_RECIPES: readonly FieldPhotoRecipe[] = [
  { work: 'met-436525', variant: 'angle' },
  { work: 'nmk-638', variant: 'table' },
  { work: 'nmk-330', variant: 'light' },
  { work: 'met-53449', variant: 'table' },
];

export interface DemoFieldPhoto {
  path: string;
  work: DemoPhotoWork;
  variant: Variant;
}

type Rgba = RgbaImage;

const FRAME_LONG_SIDE = 1280;
const FRAME_SHORT_SIDE = 960;

async function decode(file: string, longSide: number): Promise<Rgba> {
  const { data, info } = await sharp(file)
    .resize({ width: longSide, height: longSide, fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A frame of the object's orientation (a phone held upright for an upright object). */
function frameFor(object: Rgba): { width: number; height: number } {
  return object.height > object.width ? { width: FRAME_SHORT_SIDE, height: FRAME_LONG_SIDE } : { width: FRAME_LONG_SIDE, height: FRAME_SHORT_SIDE };
}

/** A hash of a point to [0, 1): deterministic grain without a random generator. */
function grain(x: number, y: number): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/**
 * A wooden table with things on it: grain in warm browns, a sheet of paper, a dark mug seen from
 * above and a blue cloth, so that the engine has clutter to ignore around the object.
 */
function table(width: number, height: number): Rgba {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Boards 160 px wide, each with its own tone, fine grain along them and a slow sway.
      const board = Math.floor(x / 160);
      const along = x + Math.sin(y * 0.006 + board * 1.7) * 6;
      const stripe = Math.sin(along * 0.21 + grain(board, 0) * 6) * 0.5 + 0.5;
      const seam = x % 160 < 2 ? -0.35 : 0;
      const noise = grain(x, y) * 0.12 + grain(Math.floor(along / 3), y >> 6) * 0.18;
      const shade = 0.62 + grain(board, 1) * 0.18 + stripe * 0.12 + noise + seam;
      const p = (y * width + x) * 4;
      data[p] = Math.min(255, 150 * shade);
      data[p + 1] = Math.min(255, 100 * shade);
      data[p + 2] = Math.min(255, 60 * shade);
      data[p + 3] = 255;
    }
  }
  const fill = (inside: (x: number, y: number) => boolean, colour: (x: number, y: number) => [number, number, number]) => {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (!inside(x, y)) continue;
        const p = (y * width + x) * 4;
        const [r, g, b] = colour(x, y);
        data[p] = r;
        data[p + 1] = g;
        data[p + 2] = b;
      }
    }
  };
  // A sheet of paper with ruled lines, top left.
  fill(
    (x, y) => x > width * 0.03 && x < width * 0.3 && y > height * 0.04 && y < height * 0.3,
    (_x, y) => (y % 18 < 2 ? [170, 180, 205] : [236, 233, 224]),
  );
  // A mug from above, bottom right.
  const [cx, cy, r] = [width * 0.86, height * 0.84, Math.min(width, height) * 0.1];
  fill(
    (x, y) => (x - cx) ** 2 + (y - cy) ** 2 < r * r,
    (x, y) => ((x - cx) ** 2 + (y - cy) ** 2 < (r * 0.78) ** 2 ? [52, 30, 18] : [214, 214, 210]),
  );
  // A folded blue cloth, bottom left.
  fill(
    (x, y) => x < width * 0.22 && y > height * 0.72 && y - height * 0.72 > (x - width * 0.22) * -0.4,
    (x, y) => (Math.floor((x + y) / 12) % 2 === 0 ? [40, 70, 140] : [60, 95, 170]),
  );
  return { data, width, height };
}

/** A plain wall, lit from the left. */
function wall(width: number, height: number): Rgba {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const light = 0.95 - (x / width) * 0.3 + grain(x, y) * 0.05;
      const p = (y * width + x) * 4;
      data[p] = 222 * light;
      data[p + 1] = 216 * light;
      data[p + 2] = 204 * light;
      data[p + 3] = 255;
    }
  }
  return { data, width, height };
}

type Quad = [[number, number], [number, number], [number, number], [number, number]];

/** Corners of the object, `scale` of the frame, centred, turned by `degrees` and seen `tilt` (0–1) from its right. */
function placement(object: Rgba, frame: { width: number; height: number }, scale: number, degrees: number, tilt: number): Quad {
  const fit = Math.min((frame.width * scale) / object.width, (frame.height * scale) / object.height);
  const [w, h] = [object.width * fit, object.height * fit];
  // The far (right) edge looks shorter and narrower, as when walking past a picture.
  const corners: Array<[number, number]> = [
    [-w / 2, -h / 2],
    [w / 2 - w * tilt * 0.35, -h / 2 + h * tilt * 0.12],
    [w / 2 - w * tilt * 0.35, h / 2 - h * tilt * 0.12],
    [-w / 2, h / 2],
  ];
  const angle = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  return corners.map(([x, y]) => [frame.width / 2 + x * cos - y * sin, frame.height / 2 + x * sin + y * cos]) as Quad;
}

/** How each kind of field photo is taken: where the object is, how it is held, the light and the phone's JPEG quality. */
const SCENES: Record<Variant, { background: (width: number, height: number) => Rgba; scale: number; degrees: number; tilt: number; light: (image: Sharp) => Sharp; quality: number }> = {
  // Walking past the picture on a wall: a strong perspective.
  angle: { background: wall, scale: 0.86, degrees: -4, tilt: 0.55, light: (image) => image.linear(0.9, 12).blur(0.5), quality: 72 },
  // Smaller, turned, among things on a table.
  table: { background: table, scale: 0.58, degrees: 9, tilt: 0.15, light: (image) => image.modulate({ brightness: 1.06 }).linear([1.0, 0.98, 1.06], [0, 0, 4]).blur(0.6), quality: 72 },
  // A dim, warm room and a slightly shaken phone.
  light: { background: wall, scale: 0.8, degrees: 3, tilt: 0.1, light: (image) => image.modulate({ brightness: 0.72, saturation: 0.8 }).linear([1.12, 1.0, 0.78], [10, 4, -6]).blur(1.1), quality: 62 },
};

/** One field photo as JPEG bytes. */
async function fieldPhoto(imageFile: string, variant: Variant): Promise<Buffer> {
  const scene = SCENES[variant];
  const object = await decode(imageFile, 1100);
  const { width, height } = frameFor(object);
  const layer = await warp(object, placement(object, { width, height }, scene.scale, scene.degrees, scene.tilt), width, height);
  const composed = await sharp(scene.background(width, height).data, { raw: { width, height, channels: 4 } })
    .composite([{ input: layer.data, raw: { width, height, channels: 4 } }])
    .raw()
    .toBuffer();
  // Lit once composed: the light is that of the whole scene, not of the layers; then a phone's recompression.
  return scene.light(sharp(composed, { raw: { width, height, channels: 4 } }).removeAlpha()).jpeg({ quality: scene.quality }).toBuffer();
}

/** Writes the field photos into `<dataDir>/demo-field-photos/` (replacing any there) and lists them. */
export async function writeDemoFieldPhotos(dataDir: string, packageFolder = wallpapersFolder()): Promise<DemoFieldPhoto[]> {
  const folder = join(dataDir, FIELD_PHOTO_FOLDER);
  await mkdir(folder, { recursive: true });
  const written: DemoFieldPhoto[] = [];
  for (const recipe of DEMO_FIELD_PHOTO_RECIPES) {
    const work = DEMO_PHOTO_WORKS.find((candidate) => workKey(candidate) === recipe.work);
    if (!work) throw new Error(`The demo field photo of ${recipe.work} names no work of the demo catalogue.`);
    const path = join(folder, `${recipe.work}-${recipe.variant}.jpg`);
    await writeFile(path, await fieldPhoto(join(packageFolder, workImagePath(work)), recipe.variant));
    written.push({ path, work, variant: recipe.variant });
  }
  return written;
}
