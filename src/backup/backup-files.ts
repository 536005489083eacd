import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeFileAtomically } from '../util/atomic-file.js';

export interface FileDigest {
  bytes: number;
  sha256: string;
}

/** Copies a file or a stream (written whole or not at all, and flushed), hashing the bytes as they pass. */
export async function copyHashed(from: string | Readable, to: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  const bytes = await writeFileAtomically(to, (temporary) =>
    pipeline(
      typeof from === 'string' ? createReadStream(from) : from,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(temporary, { flags: 'wx', mode: 0o640 }),
    ),
  );
  return { bytes, sha256: hash.digest('hex') };
}

export async function digestOf(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Every file under `folder`, relative to it with `/` separators. */
export async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** The names in a folder; none when it does not exist. */
export async function entriesOf(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** `path` (from a manifest or a database row) under `folder`, or undefined if it would lead outside it. */
export function inside(folder: string, path: string): string | undefined {
  const absolute = join(folder, path);
  const within = relative(folder, absolute);
  return within === '' || within.startsWith('..') || within.startsWith(sep) ? undefined : absolute;
}
