/**
 * An import source may be a folder: every file of the format in it (by extension, in subfolders
 * too, hidden ones left out), in the order of their paths, read one after the other as one source.
 * Positions name the file (relative to the folder) and the line: "lido/b.xml:12". A file that cannot
 * be opened, or not read to its end, is reported at its place and the next file is read: one bad
 * file does not stop the others.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { DomainError, invalid } from '../../errors.js';
import type { ObjectDescription } from '../object-record.js';
import type { ImportFormat, OpenedImport, OpenOptions } from './import-formats.js';
import { SourceError, type RecordMapper, type SourceItem } from './import-pipeline.js';

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // opening it as a file says why it cannot be read
  }
}

/** The folder's files of this format, relative to it with `/` between folders, sorted. */
export function folderFiles(format: Pick<ImportFormat, 'extensions'>, folder: string): string[] {
  const extensions = format.extensions.map((extension) => extension.toLowerCase());
  const entries = readdirSync(folder, { recursive: true, withFileTypes: false, encoding: 'utf8' });
  return entries
    .map((entry) => entry.split(sep).join('/'))
    .filter((entry) => !entry.split('/').some((segment) => segment.startsWith('.')))
    .filter((entry) => extensions.some((extension) => entry.toLowerCase().endsWith(extension)))
    .filter((entry) => statSync(join(folder, entry)).isFile())
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Bytes an import of `path` reads (the file, or the folder's files of the format). */
export function importBytes(format: ImportFormat, path: string): number {
  try {
    if (!isFolder(path)) return statSync(path).size;
    return folderFiles(format, path).reduce((sum, file) => sum + statSync(join(path, file)).size, 0);
  } catch {
    return 0; // opening it says why it cannot be read
  }
}

/** Opens a file, or a folder of files, of the format for import. */
export function openImportPath(format: ImportFormat, path: string, options: OpenOptions): OpenedImport<unknown> {
  return isFolder(path) ? openFolder(format, path, options) : format.open(path, options);
}

/** A record of one of the folder's files, with the mapper of its file (a CSV mapper depends on its header). */
interface FolderRecord {
  record: unknown;
  map: RecordMapper<unknown>;
}

type FolderFile = { name: string; bytes: number } & ({ opened: OpenedImport<unknown> } | { error: string });

function openFolder(format: ImportFormat, folder: string, options: OpenOptions): OpenedImport<unknown> {
  const names = folderFiles(format, folder);
  if (names.length === 0) throw invalid(`${folder}: no ${format.name} file (${format.extensions.join(', ')}) in this folder or its subfolders`);
  // Each file is opened (its header or first bytes checked) before the first record is read, so that
  // `keep` covers them all.
  const files: FolderFile[] = names.map((name) => {
    const path = join(folder, name);
    const bytes = statSync(path).size;
    try {
      return { name, bytes, opened: format.open(path, options) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { name, bytes, error: error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message };
    }
  });
  const opened = files.flatMap((file) => ('opened' in file ? [file.opened] : []));
  // A field one file does not carry is kept for all: updates never erase what some file lacks.
  const keep = [...new Set(opened.flatMap((file) => file.keep ?? []))] as Array<keyof ObjectDescription>;
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  let done = 0;
  let current: FolderFile | undefined;

  async function* records(): AsyncGenerator<SourceItem<FolderRecord>> {
    for (const file of files) {
      current = file;
      if ('error' in file) {
        yield { line: 1, file: file.name, error: file.error };
      } else {
        const { source, map } = file.opened;
        try {
          for await (const item of source.records()) {
            yield 'error' in item ? { ...item, file: file.name } : { ...item, file: file.name, record: { record: item.record, map } };
          }
        } catch (error) {
          if (!(error instanceof SourceError)) throw error;
          yield { line: error.line, file: file.name, error: error.message };
        }
      }
      done += file.bytes;
      current = undefined;
    }
  }

  const first = opened[0];
  return {
    source: {
      records,
      progress: () => {
        if (total === 0) return undefined;
        const within = current && 'opened' in current ? (current.opened.source.progress?.() ?? 0) * current.bytes : 0;
        return Math.min(1, (done + within) / total);
      },
    },
    map: (record) => {
      const { record: inner, map } = record as FolderRecord;
      return map(inner);
    },
    keep,
    ...(first?.fieldLabel ? { fieldLabel: first.fieldLabel } : {}),
  };
}
