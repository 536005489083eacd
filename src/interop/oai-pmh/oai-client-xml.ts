/**
 * Reading the envelope of OAI-PMH responses from other repositories (harvesting): the protocol's
 * errors with their codes, Identify, and where a list goes on (its resumption token). The records
 * themselves are read by their format's reader (LIDO: lido-reader.ts reads OAI-PMH pages).
 *
 * Safely: saxes never fetches anything and knows only XML's five predefined entities, and any
 * DOCTYPE is refused, so no external entity (XXE) or entity-expansion bomb can be smuggled in.
 */
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { OAI_NS } from './oai-provider.js';

export interface OaiListPage {
  responseDate: string;
  /** The next page's token; absent (or empty in the response) at the end of the list. */
  resumptionToken?: string;
  completeListSize?: number;
  cursor?: number;
}

export interface OaiIdentify {
  responseDate: string;
  repositoryName: string;
  /** `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`. */
  granularity: string;
  earliestDatestamp: string;
  deletedRecord: string;
}

export interface OaiErrorAnswer {
  /** One of the protocol's codes (`OaiErrorCode`), or whatever else a provider sends. */
  code: string;
  message: string;
}

/** What a response holds: the protocol's errors, or the verb's answer. */
export type OaiResponse =
  | { kind: 'errors'; responseDate: string; errors: OaiErrorAnswer[] }
  | { kind: 'identify'; identify: OaiIdentify }
  | { kind: 'list'; page: OaiListPage };

/** The response cannot be read as OAI-PMH: malformed XML, a DOCTYPE, not an OAI-PMH document. */
export class OaiResponseError extends Error {
  override name = 'OaiResponseError';
}

const LIST_VERBS = new Set(['ListRecords', 'ListIdentifiers']);

const attribute = (tag: SaxesTagNS, name: string) => (tag.attributes[name] as SaxesAttributeNS | undefined)?.value;
const count = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);

/** Parses a whole response; throws OaiResponseError with the line when it is not readable OAI-PMH. */
export function parseOaiResponse(xml: string): OaiResponse {
  const parser = new SaxesParser({ xmlns: true, position: true });
  /** Local names of the open OAI-PMH elements, from the root. */
  const path: string[] = [];
  /** Depth inside elements of other namespaces (records' metadata, descriptions), which are not read here. */
  let foreign = 0;
  let text = '';
  let responseDate = '';
  const errors: OaiErrorAnswer[] = [];
  let errorCode = '';
  let verb: string | undefined;
  const identify: Record<string, string> = {};
  let token: { value: string; completeListSize?: number | undefined; cursor?: number | undefined } | undefined;

  const fail = (message: string): never => {
    throw new OaiResponseError(`line ${parser.line}: ${message}`);
  };
  parser.on('doctype', () => fail('the response has a DOCTYPE, which OAI-PMH never needs: refused (it could declare entities)'));
  parser.on('error', (error) => fail(error.message.replace(/^\d+:\d+: /, '')));
  parser.on('opentag', (tag) => {
    if (foreign > 0 || (path.length > 0 && tag.uri !== OAI_NS)) {
      foreign += 1;
      return;
    }
    if (path.length === 0 && (tag.local !== 'OAI-PMH' || tag.uri !== OAI_NS)) {
      fail(`not an OAI-PMH response: the root element is <${tag.name}>${tag.uri ? ` in the namespace ${tag.uri}` : ''}`);
    }
    const parent = path.at(-1);
    path.push(tag.local);
    text = '';
    if (parent === 'OAI-PMH' && tag.local === 'error') errorCode = attribute(tag, 'code') ?? '';
    else if (parent === 'OAI-PMH' && tag.local !== 'responseDate' && tag.local !== 'request') verb = tag.local;
    else if (tag.local === 'resumptionToken' && verb && LIST_VERBS.has(verb)) {
      token = { value: '', completeListSize: count(attribute(tag, 'completeListSize')), cursor: count(attribute(tag, 'cursor')) };
    }
  });
  parser.on('text', (value) => (text += value));
  parser.on('cdata', (value) => (text += value));
  parser.on('closetag', () => {
    if (foreign > 0) {
      foreign -= 1;
      return;
    }
    const name = path.pop();
    const parent = path.at(-1);
    const value = text.trim();
    text = '';
    if (parent === 'OAI-PMH' && name === 'responseDate') responseDate = value;
    else if (parent === 'OAI-PMH' && name === 'error') errors.push({ code: errorCode, message: value });
    else if (parent === 'Identify' && name) identify[name] ??= value;
    else if (name === 'resumptionToken' && token) token.value = value;
  });
  parser.write(xml).close();

  if (!responseDate) fail('not an OAI-PMH response: no responseDate');
  if (errors.length > 0) return { kind: 'errors', responseDate, errors };
  if (verb === 'Identify') {
    return {
      kind: 'identify',
      identify: {
        responseDate,
        repositoryName: identify.repositoryName ?? '',
        granularity: identify.granularity ?? 'YYYY-MM-DD',
        earliestDatestamp: identify.earliestDatestamp ?? '',
        deletedRecord: identify.deletedRecord ?? 'no',
      },
    };
  }
  if (!verb || !LIST_VERBS.has(verb)) fail(`the response answers ${verb ?? 'no verb'}, not a list request`);
  const page: OaiListPage = { responseDate };
  if (token?.value) page.resumptionToken = token.value;
  if (token?.completeListSize !== undefined) page.completeListSize = token.completeListSize;
  if (token?.cursor !== undefined) page.cursor = token.cursor;
  return { kind: 'list', page };
}
