import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { invalid } from '../../errors.js';

/** Above this many pixels an upload is refused before decoding: a small file can expand to gigabytes (decompression bomb). */
export const MAX_PHOTO_PIXELS = 80_000_000;
/** The largest original accepted, in bytes (the upload route allows this much plus the multipart envelope). */
export const MAX_PHOTO_BYTES = 40 * 1000 * 1000;
export const DISPLAY_MAX_SIDE = 1600;
export const THUMBNAIL_MAX_SIDE = 400;

export const NOT_AN_IMAGE = 'This file is not an image Egide can read (JPEG, PNG, WebP, TIFF or AVIF).';
export const HEIC_NOT_DECODABLE = 'HEIC photos cannot be decoded here: export the photo as JPEG and upload it again.';
export const DAMAGED_IMAGE = 'The image could not be read to the end: the file seems damaged or truncated. Export it again and upload the new file.';

export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'avif';

const FORMATS: Record<PhotoFormat, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
  tiff: { mime: 'image/tiff', ext: 'tif' },
  avif: { mime: 'image/avif', ext: 'avif' },
};

/** The extension originals of each MIME type are stored with. */
/** The digest a photo is known by (stored with it, compared by imports so an image is attached once). */
export function photoDigest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function extensionOf(mime: string): string {
  return Object.values(FORMATS).find((format) => format.mime === mime)?.ext ?? 'bin';
}

/**
 * The original at full size for those not entitled to its metadata (the public, other organisations):
 * in the original's format, EXIF orientation applied, pixels in sRGB, and no EXIF, XMP, IPTC, ICC
 * profile or comment left — sharp writes none of them unless asked to keep them. Lossless formats
 * stay lossless; JPEG, WebP and AVIF are encoded again at a quality where the difference is not seen.
 */
export async function strippedOriginal(original: Buffer, mime: string): Promise<Buffer> {
  const image = sharp(original, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error' }).rotate();
  switch (mime) {
    case FORMATS.png.mime:
      return image.png().toBuffer();
    case FORMATS.webp.mime:
      return image.webp({ quality: 92 }).toBuffer();
    case FORMATS.tiff.mime:
      return image.tiff({ compression: 'lzw' }).toBuffer();
    case FORMATS.avif.mime:
      return image.avif({ quality: 80 }).toBuffer();
    default:
      return image.jpeg({ quality: 92 }).toBuffer();
  }
}

export interface InspectedImage {
  format: PhotoFormat;
  mime: string;
  ext: string;
  /** As displayed, i.e. after the EXIF orientation is applied. */
  width: number;
  height: number;
}

export interface DerivedImages {
  /** JPEG, at most DISPLAY_MAX_SIDE on the long side, oriented, without metadata. */
  display: Buffer;
  /** WebP, at most THUMBNAIL_MAX_SIDE on the long side, oriented, without metadata. */
  thumbnail: Buffer;
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

type Sniffed = Exclude<PhotoFormat, 'avif'> | 'avif' | 'heic' | 'heif';

/**
 * What the first bytes say the file is. Only these containers reach the decoders, so that an SVG,
 * PDF or anything else libvips could open never gets parsed.
 */
function sniff(bytes: Buffer): Sniffed | null {
  const ascii = (start: number, end: number) => bytes.subarray(start, end).toString('latin1');
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (bytes.length >= 4 && ['II*\0', 'MM\0*', 'II+\0', 'MM\0+'].includes(ascii(0, 4))) return 'tiff';
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp') {
    const boxSize = Math.min(bytes.readUInt32BE(0), bytes.length);
    const brands = [ascii(8, 12)];
    for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(offset, offset + 4));
    if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
    if (brands.some((brand) => HEIC_BRANDS.has(brand))) return 'heic';
    if (brands.includes('mif1') || brands.includes('msf1')) return 'heif';
  }
  return null;
}

const looksLikeHeic = (filename: string) => /\.(heic|heif|hif)$/i.test(filename.trim());

/**
 * Reads the header of an upload and says which accepted format it is, with its displayed size;
 * refuses (DomainError 'invalid') anything else with a message the uploader can act on.
 */
export async function inspectImage(bytes: Buffer, filename: string, limits = { maxPixels: MAX_PHOTO_PIXELS }): Promise<InspectedImage> {
  if (bytes.length > MAX_PHOTO_BYTES) throw invalid(`The photo is larger than ${MAX_PHOTO_BYTES / 1_000_000} MB.`, [{ field: 'photo', message: 'too large' }]);
  const sniffed = sniff(bytes);
  if (sniffed === 'heic') throw heic();
  if (sniffed === null) throw looksLikeHeic(filename) ? heic() : notAnImage();

  let metadata: Metadata;
  try {
    // Only the header is read here; the pixel limit is checked below with a message naming it.
    metadata = await sharp(bytes, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch {
    throw sniffed === 'heif' || looksLikeHeic(filename) ? heic() : notAnImage();
  }
  const format = acceptedFormat(metadata);
  if (!format) throw metadata.format === 'heif' || looksLikeHeic(filename) ? heic() : notAnImage();
  const { width, height } = metadata;
  if (!width || !height) throw notAnImage();
  if (width * height > limits.maxPixels) throw tooManyPixels(width, height, limits.maxPixels);
  const oriented = metadata.autoOrient ?? { width, height };
  return { format, ...FORMATS[format], width: oriented.width, height: oriented.height };
}

/** sharp reads many formats (more with each version): four are accepted as they are, HEIF only as AVIF. */
function acceptedFormat(metadata: Metadata): PhotoFormat | null {
  const { format } = metadata;
  if (format === 'heif') return metadata.compression === 'av1' ? 'avif' : null;
  return format === 'jpeg' || format === 'png' || format === 'webp' || format === 'tiff' ? format : null;
}

/**
 * How the display JPEG is encoded: `smallest` with mozjpeg (a fifth smaller, five times the time: for
 * photos served again and again), `fastest` without (field photos sent by the hundred from a phone).
 */
export type DisplayEncoding = 'smallest' | 'fastest';

/**
 * Decodes the whole image (so a truncated or corrupt file is refused here, not when someone views it)
 * and makes the display and thumbnail variants: EXIF orientation applied, metadata stripped, sRGB.
 */
export async function deriveImages(bytes: Buffer, filename = '', encoding: DisplayEncoding = 'smallest'): Promise<DerivedImages> {
  try {
    const display = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: DISPLAY_MAX_SIDE, height: DISPLAY_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, mozjpeg: encoding === 'smallest' })
      .toBuffer();
    const thumbnail = await sharp(display, { failOn: 'error' })
      .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return { display, thumbnail };
  } catch (error) {
    if (isSharpPixelLimit(error)) throw invalid(`The image has more than ${MAX_PHOTO_PIXELS / 1_000_000} megapixels, the most Egide accepts.`, [{ field: 'photo', message: 'too many pixels' }], 'photo.too-many-pixels');
    throw looksLikeHeic(filename) ? heic() : invalid(DAMAGED_IMAGE, [{ field: 'photo', message: 'damaged or truncated image' }], 'photo.damaged');
  }
}

/** An upload made ready to store: its original without metadata, its display and thumbnail. */
export interface CleanedPhoto extends DerivedImages {
  contentType: string;
  width: number;
  height: number;
  original: Buffer;
}

/**
 * Inspects an upload (refusing what is not an accepted image), decodes it whole into its display and
 * thumbnail, and removes its metadata from the original (EXIF, XMP, IPTC, ICC profile, comments: GPS
 * positions, serial numbers). An original without any is kept byte for byte: encoding it again would
 * only lose quality.
 */
export async function cleanedPhoto(bytes: Buffer, filename: string, encoding: DisplayEncoding = 'smallest'): Promise<CleanedPhoto> {
  const inspected = await inspectImage(bytes, filename);
  const derived = await deriveImages(bytes, filename, encoding);
  const original = (await hasMetadata(bytes)) ? await strippedOriginal(bytes, inspected.mime) : bytes;
  return { contentType: inspected.mime, width: inspected.width, height: inspected.height, original, ...derived };
}

async function hasMetadata(bytes: Buffer): Promise<boolean> {
  const metadata = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS }).metadata();
  return Boolean(metadata.exif || metadata.xmp || metadata.iptc || metadata.icc || metadata.comments?.length || (metadata.orientation ?? 1) !== 1);
}

/**
 * sharp's refusal of an image above `limitInputPixels`: sharp gives its errors no code, so its message
 * ("Input image exceeds pixel limit") is the only sign; this is the one place that reads it.
 */
function isSharpPixelLimit(error: unknown): boolean {
  return error instanceof Error && /pixel limit/i.test(error.message);
}

const notAnImage = () => invalid(NOT_AN_IMAGE, [{ field: 'photo', message: 'not a JPEG, PNG, WebP, TIFF or AVIF image' }], 'photo.not-an-image');
const heic = () => invalid(HEIC_NOT_DECODABLE, [{ field: 'photo', message: 'HEIC cannot be decoded' }], 'photo.heic-not-decodable');
const tooManyPixels = (width: number, height: number, maxPixels: number) =>
  invalid(
    `The image is ${width} × ${height} pixels (${(width * height / 1_000_000).toFixed(0)} megapixels); Egide accepts at most ${Math.floor(maxPixels / 1_000_000)} megapixels. Resize it and upload it again.`,
    [{ field: 'photo', message: 'too many pixels' }],
    'photo.too-many-pixels',
  );
