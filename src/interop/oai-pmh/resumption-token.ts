/**
 * Stateless OAI-PMH resumption tokens: the list request's arguments and the position reached,
 * as base64url JSON. Nothing is kept on the server, so tokens survive restarts and work on any
 * instance. The position is the (datestamp, id) of the last record sent, not an offset: records
 * changed during a harvest move to the end of the list instead of shifting pages, so none is
 * skipped. A token only ever selects public records, so a forged one reveals nothing more.
 */
import type { ChangeCursor } from '../export.repository.js';

export type ListVerb = 'ListIdentifiers' | 'ListRecords';

export interface ListState {
  verb: ListVerb;
  metadataPrefix: string;
  set?: string | undefined;
  /** Normalised bounds (ISO 8601 with milliseconds), as the query uses them. */
  from?: string | undefined;
  until?: string | undefined;
  after: ChangeCursor;
  /** Records sent before the next page. */
  cursor: number;
}

interface Encoded {
  v: 1;
  verb: ListVerb;
  p: string;
  s?: string;
  f?: string;
  u?: string;
  a: string;
  i: string;
  c: number;
}

export function encodeToken(state: ListState): string {
  const body: Encoded = {
    v: 1,
    verb: state.verb,
    p: state.metadataPrefix,
    ...(state.set ? { s: state.set } : {}),
    ...(state.from ? { f: state.from } : {}),
    ...(state.until ? { u: state.until } : {}),
    a: state.after.updatedAt,
    i: state.after.id,
    c: state.cursor,
  };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 200;
const optional = (value: unknown) => value === undefined || isString(value);

/** The state a token carries, or `undefined` if it is not one of ours (or not for this verb). */
export function decodeToken(token: string, verb: ListVerb): ListState | undefined {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(token)) return undefined;
  let body: Partial<Encoded>;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Encoded>;
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || body.v !== 1 || body.verb !== verb) return undefined;
  if (!isString(body.p) || !isString(body.a) || !isString(body.i) || !optional(body.s) || !optional(body.f) || !optional(body.u)) return undefined;
  if (typeof body.c !== 'number' || !Number.isInteger(body.c) || body.c < 0) return undefined;
  return { verb, metadataPrefix: body.p, set: body.s, from: body.f, until: body.u, after: { updatedAt: body.a, id: body.i }, cursor: body.c };
}
