import { describe, expect, it } from 'vitest';
import { AddressRules } from '../../config/webhook-settings.js';
import { WebhookUrlPolicy, WebhookUrlRefused, type PinnedAddress, type UrlRefusal } from './url-policy.js';

const DNS: Record<string, string[]> = {
  'hooks.example.org': ['93.184.216.34'],
  'v6.example.org': ['2606:2800:220:1:248:1893:25c8:1946'],
  'rebind.example.org': ['93.184.216.34', '10.0.0.7'],
  'receiver.internal': ['10.1.2.3'],
};
const resolver = async (host: string): Promise<PinnedAddress[]> => (DNS[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

function policy(settings: { allow?: string; deny?: string; allowHttp?: boolean } = {}) {
  return new WebhookUrlPolicy({ allow: AddressRules.parse('EGIDE_WEBHOOK_ALLOW', settings.allow), deny: AddressRules.parse('EGIDE_WEBHOOK_DENY', settings.deny), allowHttp: settings.allowHttp ?? false }, resolver);
}

async function refusal(promise: Promise<unknown>): Promise<UrlRefusal> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(WebhookUrlRefused);
  return (error as WebhookUrlRefused).reason;
}

describe('the webhook URL policy', () => {
  it('accepts an HTTPS URL whose host resolves to public addresses, pinning the address checked', async () => {
    const { url, pinned } = await policy().check('https://hooks.example.org/egide?x=1#part');
    expect(url.href).toBe('https://hooks.example.org/egide?x=1');
    expect(pinned).toEqual({ address: '93.184.216.34', family: 4 });
    expect((await policy().check('https://v6.example.org/')).pinned.family).toBe(6);
  });

  it('refuses what is not an absolute https URL, and credentials in it', async () => {
    expect(await refusal(policy().check('hooks.example.org/egide'))).toBe('not-a-url');
    expect(await refusal(policy().check('http://hooks.example.org/'))).toBe('scheme');
    expect(await refusal(policy().check('ftp://hooks.example.org/'))).toBe('scheme');
    expect(await refusal(policy().check('file:///etc/passwd'))).toBe('scheme');
    expect(await refusal(policy().check('https://user:pass@hooks.example.org/'))).toBe('credentials');
    expect(await refusal(policy().check(`https://hooks.example.org/${'a'.repeat(2000)}`))).toBe('not-a-url');
    // Plain HTTP only when configured (tests, a receiver on the same machine).
    expect((await policy({ allowHttp: true }).check('http://hooks.example.org/')).url.protocol).toBe('http:');
  });

  it('refuses loopback, private, link-local (metadata), unique-local, CGNAT, multicast and reserved addresses, written or resolved', async () => {
    for (const host of ['127.0.0.1', '127.9.9.9', '[::1]', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '[fd00:ec2::254]', '[fe80::1]', '224.0.0.1', '0.0.0.0', '240.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:a9fe:a9fe]', '[64:ff9b::a00:1]']) {
      expect(await refusal(policy().check(`https://${host}/hook`)), host).toBe('blocked');
    }
    expect(await refusal(policy().check('https://receiver.internal/hook'))).toBe('blocked');
  });

  it('refuses a name with any non-public address among those it resolves to, and one that resolves to nothing', async () => {
    expect(await refusal(policy().check('https://rebind.example.org/'))).toBe('blocked');
    expect(await refusal(policy().check('https://nowhere.example.org/'))).toBe('unresolvable');
  });

  it('reaches a non-public host or range that EGIDE_WEBHOOK_ALLOW names, and nothing EGIDE_WEBHOOK_DENY names', async () => {
    expect((await policy({ allow: 'receiver.internal' }).check('https://receiver.internal/')).pinned.address).toBe('10.1.2.3');
    expect((await policy({ allow: '127.0.0.0/8' }).check('https://127.0.0.1:8443/')).pinned.address).toBe('127.0.0.1');
    expect((await policy({ allow: '10.1.0.0/16' }).check('https://receiver.internal/')).pinned.address).toBe('10.1.2.3');
    // Allowing one range does not open the others.
    expect(await refusal(policy({ allow: '10.1.0.0/16' }).check('https://169.254.169.254/'))).toBe('blocked');
    expect(await refusal(policy({ deny: 'hooks.example.org' }).check('https://hooks.example.org/'))).toBe('denied');
    expect(await refusal(policy({ deny: '93.184.216.0/24' }).check('https://hooks.example.org/'))).toBe('denied');
  });

  it('rules refuse entries that are neither host names nor addresses or ranges', () => {
    expect(() => AddressRules.parse('EGIDE_WEBHOOK_ALLOW', '10.0.0.0/33')).toThrow(/EGIDE_WEBHOOK_ALLOW: "10.0.0.0\/33"/);
    expect(() => AddressRules.parse('EGIDE_WEBHOOK_DENY', 'http://x')).toThrow(/EGIDE_WEBHOOK_DENY/);
  });
});
