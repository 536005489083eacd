import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { isLocalHostName, parseHostNames } from './host-names.js';

describe('host names', () => {
  it('knows the names that only reach this machine', () => {
    for (const name of ['localhost', 'LOCALHOST', 'localhost.', 'egide.localhost', '127.0.0.1', '127.8.9.10', '[::1]']) expect(isLocalHostName(name), name).toBe(true);
    for (const name of ['evil.example', 'localhost.evil.example', 'evillocalhost', '127.0.0.1.evil.example', '127.example', '10.0.0.1', '[::2]', '0.0.0.0']) expect(isLocalHostName(name), name).toBe(false);
  });

  it('reads comma-separated names in lower case, and names the setting of one that is not a host name', () => {
    expect(parseHostNames('EGIDE_ALLOWED_HOSTS', ' Egide.Example.org ,,10.0.0.5, [fd00::1] ')).toEqual(['egide.example.org', '10.0.0.5', '[fd00::1]']);
    expect(parseHostNames('EGIDE_ALLOWED_HOSTS', undefined)).toEqual([]);
    for (const bad of ['egide.example.org:8080', 'https://egide.example.org', 'egide.example.org/path', 'a b']) {
      expect(() => parseHostNames('EGIDE_ALLOWED_HOSTS', bad)).toThrow(ConfigError);
    }
  });
});
