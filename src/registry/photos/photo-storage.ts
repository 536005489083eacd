import type { Readable } from 'node:stream';
import type { DerivedImages } from './photo-image.js';
import type { PhotoStore, StoredFileInfo } from './photo-store.js';

export type PhotoVariant = 'original' | 'display' | 'thumbnail';
/** What is stored of a photo: its variants, and the original without its metadata (served as `original` to those not entitled to it). */
export type StoredVariant = PhotoVariant | 'stripped';

/** The MIME type of each derived variant (originals keep the type they were uploaded with). */
export const DERIVED_MIME = { display: 'image/jpeg', thumbnail: 'image/webp' } as const;

export interface StoredPhotoFiles {
  /** The original's path relative to the photo store, as recorded in `object_photos.file`. */
  original: string;
  display: string;
  thumbnail: string;
  /** Made on first request (see `strippedOriginal`). */
  stripped: string;
}

/** Where a photo's files are in its store (backups name them without opening a store). */
export function storedPhotoPaths(id: string, ext: string): StoredPhotoFiles {
  const shard = id.slice(0, 2);
  return {
    original: `originals/${shard}/${id}.${ext}`,
    display: `display/${shard}/${id}.jpg`,
    thumbnail: `thumbnails/${shard}/${id}.webp`,
    stripped: `stripped/${shard}/${id}.${ext}`,
  };
}

/**
 * The layout of a photo's files in a photo store (a folder or a bucket, see photo-store.ts):
 * - `originals/ab/<id>.<ext>`: the bytes exactly as uploaded, never rewritten;
 * - `display/ab/<id>.jpg` and `thumbnails/ab/<id>.webp`: derived, and re-derivable from the original;
 * - `stripped/ab/<id>.<ext>`: the original without its metadata, made when first asked for.
 * (`ab` = the id's first two characters, so that no folder grows too large.)
 * Every store writes a file whole or not at all, never half of one under a name the database refers to.
 */
export class PhotoStorage {
  constructor(readonly store: PhotoStore) {}

  relativePaths(id: string, ext: string): StoredPhotoFiles {
    return storedPhotoPaths(id, ext);
  }

  /** Writes the original and its derived variants; on any failure, removes what was written. */
  async write(id: string, ext: string, original: Buffer, derived: DerivedImages): Promise<StoredPhotoFiles> {
    const paths = this.relativePaths(id, ext);
    try {
      await this.store.put(paths.original, original);
      await this.writeDerived(paths, derived);
    } catch (error) {
      await this.remove(paths).catch(() => undefined);
      throw error;
    }
    return paths;
  }

  async writeDerived(paths: Pick<StoredPhotoFiles, 'display' | 'thumbnail'>, derived: DerivedImages): Promise<void> {
    await this.store.put(paths.display, derived.display);
    await this.store.put(paths.thumbnail, derived.thumbnail);
  }

  async writeStripped(paths: Pick<StoredPhotoFiles, 'stripped'>, bytes: Buffer): Promise<void> {
    await this.store.put(paths.stripped, bytes);
  }

  /** Removes each file that is there; every removal is attempted even if one fails (the first failure is then thrown). */
  async remove(paths: StoredPhotoFiles): Promise<void> {
    const results = await Promise.allSettled(Object.values(paths).map((path) => this.store.delete(path)));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Every stored file: its path, the photo id its name carries (none for a temporary file), its age. */
  async *files(): AsyncGenerator<{ path: string; id: string | null; modifiedMs: number }> {
    for (const folder of ['originals', 'display', 'thumbnails', 'stripped']) {
      for await (const file of this.store.list(folder)) {
        const name = file.key.slice(file.key.lastIndexOf('/') + 1);
        yield { path: file.key, id: name.endsWith('.tmp') ? null : name.replace(/\.[^.]+$/, ''), modifiedMs: file.modifiedMs };
      }
    }
  }

  async removeFile(relativePath: string): Promise<void> {
    await this.store.delete(relativePath);
  }

  /** The file's size and age, or undefined if it is not there. */
  stat(relativePath: string): Promise<StoredFileInfo | undefined> {
    return this.store.stat(relativePath);
  }

  /** The file's bytes; an error if it is not there. */
  async read(relativePath: string): Promise<Buffer> {
    return (await this.store.get(relativePath)) ?? missing(relativePath);
  }

  /** The file's bytes as a stream; an error if it is not there. */
  async stream(relativePath: string): Promise<Readable> {
    return (await this.store.stream(relativePath)) ?? missing(relativePath);
  }
}

/** A file a database row refers to is gone (removed by hand, a restore without it…): a server error, not the caller's. */
function missing(relativePath: string): never {
  throw new Error(`The photo file ${relativePath} is missing from the photo store.`);
}
