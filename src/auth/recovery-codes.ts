import { randomBytes } from 'node:crypto';
import { base32Encode } from './totp.js';
import { hashSecret } from '../accounts/secret-token.js';

export const RECOVERY_CODE_COUNT = 10;

/**
 * Ten single-use codes of 80 random bits each, written `ABCD-EFGH-JKLM-NPQR` (base32, so no 0/O or
 * 1/I to confuse). That much entropy makes a fast hash (SHA-256) as safe to store as a slow one.
 */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => base32Encode(randomBytes(10)).match(/.{4}/g)!.join('-'));
}

/** The hash a code is stored and looked up by: case, spaces and hyphens as typed do not matter. */
export function hashRecoveryCode(code: string): string {
  return hashSecret(code.toUpperCase().replace(/[^A-Z2-7]/g, ''));
}

/** Whether what was typed at the second step looks like a recovery code rather than a 6-digit code. */
export function looksLikeRecoveryCode(input: string): boolean {
  return /[a-z]/i.test(input);
}
