import { isRole, type Role } from '../roles.js';
import { ConfigError } from './config-error.js';

export const DEFAULT_TWO_FACTOR_ROLES: readonly Role[] = ['admin', 'investigator'];

/**
 * `EGIDE_REQUIRE_2FA_ROLES`: comma-separated roles that must sign in with a second factor, or `none`.
 * Unset (or empty, as for every setting) means admins and investigators.
 */
export function parseTwoFactorRoles(value: string | undefined): readonly Role[] {
  if (value === undefined) return DEFAULT_TWO_FACTOR_ROLES;
  if (value.trim() === 'none') return [];
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new ConfigError(`EGIDE_REQUIRE_2FA_ROLES="${value}": unknown role ${unknown.join(', ')} (roles: admin, registrar, investigator).`);
  return roles as Role[];
}
