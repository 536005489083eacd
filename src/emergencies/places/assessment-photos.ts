import { DomainError } from '../../errors.js';
import { cleanedPhoto, extensionOf, type CleanedPhoto } from '../../registry/photos/photo-image.js';
import type { PhotoStore } from '../../registry/photos/photo-store.js';

export type AssessmentPhotoVariant = 'display' | 'thumbnail' | 'original';

/** A photo ready to store: never with its metadata (a phone's photo carries the GPS position of the site). */
export type PreparedPhoto = CleanedPhoto;

/** Photos of one assessment processed at once: each takes one core (sharp's one libvips thread per image), and the server has two. */
const PREPARED_AT_ONCE = 2;

const TYPES = { display: 'image/jpeg', thumbnail: 'image/webp' } as const;

/**
 * The photos of assessments, in the registry's photo store under `heritage-places/` (the registry's
 * orphan sweep lists its own folders only): the original without its metadata, its display and
 * thumbnail renditions — made as the registry makes its own (orientation applied, sRGB, ≤ 1600 and
 * ≤ 400 px), the display encoded for speed. The file as taken, GPS included, is never kept: the
 * position the phone read is recorded apart, for those who may see it.
 */
export class AssessmentPhotoFiles {
  constructor(private readonly store: PhotoStore) {}

  /** Decodes and strips the uploads, `PREPARED_AT_ONCE` at a time, in their order; a refusal names the part (`photos[1]`). */
  async prepareAll(photos: ReadonlyArray<{ bytes: Buffer; filename: string }>): Promise<PreparedPhoto[]> {
    const prepared: PreparedPhoto[] = [];
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < photos.length; index = next++) prepared[index] = await this.prepare(photos[index]!.bytes, photos[index]!.filename, `photos[${index}]`);
    };
    await Promise.all(Array.from({ length: Math.min(PREPARED_AT_ONCE, photos.length) }, worker));
    return prepared;
  }

  private async prepare(bytes: Buffer, filename: string, field: string): Promise<PreparedPhoto> {
    try {
      // The display without mozjpeg: a fifth larger, five times faster, for photos sent by the hundred from a phone's queue.
      return await cleanedPhoto(bytes, filename, 'fastest');
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'invalid') throw new DomainError('invalid', `${field}: ${error.message}`, error.issues.map((issue) => ({ ...issue, field })), error.code);
      throw error;
    }
  }

  async write(id: string, photo: PreparedPhoto): Promise<void> {
    await Promise.all((['original', 'display', 'thumbnail'] as const).map((variant) => this.store.put(this.key(id, variant, photo.contentType), photo[variant])));
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
