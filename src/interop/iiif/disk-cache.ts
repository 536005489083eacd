import type { Dirent } from 'node:fs';
import { readFile, readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../config/logger.js';
import { writeFileAtomically, writingBytes } from '../../util/atomic-file.js';

/** A sweep brings the cache down to this share of its limit, so that it does not run again at the next write. */
const LOW_WATER = 0.8;
/** Temporary files older than this were left by a killed process. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;
const SEGMENT = /^[0-9A-Za-z,.!^_-]+$/;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * A folder of files that can always be made again (IIIF pyramids and rendered images), kept under a
 * size limit by removing the least recently used ones: a hit refreshes a file's modification time,
 * and a sweep, started in the background when a write takes the total over the limit, removes the
 * oldest files. The total is counted by the first sweep after start and then kept up to date by the
 * writes (it may overcount a write that happens during a sweep, which only makes the next sweep earlier).
 *
 * Every file is written under a temporary name, flushed, then renamed: a reader sees the whole file or
 * none. The directory is not synced: a rename lost in a crash only costs a render.
 */
export class DiskCache {
  private bytes = 0;
  private counted = false;
  private sweeping: Promise<void> | undefined;

  constructor(
    readonly root: string,
    readonly maxBytes: number,
    private readonly logger: Logger,
  ) {}

  /** The file of an entry; keys are relative paths of plain segments, never reaching outside the folder. */
  path(key: string): string {
    if (!key.split('/').every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..')) throw new Error(`Invalid cache key: ${key}`);
    return join(this.root, key);
  }

  /** The entry's bytes, or undefined if it is not cached. */
  async read(key: string): Promise<Buffer | undefined> {
    try {
      const bytes = await readFile(this.path(key));
      // Only the eviction order depends on it: a failure here must not fail the read.
      this.touch(key).catch(() => false);
      return bytes;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** Whether the entry is cached; if it is, it becomes the most recently used. */
  async touch(key: string): Promise<boolean> {
    const now = new Date();
    try {
      await utimes(this.path(key), now, now);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async write(key: string, bytes: Buffer): Promise<void> {
    await this.writeWith(key, writingBytes(bytes));
  }

  /** Stores the file `produce` writes at the temporary path it is given, once it is complete. */
  async writeWith(key: string, produce: (temporaryPath: string) => Promise<void>): Promise<void> {
    const size = await writeFileAtomically(this.path(key), produce);
    this.bytes += size;
    if (!this.counted || this.bytes > this.maxBytes) {
      this.sweep().catch((error: unknown) => this.logger.warn('IIIF cache sweep failed', { root: this.root, error }));
    }
  }

  /** Counts the cache and, when it is over its limit, removes the least recently used files. One sweep at a time. */
  sweep(): Promise<void> {
    this.sweeping ??= this.runSweep().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  private async runSweep(): Promise<void> {
    const before = this.bytes;
    const files: Array<{ path: string; size: number; modifiedMs: number }> = [];
    let entries: Dirent[];
    try {
      entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (!isMissing(error)) throw error;
      entries = [];
    }
    const now = Date.now();
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      try {
        const info = await stat(path);
        if (entry.name.endsWith('.tmp')) {
          if (now - info.mtimeMs > STALE_TEMPORARY_MS) await rm(path, { force: true });
          continue;
        }
        files.push({ path, size: info.size, modifiedMs: info.mtimeMs });
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    let total = files.reduce((sum, file) => sum + file.size, 0);
    if (total > this.maxBytes) {
      files.sort((a, b) => a.modifiedMs - b.modifiedMs);
      for (const file of files) {
        if (total <= this.maxBytes * LOW_WATER) break;
        await rm(file.path, { force: true });
        total -= file.size;
      }
      this.logger.debug('IIIF cache swept', { root: this.root, bytes: total });
    }
    // Writes finished during the sweep may or may not have been seen by it: count them again.
    this.bytes = total + (this.bytes - before);
    this.counted = true;
  }
}
