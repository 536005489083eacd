import { base64url, calculateJwkThumbprint, CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { SigningKeyRepository, StoredKey } from './signing-key.repository.js';

/** How long a process signs with the key it loaded before looking for a newer one in the database. */
const KEY_RECHECK_MS = 60_000;

/** Ed25519 (RFC 8037): small keys and signatures, deterministic, in every JOSE library. */
export const SIGNING_ALGORITHM = 'EdDSA';

/** An Ed25519 public key as published (RFC 8037: `kty` OKP, `crv` Ed25519, `x` the key). */
export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
  alg: string;
  use: string;
}

/**
 * Signs files with the network's Ed25519 key, as detached JWS (RFC 7515 appendix F): the compact
 * serialisation with its payload left out, `<header>..<signature>`. Anyone verifies a file with the
 * public keys at `/.well-known/jwks.json`: base64url the file's bytes, put them between the two dots.
 * The key is made on first use and kept in the database; every instance then signs with it.
 */
export class SigningService {
  private key: Promise<{ stored: StoredKey; privateKey: CryptoKey }> | undefined;
  /** When the key in memory was last compared with the database's current one. */
  private checkedAt = 0;

  constructor(private readonly keys: SigningKeyRepository) {}

  /**
   * A compact JWS (RFC 7515) of `payload`, embedded: `<header>.<payload>.<signature>`, the key id
   * (its RFC 7638 thumbprint), `typ` and the signing time in the protected header.
   */
  async signCompact(payload: Uint8Array, typ: string, signedAt: Date = new Date()): Promise<string> {
    const { stored, privateKey } = await this.currentKey();
    return new CompactSign(payload).setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: stored.kid, typ, iat: Math.floor(signedAt.getTime() / 1000) }).sign(privateKey);
  }

  /**
   * Makes a new current key; the old one is retired but stays published, so that what it signed
   * still verifies. Other processes take the new key within KEY_RECHECK_MS (currentKey()).
   */
  async rotate(): Promise<PublicJwk> {
    await this.currentKey();
    const stored = await this.keys.rotate(await newKey());
    this.key = undefined;
    return JSON.parse(stored.publicJwk) as PublicJwk;
  }

  /** The detached JWS of `bytes`, with the key id and the signing time in its protected header. */
  async signDetached(bytes: Uint8Array, signedAt: Date = new Date()): Promise<string> {
    const { stored, privateKey } = await this.currentKey();
    const jws = await new CompactSign(bytes).setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: stored.kid, iat: Math.floor(signedAt.getTime() / 1000) }).sign(privateKey);
    const [header, , signature] = jws.split('.');
    return `${header}..${signature}`;
  }

  /** The public keys, current and retired, as a JWK Set. */
  async publicKeys(): Promise<{ keys: PublicJwk[] }> {
    await this.currentKey();
    return { keys: (await this.keys.all()).map((key) => JSON.parse(key.publicJwk) as PublicJwk) };
  }

  /** Every key's id, creation time and whether it signs now (`egide keys list`), oldest first. */
  async describeKeys(): Promise<Array<{ kid: string; createdAt: string; current: boolean }>> {
    await this.currentKey();
    return (await this.keys.all()).map(({ kid, createdAt, current }) => ({ kid, createdAt, current }));
  }

  private async currentKey(): Promise<{ stored: StoredKey; privateKey: CryptoKey }> {
    // A key rotated by another process (`egide keys rotate`) is taken up here, a minute later at most.
    if (this.key && Date.now() - this.checkedAt > KEY_RECHECK_MS) {
      this.checkedAt = Date.now();
      const [inMemory, current] = await Promise.all([this.key.catch(() => undefined), this.keys.current()]);
      if (inMemory && current && inMemory.stored.kid !== current.kid) this.key = undefined;
    }
    if (!this.key) this.checkedAt = Date.now();
    this.key ??= this.loadOrCreate().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async loadOrCreate(): Promise<{ stored: StoredKey; privateKey: CryptoKey }> {
    const stored = (await this.keys.current()) ?? (await this.keys.addCurrentUnlessPresent(await newKey()));
    const privateKey = (await importJWK(JSON.parse(stored.privateJwk) as JWK, SIGNING_ALGORITHM)) as CryptoKey;
    return { stored, privateKey };
  }
}

async function newKey(): Promise<Omit<StoredKey, 'current'>> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  // The thumbprint (RFC 7638) names the key by its value: the same key has the same id everywhere.
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    algorithm: SIGNING_ALGORITHM,
    publicJwk: JSON.stringify({ ...publicJwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' }),
    privateJwk: JSON.stringify({ ...(await exportJWK(privateKey)), kid }),
    createdAt: new Date().toISOString(),
  };
}

/**
 * Verifies a detached JWS over `bytes` with one of `keys` (a JWK Set, as published): the key id
 * the signature names, or nothing. Returns its protected header, or throws.
 */
export async function verifyDetached(bytes: Uint8Array, detached: string, keys: { keys: ReadonlyArray<JWK | PublicJwk> }): Promise<{ kid: string; iat?: number }> {
  const [header, empty, signature] = detached.trim().split('.');
  if (!header || empty !== '' || !signature) throw new Error('Not a detached JWS (header..signature).');
  const { kid } = JSON.parse(new TextDecoder().decode(base64url.decode(header))) as { kid?: string };
  const jwk = keys.keys.find((key) => key.kid === kid);
  if (!jwk) throw new Error(`No published key has the id ${String(kid)}.`);
  const { protectedHeader } = await compactVerify(`${header}.${base64url.encode(bytes)}.${signature}`, await importJWK(jwk, SIGNING_ALGORITHM));
  return { kid: protectedHeader.kid!, iat: protectedHeader.iat as number | undefined };
}

/**
 * Verifies a compact JWS (payload embedded) with the published key its `kid` names: its payload
 * bytes and protected header, or throws (unknown key, altered payload or header, forged signature).
 */
export async function verifyCompact(jws: string, keys: { keys: ReadonlyArray<JWK | PublicJwk> }): Promise<{ payload: Uint8Array; kid: string; typ?: string; iat?: number }> {
  const [header, payload, signature] = jws.trim().split('.');
  if (!header || !payload || !signature) throw new Error('Not a compact JWS (header.payload.signature).');
  const { kid } = JSON.parse(new TextDecoder().decode(base64url.decode(header))) as { kid?: string };
  const jwk = keys.keys.find((key) => key.kid === kid);
  if (!jwk) throw new UnknownSigningKeyError(String(kid));
  const verified = await compactVerify(jws.trim(), await importJWK(jwk, SIGNING_ALGORITHM), { algorithms: [SIGNING_ALGORITHM] });
  return { payload: verified.payload, kid: verified.protectedHeader.kid!, typ: verified.protectedHeader.typ, iat: verified.protectedHeader.iat as number | undefined };
}

/** A signature naming a key the JWK Set does not hold (a forged `kid`, or keys older than the signature). */
export class UnknownSigningKeyError extends Error {
  constructor(readonly kid: string) {
    super(`No published key has the id ${kid}.`);
    this.name = 'UnknownSigningKeyError';
  }
}
