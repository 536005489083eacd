import { BlockList, isIP } from 'node:net';
import { ConfigError } from './config-error.js';
import { normaliseAddress } from './trusted-proxies.js';

/**
 * Host names and address ranges a webhook rule names (`EGIDE_WEBHOOK_ALLOW`, `EGIDE_WEBHOOK_DENY`):
 * `receiver.internal`, `10.1.2.3`, `10.0.0.0/8`, `fd00::/8`.
 */
export class AddressRules {
  private readonly ranges = new BlockList();
  private readonly hosts = new Set<string>();

  constructor(
    setting: string,
    /** As written, for messages and tests. */
    readonly entries: readonly string[] = [],
  ) {
    for (const entry of entries) {
      const [address = '', prefix, ...rest] = entry.split('/');
      const normalised = normaliseAddress(address.replace(/^\[(.*)\]$/, '$1'));
      const family = isIP(normalised);
      if (family === 0 && prefix === undefined && /^[a-z0-9.-]+$/i.test(entry)) {
        this.hosts.add(entry.toLowerCase().replace(/\.$/, ''));
        continue;
      }
      const bits = family === 4 ? 32 : 128;
      const length = prefix === undefined ? bits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
      if (family === 0 || rest.length > 0 || !(length >= 0 && length <= bits)) {
        throw new ConfigError(`${setting}: "${entry}" is neither a host name nor an IP address or CIDR range (receiver.example.org, 10.0.0.0/8, fd00::/8).`);
      }
      this.ranges.addSubnet(normalised, length, family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  static parse(setting: string, text: string | undefined): AddressRules {
    return new AddressRules(setting, (text ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''));
  }

  /** Whether the rules name this host (as the URL writes it) or this address. */
  matches(hostname: string, address?: string): boolean {
    if (this.hosts.has(hostname.toLowerCase().replace(/\.$/, ''))) return true;
    if (address === undefined) return false;
    const normalised = normaliseAddress(address);
    const family = isIP(normalised);
    return family !== 0 && this.ranges.check(normalised, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** Where webhooks may post, how their secrets are sealed, and when a failing one is paused. */
export interface WebhookSettings {
  /** Hosts and ranges reachable although loopback, private or link-local (`EGIDE_WEBHOOK_ALLOW`): a receiver on the same network. */
  allow: AddressRules;
  /** Hosts and ranges refused even when public (`EGIDE_WEBHOOK_DENY`). */
  deny: AddressRules;
  /** Plain `http:` URLs accepted (`EGIDE_WEBHOOK_ALLOW_HTTP`): for tests and local receivers only. */
  allowHttp: boolean;
  /** The AES-256 key sealing the secrets (`EGIDE_WEBHOOK_SECRET_KEY`, 32 bytes in base64 or hex); undefined: a key kept in the database. */
  secretKey: Buffer | undefined;
  /** Failed attempts in a row after which a webhook is paused and its owner told (`EGIDE_WEBHOOK_PAUSE_AFTER`). */
  pauseAfter: number;
}

const DEFAULT_PAUSE_AFTER = 10;

export function parseWebhookSettings(fromEnv: (name: string) => string | undefined): WebhookSettings {
  const allowHttp = fromEnv('EGIDE_WEBHOOK_ALLOW_HTTP')?.trim().toLowerCase();
  if (allowHttp !== undefined && allowHttp !== 'true' && allowHttp !== 'false') throw new ConfigError(`EGIDE_WEBHOOK_ALLOW_HTTP="${allowHttp}": use true or false.`);
  const pauseAfter = fromEnv('EGIDE_WEBHOOK_PAUSE_AFTER')?.trim();
  if (pauseAfter !== undefined && !/^[1-9]\d{0,3}$/.test(pauseAfter)) throw new ConfigError(`EGIDE_WEBHOOK_PAUSE_AFTER="${pauseAfter}": give a whole number of failed attempts from 1 to 9999.`);
  return {
    allow: AddressRules.parse('EGIDE_WEBHOOK_ALLOW', fromEnv('EGIDE_WEBHOOK_ALLOW')),
    deny: AddressRules.parse('EGIDE_WEBHOOK_DENY', fromEnv('EGIDE_WEBHOOK_DENY')),
    allowHttp: allowHttp === 'true',
    secretKey: parseKey(fromEnv('EGIDE_WEBHOOK_SECRET_KEY')?.trim()),
    pauseAfter: pauseAfter === undefined ? DEFAULT_PAUSE_AFTER : Number(pauseAfter),
  };
}

function parseKey(text: string | undefined): Buffer | undefined {
  if (!text) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError('EGIDE_WEBHOOK_SECRET_KEY: give 32 random bytes in base64 or hex (e.g. `openssl rand -base64 32`).');
  return key;
}
