import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, harvestNetworkSettings, loadConfig, requireBaseUrlInProduction } from './config.js';
import { TrustedProxies } from './trusted-proxies.js';
import { DEFAULT_IDENTIFY_SETTINGS } from './identify-settings.js';
import { AddressRules } from './webhook-settings.js';

describe('loadConfig', () => {
  it('has defaults: port 8080, ./data, all interfaces, info logs, no base URL, cookies not Secure, no HSTS, no trusted proxy, timeouts in seconds, webhooks HTTPS-only paused after 10 failures', () => {
    expect(loadConfig({}, {})).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: resolve('./data'),
      logLevel: 'info',
      baseUrl: undefined,
      secureCookies: false,
      hsts: false,
      trustedProxies: new TrustedProxies([]),
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      databaseConnectTimeoutMs: 60_000,
      databaseUrl: undefined,
      photoStorage: { kind: 'folder', photosDir: resolve('data/photos'), identificationsDir: resolve('data/identifications') },
      identification: DEFAULT_IDENTIFY_SETTINGS,
      allowedHosts: [],
      production: false,
      twoFactorRoles: ['admin', 'investigator'],
      alertMail: { smtpUrl: undefined, from: 'Egide <alerts@localhost>', digestHourUtc: 7 },
      webhooks: { allow: new AddressRules('EGIDE_WEBHOOK_ALLOW'), deny: new AddressRules('EGIDE_WEBHOOK_DENY'), allowHttp: false, secretKey: undefined, pauseAfter: 10 },
    });
  });

  it('reads PORT, EGIDE_DATA, EGIDE_HOST, EGIDE_LOG_LEVEL and EGIDE_SECURE_COOKIES from the environment', () => {
    const config = loadConfig(
      {},
      { PORT: '3000', EGIDE_DATA: '/srv/egide', EGIDE_HOST: '127.0.0.1', EGIDE_LOG_LEVEL: 'warn', EGIDE_SECURE_COOKIES: 'true' },
    );
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: '/srv/egide', logLevel: 'warn', secureCookies: true });
  });

  it('command-line flags win over the environment', () => {
    const env = { PORT: '3000', EGIDE_DATA: '/srv/egide', EGIDE_HOST: '127.0.0.1', EGIDE_LOG_LEVEL: 'warn' };
    const config = loadConfig({ port: '4000', data: 'elsewhere', host: '::1', logLevel: 'debug' }, env);
    expect(config).toMatchObject({ port: 4000, dataDir: resolve('elsewhere'), host: '::1', logLevel: 'debug' });
  });

  it('a flag given alone still falls back to the environment for the others', () => {
    expect(loadConfig({ port: 5000 }, { EGIDE_DATA: '/srv/egide' })).toMatchObject({ port: 5000, dataDir: '/srv/egide' });
  });

  it('makes the data folder absolute', () => {
    expect(loadConfig({ data: 'relative/dir' }, {}).dataDir).toBe(resolve('relative/dir'));
  });

  it('refuses a data folder that is a file, naming it', () => {
    const folder = mkdtempSync(join(tmpdir(), 'egide-config-'));
    const file = join(folder, 'egide.sqlite');
    writeFileSync(file, '');
    try {
      expect(() => loadConfig({ data: file }, {})).toThrow(ConfigError);
      expect(() => loadConfig({}, { EGIDE_DATA: file })).toThrow(`The data folder ${file} (--data or EGIDE_DATA) is a file`);
      expect(loadConfig({ data: join(folder, 'not-yet') }, {}).dataDir).toBe(join(folder, 'not-yet'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('accepts port 0 (any free port) and 65535', () => {
    expect(loadConfig({ port: 0 }, {}).port).toBe(0);
    expect(loadConfig({ port: '65535' }, {}).port).toBe(65535);
  });

  it('EGIDE_SECURE_COOKIES=true|false turns Secure cookies on or off; anything else is refused by name', () => {
    expect(loadConfig({}, { EGIDE_SECURE_COOKIES: 'TRUE' }).secureCookies).toBe(true);
    expect(loadConfig({}, { EGIDE_SECURE_COOKIES: 'false' }).secureCookies).toBe(false);
    expect(() => loadConfig({}, { EGIDE_SECURE_COOKIES: '1' })).toThrow(/EGIDE_SECURE_COOKIES="1": use true or false/);
  });

  it('an https base URL turns Secure cookies and HSTS on by default; EGIDE_SECURE_COOKIES and EGIDE_HSTS override', () => {
    const https = { EGIDE_BASE_URL: 'https://egide.example.org/' };
    expect(loadConfig({}, https)).toMatchObject({ baseUrl: 'https://egide.example.org', secureCookies: true, hsts: true });
    expect(loadConfig({}, { EGIDE_BASE_URL: 'http://egide.example.org' })).toMatchObject({ secureCookies: false, hsts: false });
    expect(loadConfig({}, { ...https, EGIDE_SECURE_COOKIES: 'false', EGIDE_HSTS: 'false' })).toMatchObject({ secureCookies: false, hsts: false });
    expect(loadConfig({}, { EGIDE_HSTS: 'true' }).hsts).toBe(true);
    expect(() => loadConfig({}, { EGIDE_HSTS: 'yes' })).toThrow(ConfigError);
  });

  it.each(['egide.example.org', 'ftp://egide.example.org'])('refuses the base URL %j with a ConfigError', (base) => {
    expect(() => loadConfig({}, { EGIDE_BASE_URL: base })).toThrow(/EGIDE_BASE_URL/);
  });

  it('reads EGIDE_TRUSTED_PROXIES: addresses, CIDR ranges of both families and "loopback"', () => {
    const { trustedProxies } = loadConfig({}, { EGIDE_TRUSTED_PROXIES: ' 10.0.0.0/8, 192.168.1.7 ,fd00::/8, loopback' });
    expect(trustedProxies.entries).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'loopback']);
    for (const trusted of ['10.1.2.3', '::ffff:10.9.9.9', '192.168.1.7', 'fd12::1', '127.0.0.1', '::1']) expect(trustedProxies.trusts(trusted), trusted).toBe(true);
    for (const untrusted of ['11.0.0.1', '192.168.1.8', 'fe80::1', '2001:db8::1', 'local', '']) expect(trustedProxies.trusts(untrusted), untrusted).toBe(false);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', 'proxy.example.org', '10.0.0.1/8/2', '10.0.0.0/x'])('refuses the trusted proxy %j, naming the setting', (entry) => {
    expect(() => loadConfig({}, { EGIDE_TRUSTED_PROXIES: `loopback,${entry}` })).toThrow(new RegExp(`EGIDE_TRUSTED_PROXIES: "${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
  });

  it('reads the request and headers timeouts in seconds; the headers one never exceeds the request one', () => {
    expect(loadConfig({}, { EGIDE_REQUEST_TIMEOUT: '5', EGIDE_HEADERS_TIMEOUT: '2.5' })).toMatchObject({ requestTimeoutMs: 5000, headersTimeoutMs: 2500 });
    expect(loadConfig({}, { EGIDE_REQUEST_TIMEOUT: '3' })).toMatchObject({ requestTimeoutMs: 3000, headersTimeoutMs: 3000 });
    for (const bad of ['0', '-1', 'ten', '5s']) expect(() => loadConfig({}, { EGIDE_REQUEST_TIMEOUT: bad })).toThrow(/EGIDE_REQUEST_TIMEOUT/);
  });

  it('treats an empty environment variable as unset', () => {
    expect(loadConfig({}, { PORT: '', EGIDE_DATA: '', EGIDE_HOST: '', EGIDE_LOG_LEVEL: '' })).toMatchObject({
      port: 8080,
      dataDir: resolve('./data'),
      host: '0.0.0.0',
      logLevel: 'info',
    });
  });

  it.each(['abc', '-1', '65536', '80.5', '', ' ', '0x50', '1e3', '80abc'])('refuses the port %j with a ConfigError', (port) => {
    expect(() => loadConfig({ port }, {})).toThrow(ConfigError);
    if (port !== '') expect(() => loadConfig({}, { PORT: port })).toThrow(/Invalid port/);
  });

  it('refuses an unknown log level with a ConfigError naming the choices', () => {
    expect(() => loadConfig({ logLevel: 'verbose' }, {})).toThrow(ConfigError);
    expect(() => loadConfig({}, { EGIDE_LOG_LEVEL: 'loud' })).toThrow(/debug, info, warn, error, silent/);
  });
});

describe('harvestNetworkSettings', () => {
  it('refuses private addresses and other hosts by default; flags win over EGIDE_HARVEST_ALLOW_PRIVATE and EGIDE_HARVEST_ALLOWED_HOSTS', () => {
    expect(harvestNetworkSettings({}, {})).toEqual({ allowPrivate: false, redirectHosts: [] });
    const env = { EGIDE_HARVEST_ALLOW_PRIVATE: 'true', EGIDE_HARVEST_ALLOWED_HOSTS: 'OAI.example.org, [::1]' };
    expect(harvestNetworkSettings({}, env)).toEqual({ allowPrivate: true, redirectHosts: ['oai.example.org', '[::1]'] });
    expect(harvestNetworkSettings({ allowPrivate: true, allowRedirect: 'cdn.example.net' }, { EGIDE_HARVEST_ALLOW_PRIVATE: 'false' })).toEqual({ allowPrivate: true, redirectHosts: ['cdn.example.net'] });
  });

  it('names the setting it cannot read', () => {
    expect(() => harvestNetworkSettings({}, { EGIDE_HARVEST_ALLOW_PRIVATE: 'yes' })).toThrow(new ConfigError('EGIDE_HARVEST_ALLOW_PRIVATE="yes": use true or false.'));
    expect(() => harvestNetworkSettings({ allowRedirect: 'https://evil.example/' }, {})).toThrow(
      new ConfigError('--allow-redirect: "https://evil.example/" is not a host name: give names such as egide.example.org (no scheme, port or path), separated by commas.'),
    );
  });
});

describe('the public address in production', () => {
  it('reads NODE_ENV and EGIDE_ALLOWED_HOSTS, naming the setting of a name it cannot read', () => {
    expect(loadConfig({}, { NODE_ENV: 'production', EGIDE_ALLOWED_HOSTS: 'Egide.Example.org, [::1]' })).toMatchObject({ production: true, allowedHosts: ['egide.example.org', '[::1]'] });
    expect(() => loadConfig({}, { EGIDE_ALLOWED_HOSTS: 'https://egide.example.org' })).toThrow(/^EGIDE_ALLOWED_HOSTS: "https:\/\/egide.example.org" is not a host name/);
  });

  it('egide serve refuses to start in production without EGIDE_BASE_URL', () => {
    expect(() => requireBaseUrlInProduction(loadConfig({}, { NODE_ENV: 'production' }))).toThrow(new ConfigError('NODE_ENV=production: set EGIDE_BASE_URL to the public address (e.g. https://egide.example.org); Egide does not take it from the requests it receives.'));
    expect(() => requireBaseUrlInProduction(loadConfig({}, { NODE_ENV: 'production', EGIDE_BASE_URL: 'https://egide.example.org' }))).not.toThrow();
    expect(() => requireBaseUrlInProduction(loadConfig({}, {}))).not.toThrow();
  });
});
