/**
 * The JSON documents of a `.json` / `.jsonld` file as it streams in: one object, an array of
 * objects, or objects one after the other. Each document is cut out of the text by its brackets and
 * parsed on its own, so that a malformed one is reported with its line and column and the others
 * are read; memory holds one document (at most MAX_RECORD_CHARS characters, beyond which it is
 * reported and skipped). Brackets that never close stop the reading (SourceError).
 */
import { SourceError, type SourceItem } from '../import/import-pipeline.js';
import { MAX_RECORD_CHARS } from '../lido/lido-reader.js';

/** A document being cut out. */
interface Segment {
  line: number;
  column: number;
  /** Its text so far; `undefined` once it is too large to keep. */
  text: string | undefined;
  length: number;
}

/** "Unexpected token } in JSON at position 15" → where position 15 is in the document. */
function describeParseError(error: Error, segment: Segment, text: string): string {
  const at = /at position (\d+)/.exec(error.message);
  const reason = error.message.replace(/\s*in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
  if (!at) return `malformed JSON (${reason})`;
  const before = text.slice(0, Number(at[1]));
  const lines = before.split('\n');
  const line = segment.line + lines.length - 1;
  const column = (lines.length === 1 ? segment.column : 1) + lines.at(-1)!.length;
  return `malformed JSON at line ${line}, column ${column}: ${reason}`;
}

/**
 * The documents of the text, each with the line where it starts: what `JSON.parse` makes of it, or
 * why it cannot be read.
 */
export async function* readJsonDocuments(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<SourceItem<unknown>> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let column = 0;
  let depth = 0;
  /** The depth documents start at: 0, or 1 inside a top-level array. */
  let level = 0;
  let inString = false;
  let escaped = false;
  let segment: Segment | undefined;
  const ready: Array<SourceItem<unknown>> = [];

  const finish = () => {
    const done = segment!;
    segment = undefined;
    if (done.text === undefined) {
      ready.push({ line: done.line, error: `the document is larger than ${MAX_RECORD_CHARS / 1024 / 1024} MB: skipped` });
      return;
    }
    try {
      ready.push({ line: done.line, record: JSON.parse(done.text) as unknown });
    } catch (error) {
      ready.push({ line: done.line, error: describeParseError(error as Error, done, done.text) });
    }
  };

  const scan = (text: string) => {
    let from = 0;
    const keep = (to: number) => {
      if (!segment) return;
      segment.length += to - from;
      if (segment.text !== undefined) segment.text = segment.length > MAX_RECORD_CHARS ? undefined : segment.text + text.slice(from, to);
      from = to;
    };
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\n') {
        line += 1;
        column = 0;
      } else column += 1;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      if (!segment && depth === level) {
        if (c === ',') continue;
        if (c === '[' && depth === 0) {
          depth = 1;
          level = 1;
          continue;
        }
        if (c === ']' && level === 1) {
          depth = 0;
          level = 0;
          continue;
        }
        segment = { line, column, text: '', length: 0 };
        from = i;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth += 1;
      else if (c === '}' || c === ']') {
        if (segment && depth === level) {
          // A bare value (a number, true…) ends with the array.
          keep(i);
          finish();
        }
        depth -= 1;
        if (segment && depth === level) {
          keep(i + 1);
          finish();
        } else if (depth < level) {
          if (c !== ']' || level !== 1 || depth !== 0) throw new SourceError(`malformed JSON at line ${line}, column ${column}: "${c}" closes nothing`, line);
          level = 0;
        }
      } else if (segment && depth === level && c === ',') {
        // The end of a bare value (a number, true…) in an array: not a document.
        keep(i);
        finish();
      }
    }
    keep(text.length);
  };

  for await (const chunk of input) {
    let text: string;
    try {
      text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    } catch {
      throw new SourceError('the file is not valid UTF-8 (only UTF-8 is read)', line);
    }
    if (line === 1 && column === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    scan(text);
    yield* ready.splice(0);
  }
  if (segment && depth === level) finish();
  yield* ready.splice(0);
  if (segment || depth > 0) throw new SourceError(`malformed JSON: ${inString ? 'a string' : 'a bracket'} opened at line ${segment?.line ?? line} is never closed`, segment?.line ?? line);
}
