import { readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { writeFileAtomically, writingBytes } from '../../util/atomic-file.js';
import type { DerivedImages } from './photo-image.js';

export type PhotoVariant = 'original' | 'display' | 'thumbnail';
/** What is stored of a photo: its variants, and the original without its metadata (served as `original` to those not entitled to it). */
export type StoredVariant = PhotoVariant | 'stripped';

/** The MIME type of each derived variant (originals keep the type they were uploaded with). */
export const DERIVED_MIME = { display: 'image/jpeg', thumbnail: 'image/webp' } as const;

export interface StoredPhotoFiles {
  /** The original's path relative to the photo folder, as recorded in `object_photos.file`. */
  original: string;
  display: string;
  thumbnail: string;
  /** Made on first request (see `strippedOriginal`). */
  stripped: string;
}

/**
 * Photo files under `<dataDir>/photos/`:
 * - `originals/ab/<id>.<ext>`: the bytes exactly as uploaded, never rewritten;
 * - `display/ab/<id>.jpg` and `thumbnails/ab/<id>.webp`: derived, and re-derivable from the original;
 * - `stripped/ab/<id>.<ext>`: the original without its metadata, made when first asked for.
 * (`ab` = the id's first two characters, so that no folder grows too large.)
 * Every file is written to a temporary name, flushed, then renamed: a killed process leaves either
 * the whole file or none, never half of one under a name the database refers to.
 */
export class PhotoStorage {
  constructor(readonly root: string) {}

  relativePaths(id: string, ext: string): StoredPhotoFiles {
    const shard = id.slice(0, 2);
    return {
      original: `originals/${shard}/${id}.${ext}`,
      display: `display/${shard}/${id}.jpg`,
      thumbnail: `thumbnails/${shard}/${id}.webp`,
      stripped: `stripped/${shard}/${id}.${ext}`,
    };
  }

  /** The absolute path of a stored file, refusing anything that would resolve outside the photo folder. */
  absolute(relativePath: string): string {
    const path = join(this.root, relativePath);
    const inside = relative(this.root, path);
    if (inside.startsWith('..') || inside.startsWith(sep) || inside === '') throw new Error(`Photo path outside the photo folder: ${relativePath}`);
    return path;
  }

  /** Writes the original and its derived variants; on any failure, removes what was written. */
  async write(id: string, ext: string, original: Buffer, derived: DerivedImages): Promise<StoredPhotoFiles> {
    const paths = this.relativePaths(id, ext);
    try {
      await writeAtomically(this.absolute(paths.original), original);
      await this.writeDerived(paths, derived);
    } catch (error) {
      await this.remove(paths).catch(() => undefined);
      throw error;
    }
    return paths;
  }

  async writeDerived(paths: Pick<StoredPhotoFiles, 'display' | 'thumbnail'>, derived: DerivedImages): Promise<void> {
    await writeAtomically(this.absolute(paths.display), derived.display);
    await writeAtomically(this.absolute(paths.thumbnail), derived.thumbnail);
  }

  async writeStripped(paths: Pick<StoredPhotoFiles, 'stripped'>, bytes: Buffer): Promise<void> {
    await writeAtomically(this.absolute(paths.stripped), bytes);
  }

  /** Removes each file that is there; every removal is attempted even if one fails (the first failure is then thrown). */
  async remove(paths: StoredPhotoFiles): Promise<void> {
    const results = await Promise.allSettled(Object.values(paths).map((path) => rm(this.absolute(path), { force: true })));
    const failure = results.find(
      (result): result is PromiseRejectedResult => result.status === 'rejected' && (result.reason as NodeJS.ErrnoException).code !== 'ENOTDIR',
    );
    if (failure) throw failure.reason;
  }

  /** Every file under the photo folder: its path, the photo id its name carries (none for a temporary file), its age. */
  async *files(): AsyncGenerator<{ path: string; id: string | null; modifiedMs: number }> {
    for (const folder of ['originals', 'display', 'thumbnails', 'stripped']) {
      let entries;
      try {
        entries = await readdir(join(this.root, folder), { recursive: true, withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const path = relative(this.root, join(entry.parentPath, entry.name));
        const id = entry.name.endsWith('.tmp') ? null : entry.name.replace(/\.[^.]+$/, '');
        yield { path, id, modifiedMs: (await stat(this.absolute(path))).mtimeMs };
      }
    }
  }

  async removeFile(relativePath: string): Promise<void> {
    await rm(this.absolute(relativePath), { force: true });
  }

  /** The file's size, or undefined if it is not there. */
  async size(relativePath: string): Promise<number | undefined> {
    try {
      const info = await stat(this.absolute(relativePath));
      return info.isFile() ? info.size : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

const writeAtomically = (path: string, bytes: Buffer) => writeFileAtomically(path, writingBytes(bytes), { durable: true });
