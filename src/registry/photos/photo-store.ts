import type { Readable } from 'node:stream';

/** What a store knows of a stored file. */
export interface StoredFileInfo {
  size: number;
  modifiedMs: number;
}

/**
 * Where photo files live, keyed by the relative path the registry records (`originals/ab/<id>.jpg`).
 * Implementations: a folder (one instance's data folder, or a folder shared by several instances,
 * such as NFS) and an S3-compatible bucket. Every implementation passes `photo-store.contract.ts`.
 */
export interface PhotoStore {
  /** Stores the bytes whole or not at all: a reader, or a killed process, never leaves half of them under the key. */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes, or undefined when nothing is stored under the key. */
  get(key: string): Promise<Buffer | undefined>;
  /** The bytes as a stream (large originals are not held in memory), or undefined when nothing is stored. */
  stream(key: string): Promise<Readable | undefined>;
  /** Size and modification time, or undefined when nothing is stored under the key. */
  stat(key: string): Promise<StoredFileInfo | undefined>;
  /** Removes the key's file; nothing to remove is not an error. */
  delete(key: string): Promise<void>;
  /** Every key stored under the folder `folder` (`originals`), temporary files of interrupted writes included (for the orphan sweep). */
  list(folder: string): AsyncIterable<StoredFileInfo & { key: string }>;
}

/** A key that would lead outside the store (a database row that was tampered with, a bug). */
export class PhotoKeyOutsideStore extends Error {
  constructor(readonly key: string) {
    super(`Photo path outside the photo folder: ${key}`);
    this.name = 'PhotoKeyOutsideStore';
  }
}

/** A key is a relative path without empty, `.` or `..` segments: no store lets it lead elsewhere. */
export function assertPhotoKey(key: string): void {
  const segments = key.split('/');
  if (key.includes('\\') || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) throw new PhotoKeyOutsideStore(key);
}
