import type { Context } from 'hono';

/** Status logged for a request whose client went away before the answer (nginx's convention; never sent). */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * Whether the client closed the connection before we answered: its request then fails (a body read
 * "aborted"), which is no fault of ours. In-process requests (tests) have no socket and never go.
 */
export function clientGone(c: Context): boolean {
  const incoming = (c.env as { incoming?: { socket?: { destroyed?: boolean } | null } } | undefined)?.incoming;
  return c.req.raw.signal.aborted || incoming?.socket?.destroyed === true;
}
