import { open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { writeFileAtomically, writingBytes } from '../../util/atomic-file.js';
import { assertPhotoKey, type PhotoStore, type StoredFileInfo } from './photo-store.js';

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/**
 * Photo files in a folder: the data folder's `photos/` for one instance, or a folder several instances
 * share (NFS…). Each file is written to a temporary name, flushed, then renamed (and the folder synced):
 * a killed process leaves the whole file or none, and instances sharing the folder never read half of one.
 */
export class FolderPhotoStore implements PhotoStore {
  constructor(readonly root: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    await writeFileAtomically(this.path(key), writingBytes(bytes), { durable: true });
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async stream(key: string): Promise<Readable | undefined> {
    // Opened first, so that a missing file is told now rather than as a stream error.
    let handle;
    try {
      handle = await open(this.path(key), 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    return handle.createReadStream();
  }

  async stat(key: string): Promise<StoredFileInfo | undefined> {
    try {
      const info = await stat(this.path(key));
      return info.isFile() ? { size: info.size, modifiedMs: info.mtimeMs } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true }).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  }

  async *list(folder: string): AsyncGenerator<StoredFileInfo & { key: string }> {
    let entries;
    try {
      entries = await readdir(join(this.root, folder), { recursive: true, withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const key = relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/');
      const info = await this.stat(key);
      if (info) yield { key, ...info };
    }
  }

  private path(key: string): string {
    assertPhotoKey(key);
    return join(this.root, key);
  }
}
