/**
 * Reads a CSV import file as a stream of rows, each with the physical line where it starts, also
 * after cells that hold line breaks: a row starts on the line after the previous row's last line
 * (blank lines are rows of one empty cell, skipped here), and ends as many lines further as its
 * cells hold line breaks.
 * (csv-parse's own line count is not used: it counts a CRLF inside a quoted cell twice.)
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { parse, type CsvError, type Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { invalid, invalidFile } from '../../errors.js';
import { restoreFormulaCell } from '../csv/formula-guard.js';
import { CSV_COLUMNS, isCsvColumn, type CsvColumn } from './csv-format.js';
import { SourceError, type ImportSource, type SourceItem } from './import-pipeline.js';

/** A row's cells by column name, for the columns the file has. */
export type CsvRow = Partial<Record<CsvColumn, string>>;

/** A CSV file read row by row, its cells named by the columns of its header line. */
export interface CsvTable<C extends string> extends ImportSource<Partial<Record<C, string>>> {
  /** The columns of the file, in file order. */
  columns: C[];
  delimiter: string;
}

export type CsvSource = CsvTable<CsvColumn>;

const HEADER_PROBE_BYTES = 64 * 1024;

/**
 * Opens a CSV file and checks its header line; a DomainError ("invalid") when the file cannot be
 * read or its header is not one of an import file.
 */
export function openCsvSource(path: string): CsvSource {
  return openCsvTable(path, (names) => {
    const header = names.map((name) => name.trim().toLowerCase().replace(/\s+/g, '_'));
    const unknown = header.filter((name) => name !== '' && !isCsvColumn(name));
    if (unknown.length > 0) {
      throw invalidFile(path, `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')}; the columns are ${CSV_COLUMNS.join(', ')} (see egide import --template csv)`);
    }
    if (!header.includes('inventory_number')) {
      throw invalidFile(path, `the first line must name the columns, and inventory_number is required (see egide import --template csv)`);
    }
    return header as Array<CsvColumn | ''>;
  }, restoreFormulaCell);
}

/**
 * Opens a CSV file whose header line names its columns: `columnsOf` reads the names as written
 * into the columns it knows ("" for a column to leave out), throwing "invalid" for a header it
 * cannot use. A name given twice is refused. `readCell` reads each cell of the records (an Egide
 * export's takes off the quote it put before formulas).
 */
export function openCsvTable<C extends string>(path: string, columnsOf: (names: string[]) => Array<C | ''>, readCell: (cell: string) => string = (cell) => cell): CsvTable<C> {
  const headerLine = readHeaderLine(path);
  const delimiter = detectDelimiter(headerLine);
  const names = (parseSync(headerLine, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? [];
  const header = columnsOf(names);
  const twice = header.filter((name, i) => name !== '' && header.indexOf(name) !== i);
  if (twice.length > 0) throw invalidFile(path, `the column "${twice[0]}" is given twice`);
  const size = statSync(path).size;
  let stream: ReturnType<typeof createReadStream> | undefined;
  const columns = header.filter((name): name is C => name !== '');

  return {
    columns,
    delimiter,
    progress: () => (stream && size > 0 ? Math.min(1, stream.bytesRead / size) : undefined),
    async *records(): AsyncGenerator<SourceItem<Partial<Record<C, string>>>> {
      stream = createReadStream(path, { highWaterMark: 256 * 1024 });
      // Blank lines come as records of one empty cell (skipping them in the parser would hide them from the line count).
      const parser = parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true });
      const parseError = deferErrors(parser);
      stream.on('error', (error) => parser.destroy(error));
      stream.pipe(parser);
      let lastLine = 0;
      let first = true;
      try {
        for await (const record of parser as AsyncIterable<string[]>) {
          const line = lastLine + 1;
          let breaks = 0;
          for (const cell of record) if (cell.includes('\n') || cell.includes('\r')) breaks += lineBreaks(cell);
          lastLine = line + breaks;
          if (record.every((cell) => cell.trim() === '')) continue;
          if (first) {
            first = false; // the header
            continue;
          }
          if (record.length !== header.length) {
            yield {
              line,
              error: `${record.length} cell${record.length === 1 ? '' : 's'} where the header has ${header.length} (a missing separator, or a cell with a "${delimiter === '\t' ? 'tab' : delimiter}" that is not between double quotes?)`,
            };
            continue;
          }
          const row: Partial<Record<C, string>> = {};
          for (let i = 0; i < header.length; i++) {
            const name = header[i]!;
            if (name !== '') row[name] = readCell(record[i]!);
          }
          yield { line, record: row };
        }
        if (parseError.error) throw parseError.error;
      } catch (error) {
        if (isCsvError(error)) {
          const line = lastLine + 1;
          if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
            throw new SourceError(`a double quote opened on this line is never closed, so the file could not be read from here on`, line);
          }
          throw new SourceError(`the file could not be read from here on (${error.message})`, line);
        }
        throw new SourceError(`the file could not be read (${error instanceof Error ? error.message : String(error)})`, lastLine + 1);
      } finally {
        stream.destroy();
      }
    },
  };
}

function isCsvError(error: unknown): error is CsvError {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('CSV_');
}

/** Line breaks in a text: CRLF, LF or CR each count as one. */
function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

/** The first line of the file, without BOM; "invalid" errors for a missing, unreadable or empty file. */
function readHeaderLine(path: string): string {
  let fd: number;
  try {
    if (!statSync(path).isFile()) throw invalidFile(path, `not a file`);
    fd = openSync(path, 'r');
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw invalid(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error.message}`);
    throw error;
  }
  try {
    const buffer = Buffer.alloc(HEADER_PROBE_BYTES);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    let text = buffer.subarray(0, read).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const end = text.search(/\r\n|\n|\r/);
    if (end === -1 && read === buffer.length) throw invalidFile(path, `the first line is longer than ${HEADER_PROBE_BYTES / 1024} KB; is this a CSV file?`);
    const line = end === -1 ? text : text.slice(0, end);
    if (line.trim() === '') throw invalidFile(path, `the first line is empty; it must name the columns (see egide import --template csv)`);
    return line;
  } finally {
    closeSync(fd);
  }
}

/** Comma, semicolon or tab: whichever separates the most names in the header line (quotes ignored). */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [char, count] of counts) if (count > counts.get(best)!) best = char;
  return best;
}

type TransformCallback = (error?: Error | null) => void;

/**
 * A parse error stops the parser without discarding the records it has already read: a stream
 * that fails is destroyed at once, with the records waiting in its buffer, so a slow reader (an
 * import writing to a remote database) lost the rows before an unclosed quote. The error is kept
 * instead, the input is ignored from there on, and the reader throws it after the last good record.
 */
function deferErrors(parser: Parser): { error: Error | undefined } {
  const state: { error: Error | undefined } = { error: undefined };
  const internals = parser as unknown as {
    _transform(chunk: unknown, encoding: BufferEncoding, callback: TransformCallback): void;
    _flush(callback: TransformCallback): void;
  };
  const transform = internals._transform.bind(parser);
  const flush = internals._flush.bind(parser);
  const keep = (callback: TransformCallback) => (error?: Error | null) => {
    if (error) state.error ??= error;
    callback();
  };
  internals._transform = (chunk, encoding, callback) => (state.error ? callback() : transform(chunk, encoding, keep(callback)));
  internals._flush = (callback) => (state.error ? callback() : flush(keep(callback)));
  return state;
}
