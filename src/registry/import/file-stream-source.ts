import { createReadStream, statSync, type ReadStream } from 'node:fs';
import { invalid } from '../../errors.js';
import type { ImportSource, SourceItem } from './import-pipeline.js';

/**
 * A source that streams a file through `read`, with progress as the share of bytes read; "invalid"
 * when the file cannot be opened.
 */
export function fileStreamSource<R>(path: string, read: (stream: ReadStream) => AsyncIterable<SourceItem<R>>): ImportSource<R> {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw invalid(`${path}: no such file, or it cannot be read`);
  }
  let stream: ReadStream | undefined;
  return {
    progress: () => (stream && size > 0 ? Math.min(1, stream.bytesRead / size) : undefined),
    records() {
      stream = createReadStream(path, { highWaterMark: 256 * 1024 });
      return read(stream);
    },
  };
}
