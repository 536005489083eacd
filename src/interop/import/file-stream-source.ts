import { createReadStream, readFileSync, statSync, type ReadStream } from 'node:fs';
import { invalidFile } from '../../errors.js';
import type { ImportSource, SourceItem } from './import-pipeline.js';

/** Bytes read at a time; a file no larger is read in one go. */
const CHUNK_BYTES = 256 * 1024;

/**
 * A source that streams a file's bytes through `read`, with progress as the share of bytes read;
 * "invalid" when the file cannot be opened. A small file is read at once: a folder of a hundred
 * thousand per-object files would otherwise spend most of its time waiting for each file's
 * asynchronous open, reads and close.
 */
export function fileStreamSource<R>(path: string, read: (chunks: AsyncIterable<Buffer>) => AsyncIterable<SourceItem<R>>): ImportSource<R> {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw invalidFile(path, `no such file, or it cannot be read`);
  }
  if (size <= CHUNK_BYTES) {
    let done = false;
    async function* whole(): AsyncGenerator<Buffer> {
      const bytes = readFileSync(path);
      done = true;
      yield bytes;
    }
    return { progress: () => (done ? 1 : 0), records: () => read(whole()) };
  }
  let stream: ReadStream | undefined;
  return {
    progress: () => (stream ? Math.min(1, stream.bytesRead / size) : undefined),
    records() {
      stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
      return read(stream);
    },
  };
}
