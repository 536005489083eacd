/**
 * An import source may be a folder: every file of the format in it (by extension, in subfolders
 * too, hidden ones left out), in the order of their paths, read one after the other as one source.
 * Positions name the file (relative to the folder) and the line: "lido/b.xml:12". A file that cannot
 * be opened, or not read to its end, is reported at its place and the next file is read: one bad
 * file does not stop the others.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DomainError, invalid, InvalidFileError } from '../../errors.js';
import type { ObjectDescription } from '../../registry/object-record.js';
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
  // Entries with their types: no stat per file (a folder may hold a hundred thousand of them).
  const entries = readdirSync(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() || (entry.isSymbolicLink() && isFile(join(entry.parentPath, entry.name))))
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((entry) => !entry.split('/').some((segment) => segment.startsWith('.')))
    .filter((entry) => extensions.some((extension) => entry.toLowerCase().endsWith(extension)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Bytes an import of `path` reads (the file, or the folder's files of the format), counted until `enough` is reached. */
export function importBytes(format: ImportFormat, path: string, enough = Infinity): number {
  try {
    if (!isFolder(path)) return statSync(path).size;
    // Counting stops at `enough`: a folder of a hundred thousand files is not stat'ed twice.
    let sum = 0;
    for (const file of folderFiles(format, path)) {
      sum += statSync(join(path, file)).size;
      if (sum >= enough) break;
    }
    return sum;
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

type FolderFile = { name: string } & ({ opened: OpenedImport<unknown> } | { error: string });

function openFolder(format: ImportFormat, folder: string, options: OpenOptions): OpenedImport<unknown> {
  const names = folderFiles(format, folder);
  if (names.length === 0) throw invalid(`${folder}: no ${format.name} file (${format.extensions.join(', ')}) in this folder or its subfolders`);
  const open = (name: string): FolderFile => {
    const path = join(folder, name);
    try {
      return { name, opened: format.open(path, options) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { name, error: error instanceof InvalidFileError ? error.problem : error.message };
    }
  };
  // Each file is opened (its header or first bytes checked) before the first record is read, so that
  // `keep` covers them all; when every file of the format keeps the same fields, only the first is,
  // and each other one when its turn comes: a folder of a hundred thousand files is not held open.
  const lazy = format.sameFieldsInEveryFile === true;
  const early = lazy ? [open(names[0]!)] : names.map(open);
  const opened = early.flatMap((file) => ('opened' in file ? [file.opened] : []));
  // A field one file does not carry is kept for all: updates never erase what some file lacks.
  const keep = [...new Set(opened.flatMap((file) => file.keep ?? []))] as Array<keyof ObjectDescription>;
  // Progress weighs files by their size, or counts them when they are opened one at a time (no stat
  // each, and no array of ones: a number per file held for nothing).
  const sizes = lazy ? undefined : names.map((name) => statSync(join(folder, name)).size);
  const weightOf = (index: number) => (sizes ? sizes[index]! : 1);
  const total = sizes ? sizes.reduce((sum, size) => sum + size, 0) : names.length;
  let done = 0;
  let current: { file: FolderFile; weight: number } | undefined;

  async function* records(): AsyncGenerator<SourceItem<FolderRecord>> {
    for (const [index, name] of names.entries()) {
      const file = early[index] ?? open(name);
      current = { file, weight: weightOf(index) };
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
      done += weightOf(index);
      current = undefined;
    }
  }

  const first = opened[0];
  return {
    source: {
      records,
      progress: () => {
        if (total === 0) return undefined;
        const within = current && 'opened' in current.file ? (current.file.opened.source.progress?.() ?? 0) * current.weight : 0;
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
