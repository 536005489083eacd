import { DomainError } from '../../errors.js';
import { deriveImages, extensionOf, inspectImage, strippedOriginal } from '../../registry/photos/photo-image.js';
import type { PhotoStore } from '../../registry/photos/photo-store.js';

export type AssessmentPhotoVariant = 'display' | 'thumbnail' | 'original';

/** A photo ready to store: never with its metadata (a phone's photo carries the GPS position of the site). */
export interface PreparedPhoto {
  contentType: string;
  width: number;
  height: number;
  original: Buffer;
  display: Buffer;
  thumbnail: Buffer;
}

const TYPES = { display: 'image/jpeg', thumbnail: 'image/webp' } as const;

/**
 * The photos of assessments, in the registry's photo store under `heritage-places/` (the registry's
 * orphan sweep lists its own folders only): the original without its metadata, its display and
 * thumbnail renditions — made as the registry makes its own (orientation applied, sRGB, ≤ 1600 and
 * ≤ 400 px). The file as taken, GPS included, is never kept: the position the phone read is recorded
 * apart, for those who may see it.
 */
export class AssessmentPhotoFiles {
  constructor(private readonly store: PhotoStore) {}

  /** Decodes and strips one upload; a refusal names the part (`photos[1]`). */
  async prepare(bytes: Buffer, filename: string, field: string): Promise<PreparedPhoto> {
    try {
      const inspected = await inspectImage(bytes, filename);
      const { display, thumbnail } = await deriveImages(bytes, filename);
      return { contentType: inspected.mime, width: inspected.width, height: inspected.height, original: await strippedOriginal(bytes, inspected.mime), display, thumbnail };
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'invalid') throw new DomainError('invalid', `${field}: ${error.message}`, error.issues.map((issue) => ({ ...issue, field })), error.code);
      throw error;
    }
  }

  async write(id: string, photo: PreparedPhoto): Promise<void> {
    await this.store.put(this.key(id, 'original', photo.contentType), photo.original);
    await this.store.put(this.key(id, 'display', photo.contentType), photo.display);
    await this.store.put(this.key(id, 'thumbnail', photo.contentType), photo.thumbnail);
  }

  async remove(id: string, contentType: string): Promise<void> {
    await Promise.allSettled((['original', 'display', 'thumbnail'] as const).map((variant) => this.store.delete(this.key(id, variant, contentType))));
  }

  async read(id: string, variant: AssessmentPhotoVariant, contentType: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    const bytes = await this.store.get(this.key(id, variant, contentType));
    return bytes && { bytes, contentType: variant === 'original' ? contentType : TYPES[variant] };
  }

  private key(id: string, variant: AssessmentPhotoVariant, contentType: string): string {
    const ext = variant === 'original' ? extensionOf(contentType) : variant === 'display' ? 'jpg' : 'webp';
    return `heritage-places/${variant}/${id.slice(0, 2)}/${id}.${ext}`;
  }
}
