/**
 * Reads a JSON file as museums publish it, as a stream of records: one object, an array of objects
 * (of any size: a 2 GB array is never held in memory), or objects one after the other. A byte-level
 * scanner finds where each record starts and ends (strings, escapes, nesting) in the chunks as they
 * stream in, and each record is parsed on its own, so that:
 * - a record with a syntax error is reported with its file line and the reason, and the next one is read;
 * - bytes that are not UTF-8 are read as U+FFFD, as the other formats read them: the pipeline
 *   leaves them out of the texts they are in and warns, naming the field, so the record is kept;
 * - a truncated file keeps the records before its end, and says where it ends (SourceError);
 * - an element of the array that is not an object is reported, not imported.
 * Keys lose a leading byte-order mark (U+FEFF, left by spreadsheet conversions), as does the file.
 */
import { MAX_RECORD_CHARS } from '../lido/lido-reader.js';
import { fileStreamSource } from './file-stream-source.js';
import { SourceError, type ImportSource, type SourceItem } from './import-pipeline.js';

export type JsonRecord = Record<string, unknown>;

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Opens a JSON file (one record, or an array of them); "invalid" when it cannot be opened. */
export function openJsonSource(path: string): ImportSource<JsonRecord> {
  return fileStreamSource(path, readJsonRecords);
}

const isWhiteSpace = (byte: number) => byte === 0x20 || byte === NEWLINE || byte === 0x0d || byte === 0x09;

/** A record being cut out of the stream. */
interface Element {
  /** Line where it starts. */
  line: number;
  /** Its bytes so far, from the chunks it spans; dropped once it is too large to keep. */
  pieces: Buffer[] | undefined;
  bytes: number;
  /** "{": an object, what a record is; anything else is reported as not one. */
  first: number;
  /** Nesting of brackets inside it. */
  depth: number;
}

/**
 * The records of a JSON byte stream, each with the line where it starts. A SourceError ends the
 * stream when it cannot go on (a truncated file, text that is neither an object nor an array).
 */
export async function* readJsonRecords(input: AsyncIterable<Buffer>): AsyncGenerator<SourceItem<JsonRecord>> {
  let line = 1;
  /** Byte of the file where the current chunk starts. */
  let offset = 0;
  /** Line where the top-level array being read opened, if inside one. */
  let arrayLine: number | undefined;
  let inString = false;
  /** The chunk ended on a backslash inside a string: the next byte is escaped. */
  let escapePending = false;
  let element: Element | undefined;
  /** Whether anything but white space was met. */
  let seen = false;
  /** The last byte read was a line break (the file's last line is then the one before). */
  let endsWithNewline = false;
  const ready: Array<SourceItem<JsonRecord>> = [];

  for await (const chunk of input) {
    /** Newlines are counted up to here in this chunk (lazily: only where a line number is needed). */
    let counted = 0;
    const lineAt = (index: number) => {
      for (let at = chunk.indexOf(NEWLINE, counted); at !== -1 && at < index; at = chunk.indexOf(NEWLINE, at + 1)) line += 1;
      counted = Math.max(counted, index);
      return line;
    };
    /** The element started here ends before `end`: it is parsed (or reported). */
    const close = (end: number) => {
      const done = element!;
      element = undefined;
      if (done.pieces) done.pieces.push(chunk.subarray(elementStart, end));
      done.bytes += end - elementStart;
      ready.push(readElement(done));
    };
    let elementStart = 0;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (inString) {
        if (escapePending) {
          escapePending = false;
          i += 1;
          continue;
        }
        const quote = chunk.indexOf(QUOTE, i);
        const end = quote === -1 ? n : quote;
        let backslashes = 0;
        while (end - 1 - backslashes >= i && chunk[end - 1 - backslashes] === BACKSLASH) backslashes += 1;
        if (quote === -1) {
          escapePending = backslashes % 2 === 1;
          i = n;
        } else {
          // An odd run of backslashes escapes the quote; an even one escapes itself.
          if (backslashes % 2 === 0) inString = false;
          i = quote + 1;
        }
        continue;
      }
      const byte = chunk[i]!;
      if (element) {
        if (byte === QUOTE) inString = true;
        else if (byte === 0x7b || byte === 0x5b) element.depth += 1;
        else if (byte === 0x7d || byte === 0x5d) {
          if (element.depth === 0) {
            // "]" ends a bare value (a number, true…) and the array with it.
            close(i);
            continue;
          }
          element.depth -= 1;
          if (element.depth === 0) close(i + 1);
        } else if (element.depth === 0 && (byte === 0x2c || isWhiteSpace(byte))) close(i);
        i += 1;
        continue;
      }
      // White space, commas between records, and the file's byte-order mark (which may span chunks).
      if (isWhiteSpace(byte) || (byte === 0x2c && arrayLine !== undefined) || (offset + i < 3 && byte === BOM[offset + i])) {
        i += 1;
        continue;
      }
      seen = true;
      if (byte === 0x5b && arrayLine === undefined) {
        arrayLine = lineAt(i);
      } else if (byte === 0x5d && arrayLine !== undefined) {
        arrayLine = undefined;
      } else if (byte === 0x7b || arrayLine !== undefined) {
        element = { line: lineAt(i), pieces: [], bytes: 0, first: byte, depth: 0 };
        elementStart = i;
        continue; // its first byte is read as part of it
      } else {
        const at = lineAt(i);
        throw new SourceError(`${describeByte(byte)} where a record ({…}) or an array of records ([…]) should start`, at);
      }
      i += 1;
    }
    if (element) {
      const piece = chunk.subarray(elementStart);
      element.bytes += piece.length;
      if (element.pieces && element.bytes > MAX_RECORD_CHARS) element.pieces = undefined;
      else element.pieces?.push(piece);
    }
    lineAt(n);
    offset += n;
    if (n > 0) endsWithNewline = chunk[n - 1] === NEWLINE;
    yield* ready.splice(0);
  }
  if (element && element.depth === 0 && element.first !== 0x7b && element.first !== 0x5b && !inString) {
    // A bare value at the very end of the file.
    ready.push(readElement(element));
    element = undefined;
  }
  yield* ready.splice(0);
  const lastLine = endsWithNewline ? line - 1 : line;
  if (element) {
    throw new SourceError(`the file ends on line ${lastLine} inside the record that starts on line ${element.line}: it is truncated, or a bracket or quote is never closed`, element.line);
  }
  if (arrayLine !== undefined) throw new SourceError(`the file ends on line ${lastLine} before the array opened on line ${arrayLine} is closed ("]"): it is truncated`, lastLine);
  if (!seen) yield { line: 1, error: 'the file is empty: no record' };
}

function describeByte(byte: number): string {
  // In typographic quotes, which a quote character (the start of a bare JSON string) does not clash with.
  return byte >= 0x20 && byte < 0x7f ? `“${String.fromCharCode(byte)}”` : `the byte 0x${byte.toString(16).padStart(2, '0')}`;
}

/** An element cut out: the record it holds, or why it is not one. */
function readElement(element: Element): SourceItem<JsonRecord> {
  const { line, pieces } = element;
  if (!pieces) return { line, error: `the record is larger than ${MAX_RECORD_CHARS / 1024 / 1024} MB: skipped` };
  const bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: describeSyntaxError(error as Error, text, line) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, error: 'not a JSON object ({…}): each record is an object' };
  return { line, record: (bytes.includes(BOM) ? withoutKeyMarks(value) : value) as JsonRecord };
}

/** "Expected ',' or '}' after property value in JSON at position 6" → "malformed JSON at line 13: expected ',' or '}' after property value". */
function describeSyntaxError(error: Error, text: string, line: number): string {
  const reason = error.message.replace(/\s*in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
  const position = /at position (\d+)/.exec(error.message)?.[1];
  const at = position === undefined ? line : line + countNewlines(text, Number(position));
  return `malformed JSON at line ${at}: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/** The value with a leading byte-order mark taken off its keys (unless that would replace another key). */
function withoutKeyMarks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutKeyMarks);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const keys = new Set(entries.map(([key]) => key));
  // fromEntries defines keys as own properties: a "__proto__" key stays a key.
  return Object.fromEntries(
    entries.map(([key, inner]) => {
      const bare = key.charCodeAt(0) === 0xfeff ? key.slice(1) : key;
      return [bare !== key && keys.has(bare) ? key : bare, withoutKeyMarks(inner)];
    }),
  );
}
