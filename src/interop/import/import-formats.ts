/**
 * The import formats: each says how to read its files (an ImportFormat: a source of records with
 * their lines, and a mapper to Object ID descriptions); the pipeline does the rest (import-file.ts).
 * This module and what it imports (parsers, mappers, the description schema) need no database and
 * no image library: the import worker loads them, and only them (import-worker.ts).
 *
 * To add a format: write its source and mapper, and register an ImportFormat in IMPORT_FORMATS.
 * A folder imports each of its files of the format (folder-source.ts).
 */
import { invalid } from '../../errors.js';
import { lidoFormat } from '../lido/lido-mapper.js';
import { linkedArtFormat } from '../linked-art/linked-art-reader.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { csvFormat } from './csv-import.js';
import type { ImportSource, RecordMapper } from './import-pipeline.js';
import { jsonFormat } from './json-import.js';
import { jsonlFormat } from './jsonl-import.js';
import type { CoverageCollector } from './mapping-coverage.js';

/** A file opened by its format: what the pipeline needs to import it. */
export interface OpenedImport<R> {
  source: ImportSource<R>;
  map: RecordMapper<R>;
  /** Description fields the file does not carry: updates keep their stored values. */
  keep?: ReadonlyArray<keyof ObjectDescription>;
  /** Names a description field in messages the way the format does. */
  fieldLabel?: (path: ReadonlyArray<PropertyKey>) => string;
}

export interface ImportFormat {
  name: string;
  /** How the names of its files end (".csv"): a folder imports the files it holds with these. */
  extensions: readonly string[];
  /** Whether its files may be read through a mapping file (--mapping). */
  takesMapping?: boolean;
  /**
   * Whether what a file carries (`keep`) is the same for every file (it depends on the mapping, not on
   * the file): a folder then opens each file only when it reads it.
   */
  sameFieldsInEveryFile?: boolean;
  /**
   * Whether its records are often large (JSON exports carry every field of a collection system, 10 to
   * 20 KB a record): the worker reading them gets a larger young generation (import-thread.ts).
   */
  largeRecords?: boolean;
  /** Checks the file can be read (a DomainError "invalid" if not) and prepares its import. */
  open(file: string, options: OpenOptions): OpenedImport<unknown>;
  /** An empty file of this format, and one line of explanation per field. */
  template?(): { header: string; help: string[] };
}

export interface OpenOptions {
  /** Language of texts without a language tag. */
  lang: string;
  /** A mapping file (mapping-file.ts) saying how the records fill the description, for formats that take one. */
  mapping?: string | undefined;
  /** Collects the coverage of the mapping (mapping-coverage.ts), for imports read through one. */
  coverage?: CoverageCollector | undefined;
}

export const IMPORT_FORMATS: Readonly<Record<string, ImportFormat>> = { csv: csvFormat, json: jsonFormat, jsonl: jsonlFormat, lido: lidoFormat, 'linked-art': linkedArtFormat };

export function importFormat(name: string): ImportFormat {
  const format = Object.hasOwn(IMPORT_FORMATS, name) ? IMPORT_FORMATS[name] : undefined;
  if (!format) throw invalid(`Unknown format "${name}": use one of ${Object.keys(IMPORT_FORMATS).join(', ')}.`);
  return format;
}
