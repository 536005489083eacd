/**
 * Files read through a mapping file (`egide import --format csv|jsonl|json --mapping FILE`): the
 * mapping is read and checked, and its paths checked against the file (the columns of a CSV header
 * line), before any record is imported. When the import collects its coverage (mapping-coverage.ts),
 * each record mapped is counted.
 */
import type { OpenedImport, OpenOptions } from './import-formats.js';
import type { ImportSource, RecordMapper } from './import-pipeline.js';
import { openCsvTable } from './csv-source.js';
import { openJsonSource } from './json-source.js';
import { openJsonlSource } from './jsonl-source.js';
import { countingMapper, type CoverageCollector } from './mapping-coverage.js';
import { compileMapping, type CompiledMapping } from './mapping-fields.js';
import { readMapping, type Mapping } from './mapping-file.js';
import { csvCell, csvColumn, jsonPath, type PathCompiler } from './mapping-path.js';

export interface MappedOptions {
  lang: string;
  /** The mapping file. */
  mapping: string;
  /** Counts the coverage of the mapping over the records, when given. */
  coverage?: CoverageCollector | undefined;
}

/** Whether an import is read through a mapping file. */
export const isMapped = (options: OpenOptions): options is OpenOptions & MappedOptions => options.mapping !== undefined;

/** The mapper of a compiled mapping, counting its coverage when asked to. */
function mapperOf(compiled: CompiledMapping, mapping: Mapping, path: PathCompiler, coverage: CoverageCollector | undefined): RecordMapper<unknown> {
  return coverage ? countingMapper(compiled.map, coverage.counterFor(mapping, path)) : compiled.map;
}

/** A CSV file whose columns, named as its header line writes them, the mapping reads. */
export function openMappedCsv(file: string, { lang, mapping, coverage }: MappedOptions): OpenedImport<unknown> {
  const parsed = readMapping(mapping);
  const source = openCsvTable(file, (names) => names.map((name) => name.trim()));
  const compiled = compileMapping(parsed, { path: csvColumn(source.columns), items: false, lang, name: mapping });
  // The files of a folder may have different columns: coverage reads cells whatever the columns.
  return { source, map: mapperOf(compiled, parsed, csvCell, coverage), keep: compiled.keep };
}

/**
 * Mappings of JSON records, read and compiled once per import (per options object): the thousands
 * of files of a folder share one.
 */
const jsonMappings = new WeakMap<MappedOptions, { parsed: Mapping; compiled: CompiledMapping }>();

function jsonMappingOf(options: MappedOptions) {
  let known = jsonMappings.get(options);
  if (!known) {
    const parsed = readMapping(options.mapping);
    known = { parsed, compiled: compileMapping(parsed, { path: jsonPath, items: true, lang: options.lang, name: options.mapping }) };
    jsonMappings.set(options, known);
  }
  return known;
}

/** The mapper of JSON records that a mapping file describes. */
export function jsonMapping(options: MappedOptions): CompiledMapping {
  return jsonMappingOf(options).compiled;
}

/** The mapping is checked before the file is opened: its mistakes come first. */
function openMappedRecords<R>(open: () => ImportSource<R>, options: MappedOptions): OpenedImport<unknown> & { source: ImportSource<R> } {
  const { parsed, compiled } = jsonMappingOf(options);
  return { source: open(), map: mapperOf(compiled, parsed, jsonPath, options.coverage), keep: compiled.keep };
}

/** A JSON Lines file whose records the mapping reads with JSON paths. */
export function openMappedJsonl(file: string, options: MappedOptions): OpenedImport<unknown> & { source: ImportSource<Record<string, unknown>> } {
  return openMappedRecords(() => openJsonlSource(file), options);
}

/** A JSON file (a record, or an array of them) whose records the mapping reads with JSON paths. */
export function openMappedJson(file: string, options: MappedOptions): OpenedImport<unknown> {
  return openMappedRecords(() => openJsonSource(file), options);
}
