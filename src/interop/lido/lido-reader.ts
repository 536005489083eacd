/**
 * Reads LIDO records (1.0 and 1.1, namespace http://www.lido-schema.org, any prefix) as a stream,
 * one `lido:lido` element at a time: from a `lidoWrap`, a bare `lido` record, or an OAI-PMH
 * response carrying LIDO in its records' `metadata` (deleted records come with their header only).
 * Memory holds one record, not the document.
 *
 * Safety, since files come from anywhere:
 * - a DOCTYPE is refused: no DTD is ever read and no entity other than XML's five and character
 *   references is expanded, so neither external entities (XXE: `SYSTEM "file:///etc/passwd"`) nor
 *   entity expansion (billion laughs) can happen;
 * - one record may hold at most MAX_RECORD_CHARS characters (reported and skipped beyond), a single
 *   text, tag or comment as much (the reading stops: it would have to be held whole), and elements
 *   may nest at most MAX_DEPTH deep (the reading stops);
 * - only UTF-8 is read (and US-ASCII, a subset). Invalid bytes are read as U+FFFD, so that one bad
 *   byte costs neither the file nor the record: the import pipeline leaves them out of the texts
 *   with a warning naming the field (in markup, they make their record malformed, as below).
 *
 * Malformed XML inside a record (an undefined entity, a tag closed in the wrong place, a stray `<`)
 * makes that record fail with the line and column of the first problem, and reading goes on with
 * the next record. Outside records, the reading stops there (SourceError): the records before are
 * kept.
 */
import { fileStreamSource } from '../import/file-stream-source.js';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { SourceError, type ImportSource, type SourceItem } from '../import/import-pipeline.js';
import { LIDO_NS } from './lido-writer.js';

export const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Characters one record may hold (about 5 MB): a LIDO record is rarely over 100 kB. */
export const MAX_RECORD_CHARS = 5 * 1024 * 1024;
/** Element nesting, counted from the document root (LIDO in OAI-PMH is about 20 deep). */
export const MAX_DEPTH = 100;

/** An element of a record, its namespace prefix resolved. */
export interface LidoElement {
  /** Local name: "lidoRecID", "term"… */
  name: string;
  /** Namespace URI ("" for none). */
  ns: string;
  /** Attribute values by local name ("type", "sortorder", "pref"…), and "xml:lang". */
  attributes: Record<string, string>;
  /** The language of its text: its own `xml:lang` (or LIDO 1.0's `lido:lang`), else its parent's. */
  lang: string | undefined;
  children: LidoElement[];
  /** Its own text (not its children's), as written. */
  text: string;
  line: number;
}

/** The header of a record in an OAI-PMH response. */
export interface OaiHeader {
  identifier: string;
  datestamp: string | undefined;
  setSpecs: string[];
  deleted: boolean;
}

export interface LidoRecord {
  /** The record's `lidoRecID`; in an OAI-PMH response without one, the header's identifier. */
  id: string | undefined;
  /** The `lido:lido` element; absent for a record deleted at the source (OAI-PMH). */
  lido?: LidoElement;
  oai?: OaiHeader;
}

export interface ResumptionToken {
  token: string;
  completeListSize?: number;
  cursor?: number;
}

export interface LidoReadOptions {
  /** An OAI-PMH response's `resumptionToken` (an empty token ends the list). */
  onResumptionToken?: (token: ResumptionToken) => void;
}

/** What the reader knows of the OAI-PMH record it is in. */
interface OaiRecordState {
  line: number;
  header: OaiHeader;
  /** Header children whose text is being read. */
  reading: 'identifier' | 'datestamp' | 'setSpec' | undefined;
  text: string;
  sawLido: boolean;
}

/** The record being read. */
interface RecordState {
  line: number;
  start: number;
  depth: number;
  root: LidoElement;
  stack: LidoElement[];
  /** Its lidoRecID, once read. */
  id: string | undefined;
  /** Why it cannot be imported (the first problem), once known. */
  problem: string | undefined;
}

const isUtf8 = (encoding: string) => /^(?:utf-?8|us-ascii|ascii)$/i.test(encoding);

/**
 * The LIDO records of a document as it streams in, each with the line where it starts and its id.
 * Throws a SourceError where the document cannot be read any further.
 */
export async function* readLidoRecords(
  input: NodeJS.ReadableStream | AsyncIterable<string | Uint8Array>,
  options: LidoReadOptions = {},
): AsyncGenerator<SourceItem<LidoRecord>> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const ready: Array<SourceItem<LidoRecord>> = [];
  let depth = 0;
  let rootChecked = false;
  let lastEvent = 0;
  let record: RecordState | undefined;
  let oai: OaiRecordState | undefined;
  let token: { attributes: Record<string, string>; text: string } | undefined;
  let oaiError: { code: string; text: string } | undefined;
  /** The line where the tag being opened starts. */
  let tagLine = 1;
  /** Depths of records left unclosed when the next one started (the parser still holds them open). */
  const abandoned: number[] = [];
  let abandonedClosed = false;

  const where = () => `line ${parser.line}, column ${parser.column + 1}`;
  const stop = (message: string): never => {
    throw new SourceError(message, parser.line);
  };
  const spoil = (problem: string) => {
    if (record && record.problem === undefined) record.problem = problem;
  };

  parser.on('error', (error) => {
    const message = error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    // Closing the element around an abandoned record closes that record too: expected, not an error.
    if (abandonedClosed && isUnexpectedCloseTag(message)) {
      abandonedClosed = false;
      return;
    }
    if (record) spoil(`malformed XML at ${where()}: ${message}`);
    else stop(`malformed XML at ${where()}: ${message}`);
  });
  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !isUtf8(decl.encoding)) stop(`the document is in ${decl.encoding}: only UTF-8 is read (convert the file to UTF-8)`);
  });
  parser.on('doctype', () =>
    stop('the document has a DOCTYPE declaration: refused, as DTDs and entities are never read (remove the DOCTYPE; LIDO does not need one)'),
  );
  parser.on('opentagstart', () => {
    tagLine = parser.line;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    lastEvent = parser.position;
    depth += 1;
    if (depth > MAX_DEPTH) stop(`elements are nested more than ${MAX_DEPTH} deep at ${where()}`);
    const ns = tag.uri ?? '';
    if (!rootChecked) {
      rootChecked = true;
      const known = (ns === LIDO_NS && (tag.local === 'lidoWrap' || tag.local === 'lido')) || (ns === OAI_NS && tag.local === 'OAI-PMH');
      if (!known) {
        stop(`the root element <${tag.name}>${ns ? ` (namespace ${ns})` : ''} is not a LIDO lidoWrap or lido (namespace ${LIDO_NS}), nor an OAI-PMH response`);
      }
    }
    if (record) {
      if (ns === LIDO_NS && tag.local === 'lido') {
        // A record that never closed: report it, and read this one.
        spoil(`the record is not closed before the next one starts at line ${tagLine}`);
        abandoned.push(record.depth);
        finishRecord();
      } else {
        openInRecord(tag);
        return;
      }
    }
    if (ns === LIDO_NS && tag.local === 'lido') {
      const root = element(tag, undefined, tagLine);
      record = { line: tagLine, start: parser.position, depth, root, stack: [root], id: undefined, problem: undefined };
      if (oai) oai.sawLido = true;
      return;
    }
    if (ns !== OAI_NS) return;
    if (tag.local === 'record') oai = { line: tagLine, header: { identifier: '', datestamp: undefined, setSpecs: [], deleted: false }, reading: undefined, text: '', sawLido: false };
    else if (tag.local === 'header' && oai) oai.header.deleted = attribute(tag, 'status') === 'deleted';
    else if ((tag.local === 'identifier' || tag.local === 'datestamp' || tag.local === 'setSpec') && oai && !oai.sawLido) {
      oai.reading = tag.local;
      oai.text = '';
    } else if (tag.local === 'resumptionToken') token = { attributes: attributesOf(tag), text: '' };
    else if (tag.local === 'error') oaiError = { code: attribute(tag, 'code') ?? '', text: '' };
  });
  parser.on('text', (text) => {
    lastEvent = parser.position;
    if (record) {
      keepText(text);
    } else if (oai?.reading) oai.text += text;
    else if (token) token.text += text;
    else if (oaiError) oaiError.text += text;
  });
  parser.on('cdata', (text) => {
    lastEvent = parser.position;
    if (record) keepText(text);
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    lastEvent = parser.position;
    depth -= 1;
    if (record) {
      if (depth >= record.depth) {
        const closed = record.problem === undefined ? record.stack.pop() : undefined;
        // The id is kept even if the record turns out too large or malformed further on.
        if (closed?.name === 'lidoRecID' && depth === record.depth && record.id === undefined) record.id = closed.text.trim() || undefined;
        return;
      }
      finishRecord();
      return;
    }
    if (abandoned.at(-1) === depth + 1) {
      abandoned.pop();
      abandonedClosed = true;
      return;
    }
    const ns = tag.uri ?? '';
    if (ns !== OAI_NS) return;
    if (oai?.reading && tag.local === oai.reading) {
      const text = oai.text.trim();
      if (tag.local === 'identifier') oai.header.identifier = text;
      else if (tag.local === 'datestamp') oai.header.datestamp = text;
      else oai.header.setSpecs.push(text);
      oai.reading = undefined;
    } else if (tag.local === 'record' && oai) {
      finishOaiRecord(oai);
      oai = undefined;
    } else if (tag.local === 'resumptionToken' && token) {
      const size = Number(token.attributes.completeListSize);
      const cursor = Number(token.attributes.cursor);
      options.onResumptionToken?.({
        token: token.text.trim(),
        ...(token.attributes.completeListSize !== undefined && Number.isInteger(size) ? { completeListSize: size } : {}),
        ...(token.attributes.cursor !== undefined && Number.isInteger(cursor) ? { cursor } : {}),
      });
      token = undefined;
    } else if (tag.local === 'error' && oaiError) {
      // "No records match" is an empty answer, not a failure.
      if (oaiError.code !== 'noRecordsMatch') stop(`the OAI-PMH response is an error: ${oaiError.code}${oaiError.text.trim() ? ` (${oaiError.text.trim()})` : ''}`);
      oaiError = undefined;
    }
  });

  function openInRecord(tag: SaxesTagNS): void {
    const state = record!;
    checkSize();
    // Past the size limit, the rest of the record is read but not kept.
    if (state.problem !== undefined) return;
    const parent = state.stack.at(-1)!;
    const child = element(tag, parent.lang, tagLine);
    parent.children.push(child);
    state.stack.push(child);
  }

  /** Text of the element being read, unless the record is already known to be skipped. */
  function keepText(text: string): void {
    checkSize();
    if (record!.problem === undefined) record!.stack.at(-1)!.text += text;
  }

  function checkSize(): void {
    if (record && record.problem === undefined && parser.position - record.start > MAX_RECORD_CHARS) {
      spoil(`the record is larger than ${MAX_RECORD_CHARS / 1024 / 1024} MB: skipped`);
      record.root.children = [];
      record.stack = [record.root];
    }
  }

  function finishRecord(): void {
    const state = record!;
    record = undefined;
    const id = state.id ?? (oai?.header.identifier || undefined);
    const position = { line: state.line, ...(id === undefined ? {} : { recordId: id }) };
    if (state.problem !== undefined) ready.push({ ...position, error: state.problem });
    else ready.push({ ...position, record: { id, lido: state.root, ...(oai ? { oai: oai.header } : {}) } });
  }

  function finishOaiRecord(state: OaiRecordState): void {
    if (state.sawLido) return;
    const position = { line: state.line, ...(state.header.identifier ? { recordId: state.header.identifier } : {}) };
    if (state.header.deleted) ready.push({ ...position, record: { id: state.header.identifier || undefined, oai: state.header } });
    else ready.push({ ...position, error: 'the OAI-PMH record carries no LIDO record in its metadata (was it harvested with metadataPrefix=lido?)' });
  }

  const decoder = new TextDecoder('utf-8');
  const write = (text: string) => {
    parser.write(text);
    // A single token (text, tag, comment, DOCTYPE) is held whole by the parser: bound it.
    if (parser.position - lastEvent > MAX_RECORD_CHARS) stop(`a single text, tag or comment is larger than ${MAX_RECORD_CHARS / 1024 / 1024} MB near ${where()}`);
  };
  try {
    for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
      let text: string;
      if (typeof chunk === 'string') text = chunk;
      else text = decoder.decode(chunk, { stream: true });
      write(text);
      yield* ready.splice(0);
    }
    write(decoder.decode());
    parser.close();
    // A record still open at the end of the document.
    if (record) {
      spoil('the record is not closed before the end of the document');
      finishRecord();
    }
    yield* ready.splice(0);
  } catch (error) {
    // Records completed before the reading stopped are good.
    yield* ready.splice(0);
    throw error;
  }
}

function attribute(tag: SaxesTagNS, local: string): string | undefined {
  for (const attr of Object.values(tag.attributes)) if (attr.local === local) return attr.value;
  return undefined;
}

function attributesOf(tag: SaxesTagNS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const attr of Object.values(tag.attributes)) {
    if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
    out[attr.uri === XML_NS ? `xml:${attr.local}` : attr.local] = attr.value;
  }
  return out;
}

function element(tag: SaxesTagNS, parentLang: string | undefined, line: number): LidoElement {
  const attributes = attributesOf(tag);
  const own = attributes['xml:lang'] ?? attributes.lang;
  return { name: tag.local, ns: tag.uri ?? '', attributes, lang: own?.trim() || parentLang, children: [], text: '', line };
}

/** A LIDO file, or an OAI-PMH response carrying LIDO, as an import source ("invalid" if it cannot be opened). */
export function openLidoSource(path: string): ImportSource<LidoRecord> {
  return fileStreamSource(path, readLidoRecords);
}

/**
 * saxes's report of a close tag with no element open: saxes gives its errors no code, so its message
 * is the only sign; this is the one place that reads it.
 */
function isUnexpectedCloseTag(message: string): boolean {
  return message === 'unexpected close tag.';
}
