import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults: port 8080, ./data, all interfaces, info logs, cookies not Secure', () => {
    expect(loadConfig({}, {})).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: resolve('./data'),
      logLevel: 'info',
      secureCookies: false,
    });
  });

  it('reads PORT, EGIDE_DATA, EGIDE_HOST, EGIDE_LOG_LEVEL and EGIDE_SECURE_COOKIES from the environment', () => {
    const config = loadConfig(
      {},
      { PORT: '3000', EGIDE_DATA: '/srv/egide', EGIDE_HOST: '127.0.0.1', EGIDE_LOG_LEVEL: 'warn', EGIDE_SECURE_COOKIES: 'true' },
    );
    expect(config).toEqual({ port: 3000, host: '127.0.0.1', dataDir: '/srv/egide', logLevel: 'warn', secureCookies: true });
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

  it('accepts port 0 (any free port) and 65535', () => {
    expect(loadConfig({ port: 0 }, {}).port).toBe(0);
    expect(loadConfig({ port: '65535' }, {}).port).toBe(65535);
  });

  it('only EGIDE_SECURE_COOKIES=true turns Secure cookies on', () => {
    expect(loadConfig({}, { EGIDE_SECURE_COOKIES: '1' }).secureCookies).toBe(false);
    expect(loadConfig({}, { EGIDE_SECURE_COOKIES: 'false' }).secureCookies).toBe(false);
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
