import { DomainError } from '../errors.js';
import { cleanedPhoto, extensionOf, photoDigest, type CleanedPhoto } from '../registry/photos/photo-image.js';
import type { PhotoStore } from '../registry/photos/photo-store.js';
import { describePhoto } from './customs/visual-similarity.js';
import type { ImageVariant } from './red-list-paths.js';

/** An example photo made ready to store: its original without metadata, its renditions, and what the database records of it. */
export interface PreparedImage extends CleanedPhoto {
  sha256: string;
  /** Its thumbnail's descriptor for the customs check's visual similarity; null if it could not be described (too small). */
  descriptor: Float32Array | null;
}

export interface StoredImage {
  sha256: string;
  content_type: string;
}

const VARIANT_TYPES = { display: 'image/jpeg', thumbnail: 'image/webp' } as const;

/** The MIME type a variant of `image` is served with. */
export function variantType(image: StoredImage, variant: ImageVariant): string {
  return variant === 'original' ? image.content_type : VARIANT_TYPES[variant];
}

/**
 * Decodes an example photo whole (a broken file is refused here, with the photo uploads' message),
 * removes its metadata (EXIF, XMP, IPTC, ICC profile, comments: a museum's photo may carry a
 * photographer's GPS position or serial numbers) and makes its display (≤ 1600 px) and thumbnail
 * (≤ 400 px) renditions. An image that has no metadata left is kept byte for byte, so that an export
 * imported again gives the same images, known by the same digests.
 */
export async function prepareImage(bytes: Buffer, name: string): Promise<PreparedImage> {
  const cleaned = await cleanedPhoto(bytes, name);
  return { ...cleaned, sha256: photoDigest(cleaned.original), descriptor: await describeThumbnail(cleaned.thumbnail) };
}

/**
 * Described once, as it is stored, so that no customs check waits for thousands of examples to be
 * described (the thumbnail, as visual-similarity.ts was measured with; a few ms, mostly in libvips'
 * threads). A thumbnail too small to describe is kept without one: the check ignores it.
 */
async function describeThumbnail(thumbnail: Buffer): Promise<Float32Array | null> {
  try {
    return await describePhoto(thumbnail);
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

/** A descriptor as the database keeps it: float32, little-endian (as every platform Egide runs on). */
export function descriptorBlob(descriptor: Float32Array | null): Buffer | null {
  return descriptor && Buffer.from(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength);
}

/** A stored descriptor, copied (a blob read from the database need not be aligned for float32). */
export function descriptorOf(blob: Uint8Array): Float32Array {
  return new Float32Array(Uint8Array.from(blob).buffer);
}

/**
 * Red List images in the photo store, under `red-lists/`, named by their digest:
 * `red-lists/originals/ab/<sha256>.<ext>`, `red-lists/display/ab/<sha256>.jpg`,
 * `red-lists/thumbnails/ab/<sha256>.webp` (`ab`: the digest's first two characters). The same bytes
 * always land under the same keys, so writing an image again, or writing one that a failed import
 * never came to record, harms nothing: files are written before the database names them.
 */
export class RedListImageFiles {
  constructor(private readonly store: PhotoStore) {}

  async write(image: PreparedImage): Promise<void> {
    const stored = { sha256: image.sha256, content_type: image.contentType };
    await this.store.put(this.key(stored, 'original'), image.original);
    await this.store.put(this.key(stored, 'display'), image.display);
    await this.store.put(this.key(stored, 'thumbnail'), image.thumbnail);
  }

  /** The variant's bytes; a server error if the file is gone from the store. */
  async read(image: StoredImage, variant: ImageVariant): Promise<Buffer> {
    const key = this.key(image, variant);
    const bytes = await this.store.get(key);
    if (!bytes) throw new Error(`The Red List image file ${key} is missing from the photo store.`);
    return bytes;
  }

  private key(image: StoredImage, variant: ImageVariant): string {
    return redListImageKeys(image)[variant];
  }
}

/** Where each variant of an image is in the photo store (backups name them without opening a store). */
export function redListImageKeys(image: StoredImage): Record<ImageVariant, string> {
  const shard = image.sha256.slice(0, 2);
  return {
    original: `red-lists/originals/${shard}/${image.sha256}.${extensionOf(image.content_type)}`,
    display: `red-lists/display/${shard}/${image.sha256}.jpg`,
    thumbnail: `red-lists/thumbnails/${shard}/${image.sha256}.webp`,
  };
}
