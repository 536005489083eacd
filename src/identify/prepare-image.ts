import sharp from 'sharp';
import { invalid } from '../errors.js';
import { inspectImage } from '../registry/photos/photo-image.js';
import type { PreparedImage } from './features.js';

/** Smaller than this on either side, a photo cannot show enough of an object to identify it. */
export const MIN_IDENTIFY_SIDE = 64;
/**
 * Field photos are downscaled, never refused for their size: JPEG decoding shrinks on load, so even
 * a panorama costs little. Beyond this, libvips refuses to decode (a decompression bomb).
 */
export const MAX_IDENTIFY_PIXELS = 268_402_689;

export const TOO_SMALL_TO_IDENTIFY = `The photo is too small to identify anything: it needs at least ${MIN_IDENTIFY_SIDE} pixels on each side.`;

/**
 * Decodes a photo (its first frame if animated or multi-page), applies its EXIF orientation and
 * downscales it to at most `maxSide` pixels on the long side. Throws DomainError 'invalid' with a
 * message for the person who sent it when it is not an image or is too small.
 */
export async function prepareImage(bytes: Buffer, maxSide: number, filename = ''): Promise<PreparedImage> {
  const inspected = await inspectImage(bytes, filename, { maxPixels: MAX_IDENTIFY_PIXELS });
  if (Math.min(inspected.width, inspected.height) < MIN_IDENTIFY_SIDE) throw invalid(TOO_SMALL_TO_IDENTIFY, [{ field: 'photo', message: 'too small' }], 'photo.too-small');
  const { data, info } = await sharp(bytes, { limitInputPixels: MAX_IDENTIFY_PIXELS, failOn: 'error' })
    .rotate()
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch(() => {
      throw invalid('The photo could not be read to the end: the file seems damaged or truncated.', [{ field: 'photo', message: 'damaged' }], 'photo.damaged');
    });
  const rgb = new Uint8Array(data.buffer, data.byteOffset, data.length);
  return { width: info.width, height: info.height, rgb, gray: grayOf(rgb, info.channels) };
}

/** Luma (ITU-R BT.601), as OpenCV's RGB→grey conversion computes it. */
export function grayOf(pixels: Uint8Array, channels: number): Uint8Array {
  const gray = new Uint8Array(pixels.length / channels);
  for (let i = 0, p = 0; i < gray.length; i++, p += channels) {
    gray[i] = (pixels[p]! * 299 + pixels[p + 1]! * 587 + pixels[p + 2]! * 114 + 500) / 1000;
  }
  return gray;
}
