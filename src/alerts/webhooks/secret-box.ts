import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A sealed secret that this key cannot open: the key changed (`EGIDE_WEBHOOK_SECRET_KEY`) since it was sealed. */
export class SecretKeyMismatch extends Error {
  override name = 'SecretKeyMismatch';
}

const VERSION = 'v1';

/**
 * Webhook secrets at rest: Egide signs with them, so they cannot be hashed; they are sealed with
 * AES-256-GCM (a random 96-bit nonce each, the tag authenticating the text), and the key's
 * fingerprint is kept beside each so that a changed key is said plainly.
 */
export class SecretBox {
  /** The key's fingerprint: the first 16 hex digits of its SHA-256. */
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('A secret box needs a 32-byte key.');
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  seal(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${nonce.toString('base64url')}.${sealed.toString('base64url')}`;
  }

  open(sealed: string, keyId: string): string {
    if (keyId !== this.keyId) throw new SecretKeyMismatch(`The webhook secret was sealed with key ${keyId}, not the current key ${this.keyId}.`);
    const [version, nonce = '', body = ''] = sealed.split('.');
    if (version !== VERSION) throw new Error(`Unknown sealed-secret version "${version}".`);
    const bytes = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
  }
}
