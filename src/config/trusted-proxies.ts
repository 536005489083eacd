import { BlockList, isIP } from 'node:net';
import { ConfigError } from './config-error.js';

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, as dual-stack sockets report them) is that IPv4 address. */
export function normaliseAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/**
 * The reverse proxies whose `X-Forwarded-For` is believed (`EGIDE_TRUSTED_PROXIES`): addresses and
 * CIDR ranges, IPv4 and IPv6, and `loopback` for a proxy on the same machine.
 */
export class TrustedProxies {
  private readonly list = new BlockList();

  /** Entries as written, for messages and equality in tests. */
  constructor(readonly entries: readonly string[] = []) {
    for (const entry of entries) this.add(entry);
  }

  static parse(text: string | undefined): TrustedProxies {
    const entries = (text ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    return new TrustedProxies(entries);
  }

  trusts(address: string): boolean {
    const normalised = normaliseAddress(address);
    const family = isIP(normalised);
    if (family === 0) return false;
    return this.list.check(normalised, family === 4 ? 'ipv4' : 'ipv6');
  }

  private add(entry: string): void {
    if (entry.toLowerCase() === 'loopback') {
      this.list.addSubnet('127.0.0.0', 8, 'ipv4');
      this.list.addAddress('::1', 'ipv6');
      return;
    }
    const [address = '', prefix, ...rest] = entry.split('/');
    const normalised = normaliseAddress(address);
    const family = isIP(normalised);
    const bits = family === 4 ? 32 : 128;
    const length = prefix === undefined ? bits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (family === 0 || rest.length > 0 || !(length >= 0 && length <= bits)) {
      throw new ConfigError(`EGIDE_TRUSTED_PROXIES: "${entry}" is not an IP address, a CIDR range (10.0.0.0/8, fd00::/8) or "loopback".`);
    }
    this.list.addSubnet(normalised, length, family === 4 ? 'ipv4' : 'ipv6');
  }
}
