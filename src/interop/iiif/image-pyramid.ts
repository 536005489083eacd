/**
 * Rendering IIIF requests from a pyramid: the original, oriented and in sRGB, stored once as a tiled
 * pyramidal TIFF (256 px JPEG tiles, each level half the previous one). A request then decodes only
 * the few tiles of the one level nearest above its scale, instead of a whole 6,000 px JPEG.
 */
import sharp from 'sharp';
import { MAX_PHOTO_PIXELS } from '../../registry/photos/photo-image.js';
import type { ResolvedRequest } from './image-request.js';

/** One level of a pyramid: its page in the TIFF and its size. Level 0 is the full image. */
export interface PyramidLevel {
  page: number;
  width: number;
  height: number;
}

const TIFF_TILE = 256;

/** Writes the pyramid of an original photo to `path`: EXIF orientation applied, transparency on white (as the display image). */
export async function buildPyramid(original: Buffer, path: string): Promise<void> {
  await sharp(original, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error' })
    .rotate()
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .tiff({ tile: true, tileWidth: TIFF_TILE, tileHeight: TIFF_TILE, pyramid: true, compression: 'jpeg', quality: 90 })
    .toFile(path);
}

/** The levels of a pyramid as libvips wrote them (it halves with rounding down, until a level fits in a tile). */
export async function pyramidLevels(path: string): Promise<PyramidLevel[]> {
  const { pages = 1 } = await sharp(path).metadata();
  const levels: PyramidLevel[] = [];
  for (let page = 0; page < pages; page += 1) {
    const { width, height } = await sharp(path, { page }).metadata();
    levels.push({ page, width, height });
  }
  return levels;
}

/**
 * The smallest level that still has at least as many pixels across the region as the output needs,
 * so that the image is only ever scaled down from it.
 */
function levelFor(levels: readonly PyramidLevel[], request: Pick<ResolvedRequest, 'region' | 'width' | 'height'>): PyramidLevel {
  const full = levels[0]!;
  let chosen = full;
  for (const level of levels) {
    const across = (request.region.w * level.width) / full.width;
    const down = (request.region.h * level.height) / full.height;
    if (across >= request.width - 1e-6 && down >= request.height - 1e-6) chosen = level;
  }
  return chosen;
}

/** The image a resolved request asks for, from the pyramid at `path`. */
export async function renderFromPyramid(path: string, levels: readonly PyramidLevel[], request: ResolvedRequest): Promise<Buffer> {
  const full = levels[0]!;
  const level = levelFor(levels, request);
  const sx = level.width / full.width;
  const sy = level.height / full.height;
  const left = Math.floor(request.region.x * sx);
  const top = Math.floor(request.region.y * sy);
  const width = Math.max(1, Math.min(level.width, Math.ceil((request.region.x + request.region.w) * sx)) - left);
  const height = Math.max(1, Math.min(level.height, Math.ceil((request.region.y + request.region.h) * sy)) - top);

  let image = sharp(path, { page: level.page, failOn: 'error', limitInputPixels: MAX_PHOTO_PIXELS }).extract({ left, top, width, height });
  if (width !== request.width || height !== request.height) image = image.resize(request.width, request.height, { fit: 'fill' });
  // Region, size, then mirror and rotation (IIIF order): sharp applies flop and rotate to the resized image when called after resize.
  if (request.mirror) image = image.flop();
  if (request.rotation !== 0) image = image.rotate(request.rotation);
  // One channel instead of three identical ones (sharp keeps sRGB otherwise).
  if (request.quality === 'gray') image = image.toColourspace('b-w');
  if (request.quality === 'bitonal') image = image.threshold(128).toColourspace('b-w');
  switch (request.format) {
    case 'jpg':
      return image.jpeg({ quality: 85 }).toBuffer();
    case 'png':
      return image.png().toBuffer();
    case 'webp':
      return image.webp({ quality: 80 }).toBuffer();
  }
}
