/**
 * Files read through a mapping file (`egide import --format csv|jsonl --mapping FILE`): the mapping
 * is read and checked, and its paths checked against the file (the columns of a CSV header line),
 * before any record is imported.
 */
import type { OpenedImport } from './import-formats.js';
import type { ImportSource } from './import-pipeline.js';
import { openCsvTable } from './csv-source.js';
import { openJsonlSource } from './jsonl-source.js';
import { compileMapping, type CompiledMapping } from './mapping-fields.js';
import { readMapping } from './mapping-file.js';
import { csvColumn, jsonPath } from './mapping-path.js';

export interface MappedOptions {
  lang: string;
  /** The mapping file. */
  mapping: string;
}

/** A CSV file whose columns, named as its header line writes them, the mapping reads. */
export function openMappedCsv(file: string, { lang, mapping }: MappedOptions): OpenedImport<unknown> {
  const parsed = readMapping(mapping);
  const source = openCsvTable(file, (names) => names.map((name) => name.trim()));
  const compiled = compileMapping(parsed, { path: csvColumn(source.columns), items: false, lang, name: mapping });
  return { source, map: compiled.map, keep: compiled.keep };
}

/** The mapper of JSON records that a mapping file describes. */
export function jsonMapping({ lang, mapping }: MappedOptions): CompiledMapping {
  return compileMapping(readMapping(mapping), { path: jsonPath, items: true, lang, name: mapping });
}

/** A JSON Lines file whose records the mapping reads with JSON paths. */
export function openMappedJsonl(file: string, options: MappedOptions): OpenedImport<unknown> & { source: ImportSource<Record<string, unknown>> } {
  const compiled = jsonMapping(options);
  return { source: openJsonlSource(file), map: compiled.map, keep: compiled.keep };
}
