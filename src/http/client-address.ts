import type { Context } from 'hono';
import { normaliseAddress, type TrustedProxies } from '../config/trusted-proxies.js';

/** The peer's address on a real socket; requests made in-process (tests) have none. */
function peerAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}

/**
 * The client's address. Behind a trusted reverse proxy it is the last address of `X-Forwarded-For`
 * that is not itself a trusted proxy (each proxy appends its peer on the right; what is further left
 * was written by the client and could be forged). From any other peer the header is ignored.
 */
export function clientAddress(c: Context, trustedProxies: TrustedProxies): string {
  const peer = normaliseAddress(peerAddress(c));
  if (!trustedProxies.trusts(peer)) return peer;
  const hops = (c.req.header('X-Forwarded-For') ?? '')
    .split(',')
    .map((hop) => normaliseAddress(hop.trim()))
    .filter((hop) => hop !== '');
  for (let index = hops.length - 1; index >= 0; index--) {
    if (!trustedProxies.trusts(hops[index]!)) return hops[index]!;
  }
  // Every hop is a proxy of ours (or there is no header): the leftmost one is the nearest to the client.
  return hops[0] ?? peer;
}
