import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { parseTwoFactorRoles } from './two-factor-roles.js';

describe('EGIDE_REQUIRE_2FA_ROLES', () => {
  it('requires a second factor of admins and investigators when unset or empty', () => {
    expect(loadConfig({}, {}).twoFactorRoles).toEqual(['admin', 'investigator']);
    expect(loadConfig({}, { EGIDE_REQUIRE_2FA_ROLES: '' }).twoFactorRoles).toEqual(['admin', 'investigator']);
  });

  it('reads a comma-separated list of roles, or none', () => {
    expect(parseTwoFactorRoles('admin, registrar,investigator')).toEqual(['admin', 'registrar', 'investigator']);
    expect(parseTwoFactorRoles('admin')).toEqual(['admin']);
    expect(parseTwoFactorRoles('none')).toEqual([]);
  });

  it('names an unknown role', () => {
    expect(() => parseTwoFactorRoles('admin,police')).toThrow(ConfigError);
    expect(() => parseTwoFactorRoles('admin,police')).toThrow('EGIDE_REQUIRE_2FA_ROLES="admin,police": unknown role police');
  });
});
