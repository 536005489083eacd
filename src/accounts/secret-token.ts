import { createHash, randomBytes } from 'node:crypto';

/** A random secret with a readable prefix, so a leaked token can be recognised (e.g. by secret scanners). */
export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Secrets are stored as SHA-256: they are random and long, so a slow hash adds nothing. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
