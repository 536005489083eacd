import { base64url, calculateJwkThumbprint, CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { SigningKeyRepository, StoredKey } from './signing-key.repository.js';

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

  constructor(private readonly keys: SigningKeyRepository) {}

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

  private currentKey(): Promise<{ stored: StoredKey; privateKey: CryptoKey }> {
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
