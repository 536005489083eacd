/**
 * Reads a JSON Lines file (`.jsonl`, or gzipped `.jsonl.gz`) as a stream of records, one JSON
 * object per line, each with its line number. The file is never held in memory. Blank lines are
 * skipped; a line that is not a JSON object is reported with its line and the next one is read.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { invalid, invalidFile } from '../../errors.js';
import { SourceError, type ImportSource, type SourceItem } from './import-pipeline.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/** Gzipped files are told by their first bytes, whatever their name. */
function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    closeSync(fd);
  }
}

/** Opens a JSON Lines file; "invalid" when it cannot be read. */
export function openJsonlSource(path: string): ImportSource<Record<string, unknown>> {
  let size: number;
  let gzip: boolean;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw invalidFile(path, `not a file`);
    size = stat.size;
    gzip = isGzip(path);
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw invalid(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error.message}`);
    throw error;
  }
  let file: ReturnType<typeof createReadStream> | undefined;

  return {
    progress: () => (file && size > 0 ? Math.min(1, file.bytesRead / size) : undefined),
    async *records(): AsyncGenerator<SourceItem<Record<string, unknown>>> {
      file = createReadStream(path, { highWaterMark: 256 * 1024 });
      const input = gzip ? file.pipe(createGunzip()) : file;
      file.on('error', (error) => input.destroy(error));
      const lines = createInterface({ input, crlfDelay: Infinity });
      let line = 0;
      try {
        for await (const read of lines) {
          line += 1;
          const text = line === 1 && read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
          if (text.trim() === '') continue;
          yield parseLine(text, line);
        }
      } catch (error) {
        throw new SourceError(`the file could not be read from here on (${error instanceof Error ? error.message : String(error)})`, line + 1);
      } finally {
        lines.close();
        input.destroy();
        file.destroy();
      }
    },
  };
}

function parseLine(text: string, line: number): SourceItem<Record<string, unknown>> {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    return { line, error: `not JSON (${(error as Error).message})` };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { line, error: 'not a JSON object ({…}): each line holds one record' };
  return { line, record: record as Record<string, unknown> };
}
