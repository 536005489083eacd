/** The database could not be reached (refused, timed out, unknown host, wrong password…). */
export class DatabaseUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnreachableError';
  }
}

/** Codes of a database that cannot be reached or whose connection dropped, rather than of a query it refused. */
const UNREACHABLE_CODES = new Set([
  // Node's network errors, as `pg` passes them on.
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'EPIPE',
  // PostgreSQL: shutting down (admin, crash), starting up, and a database that does not exist (yet).
  '57P01',
  '57P02',
  '57P03',
  '3D000',
]);

/** `pg`'s own errors for a connection that could not be made or was lost, which carry no code. */
const UNREACHABLE_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Client was closed/i;

/**
 * True when `error` (or an error it wraps) says the database could not be reached or the connection
 * dropped: network errors, PostgreSQL's connection exceptions (class 08), shutdowns, authentication
 * failures (class 28). Nothing was done; the same work may be tried again later.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08') || code.startsWith('28'))) return true;
    if (typeof code !== 'string' && UNREACHABLE_MESSAGE.test(cause.message)) return true;
  }
  return false;
}
