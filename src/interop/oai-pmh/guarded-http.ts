/**
 * HTTP GET for harvesting, guarded against server-side request forgery: a repository URL, or a
 * redirect, must not make Egide fetch from the machine itself or the private network it sits in
 * (an admin interface on localhost, a cloud metadata service at 169.254.169.254). Every address a
 * host name resolves to is checked, at the moment of connecting (node:http's `lookup`), so that a
 * name cannot resolve to a public address when checked and a private one when used. Redirects are
 * not followed here: the client (oai-client.ts) checks each target first.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { normaliseAddress } from '../../config/trusted-proxies.js';

/** The request was refused before anything was sent: its address is not one a harvest may reach. */
export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
}

/** Loopback, private, link-local, shared, multicast and reserved ranges: nothing a public repository is at. */
const NON_PUBLIC = new BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NON_PUBLIC.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
  // IPv4 inside IPv6 (NAT64, 6to4, IPv4-compatible): the IPv4 address is checked instead (embeddedIpv4).
] as const) NON_PUBLIC.addSubnet(address, prefix, 'ipv6');

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const normalised = normaliseAddress(address);
  const family = isIP(normalised);
  if (family === 4) return NON_PUBLIC.check(normalised, 'ipv4');
  if (family !== 6) return true; // not an address: refuse rather than guess
  const embedded = embeddedIpv4(normalised);
  return embedded !== undefined ? NON_PUBLIC.check(embedded, 'ipv4') : NON_PUBLIC.check(normalised, 'ipv6');
}

/** The IPv4 address an IPv6 one carries: mapped (::ffff:a.b.c.d, also in hex), NAT64 (64:ff9b::/96), 6to4 (2002::/16). */
function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return v4(groups[6]!, groups[7]!);
  if (zeros(0, 6) && (groups[6] !== 0 || groups[7]! > 1)) return v4(groups[6]!, groups[7]!); // IPv4-compatible (deprecated)
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part read as two groups). */
function expandIpv6(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const start = parse(head);
  const end = tail === undefined ? [] : parse(tail);
  return [...start, ...new Array<number>(8 - start.length - end.length).fill(0), ...end];
}

/** DNS lookup that fails for a name with any non-public address among those it resolves to. */
function guardedLookup(hostname: string): LookupFunction {
  return ((name: string, options: LookupOneOptions | LookupAllOptions, callback: (...args: unknown[]) => void) => {
    dnsLookup(name, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const blocked = addresses.find((entry) => isNonPublicAddress(entry.address));
      if (blocked) return callback(new BlockedAddressError(`${hostname} resolves to ${blocked.address}, a loopback, private or link-local address`));
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as LookupFunction;
}

export interface GuardedGetOptions {
  signal: AbortSignal;
  headers: Record<string, string>;
  /** Reach loopback, private and link-local addresses too (a repository on the same network). */
  allowPrivate: boolean;
}

/** GET `url` without following redirects; a web Response, as fetch gives. */
export async function guardedGet(url: URL, options: GuardedGetOptions): Promise<Response> {
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // An address written in the URL is not looked up, so it is checked here.
  if (!options.allowPrivate && isIP(literal) !== 0 && isNonPublicAddress(literal)) {
    throw new BlockedAddressError(`${literal} is a loopback, private or link-local address`);
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'GET', headers: options.headers, signal: options.signal, ...(options.allowPrivate ? {} : { lookup: guardedLookup(url.hostname) }) }, (incoming) => resolve(asResponse(incoming)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Statuses whose responses have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([204, 205, 304]);

function asResponse(incoming: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  // The Response constructor takes 200–599 only; anything else is a broken server.
  const status = incoming.statusCode !== undefined && incoming.statusCode >= 200 && incoming.statusCode <= 599 ? incoming.statusCode : 502;
  const body = NULL_BODY.has(status) ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
  if (!body) incoming.resume();
  return new Response(body, { status, statusText: incoming.statusMessage ?? '', headers });
}
