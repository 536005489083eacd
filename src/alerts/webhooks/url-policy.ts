import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { WebhookSettings } from '../../config/webhook-settings.js';
import { isNonPublicAddress } from '../../interop/oai-pmh/guarded-http.js';

/** Why a webhook URL is refused: each has its message on the pages (`webhooks.refused.*`). */
export type UrlRefusal = 'not-a-url' | 'scheme' | 'credentials' | 'unresolvable' | 'blocked' | 'denied';

/** A URL the policy refuses, when registered or when delivered to. */
export class WebhookUrlRefused extends Error {
  override name = 'WebhookUrlRefused';
  constructor(
    readonly reason: UrlRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** The address a delivery connects to: checked, then used for the connection (no second lookup to rebind). */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<PinnedAddress[]>;

const resolveAll: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));

const MAX_URL_LENGTH = 2000;

/**
 * Where webhooks may post, against server-side request forgery: HTTPS only (plain HTTP when
 * configured, for tests), no user name or password in the URL, and every address the host resolves
 * to public — not loopback, private, link-local (cloud metadata at 169.254.169.254), unique-local,
 * shared (CGNAT), multicast or reserved — unless `EGIDE_WEBHOOK_ALLOW` names the host or range;
 * `EGIDE_WEBHOOK_DENY` refuses hosts and ranges whatever they are. Checked when a webhook is
 * registered and again at each delivery, whose connection goes to the address checked.
 */
export class WebhookUrlPolicy {
  constructor(
    private readonly settings: Pick<WebhookSettings, 'allow' | 'deny' | 'allowHttp'>,
    private readonly resolve: Resolver = resolveAll,
  ) {}

  /** The URL, if its form is acceptable (nothing is resolved). */
  parse(text: string): URL {
    let url: URL;
    try {
      url = new URL(text.trim());
    } catch {
      throw new WebhookUrlRefused('not-a-url', `"${text}" is not an absolute URL.`);
    }
    if (text.length > MAX_URL_LENGTH) throw new WebhookUrlRefused('not-a-url', `The URL is longer than ${MAX_URL_LENGTH} characters.`);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.settings.allowHttp)) throw new WebhookUrlRefused('scheme', `Webhooks are sent over HTTPS only, not ${url.protocol.replace(':', '')}.`);
    if (url.username || url.password) throw new WebhookUrlRefused('credentials', 'The URL holds a user name or password: the signature authenticates Egide instead.');
    url.hash = '';
    return url;
  }

  /** Resolves the URL's host and checks every address; the one to connect to. */
  async pin(url: URL): Promise<PinnedAddress> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const { allow, deny } = this.settings;
    if (deny.matches(host)) throw new WebhookUrlRefused('denied', `${host} is refused by EGIDE_WEBHOOK_DENY.`);
    let addresses: PinnedAddress[];
    if (isIP(host) !== 0) {
      addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
    } else {
      try {
        addresses = await this.resolve(host);
      } catch {
        addresses = [];
      }
      if (addresses.length === 0) throw new WebhookUrlRefused('unresolvable', `${host} does not resolve to any address.`);
    }
    for (const { address } of addresses) {
      if (deny.matches(host, address)) throw new WebhookUrlRefused('denied', `${host} resolves to ${address}, refused by EGIDE_WEBHOOK_DENY.`);
      if (isNonPublicAddress(address) && !allow.matches(host, address)) {
        throw new WebhookUrlRefused('blocked', `${host} resolves to ${address}, a loopback, private, link-local or otherwise non-public address.`);
      }
    }
    return addresses[0]!;
  }

  /** `parse` then `pin`: the URL and the address it will be posted to. */
  async check(text: string): Promise<{ url: URL; pinned: PinnedAddress }> {
    const url = this.parse(text);
    return { url, pinned: await this.pin(url) };
  }
}
