import { isDeepStrictEqual } from 'node:util';
import { UnknownSigningKeyError, verifyCompact, type PublicJwk } from '../../signing/signing.service.js';
import {
  CERTIFICATE_JWS_TYPE,
  CERTIFICATE_TYPE,
  STATUS_LIST_JWS_TYPE,
  STATUS_LIST_TYPE,
  type CertificateContent,
  type Revocation,
  type StatusListContent,
} from './certificate.js';

export type JwkSet = { keys: ReadonlyArray<PublicJwk> };

/**
 * What a verifier says of a certificate file. `valid`: the network's key signed exactly this, and
 * `status` says whether it was found unrevoked (`good`) or could not be looked up (`not-checked`:
 * offline without a status list). `forged`: no published key signed it (a key unknown, a signature
 * that fails: anything in the signed part changed). `altered`: the signature is good but the
 * readable copy beside it says something else. `malformed`: not a certificate file at all.
 */
export type CertificateVerdict =
  | { kind: 'valid'; certificate: CertificateContent; kid: string; status: 'good' | 'not-checked' }
  | { kind: 'revoked'; certificate: CertificateContent; kid: string; revocation: Revocation }
  | { kind: 'forged'; reason: 'unknown-key' | 'bad-signature' }
  | { kind: 'altered'; certificate: CertificateContent; kid: string }
  | { kind: 'malformed'; reason: string };

/** How a verifier learns whether a certificate was revoked: nothing (offline), a verified status list, or the issuer's database. */
export type StatusSource = { revocation(id: string): Promise<Revocation | null | 'unknown'> };

/**
 * Verifies a certificate file (the JSON Egide hands out, or the bare JWS) with the published keys,
 * then its status if `status` can tell it. Pure but for `status`: the same code verifies online
 * (the page, the API) and offline (`egide certificate verify`).
 */
export async function verifyCertificateFile(text: string, keys: JwkSet, status?: StatusSource): Promise<CertificateVerdict> {
  const parsed = parseCertificateFile(text);
  if ('reason' in parsed) return { kind: 'malformed', reason: parsed.reason };
  let signed: CertificateContent;
  let kid: string;
  try {
    const verified = await verifyCompact(parsed.jws, keys);
    if (verified.typ !== CERTIFICATE_JWS_TYPE) return { kind: 'malformed', reason: `the JWS is of type ${String(verified.typ)}, not a certificate` };
    signed = JSON.parse(new TextDecoder().decode(verified.payload)) as CertificateContent;
    kid = verified.kid;
  } catch (error) {
    if (error instanceof UnknownSigningKeyError) return { kind: 'forged', reason: 'unknown-key' };
    if (error instanceof SyntaxError) return { kind: 'malformed', reason: 'the JWS is not made of JSON' };
    return { kind: 'forged', reason: 'bad-signature' };
  }
  if (signed.type !== CERTIFICATE_TYPE) return { kind: 'malformed', reason: 'the signed content is not a certificate' };
  if (parsed.copy !== undefined && !isDeepStrictEqual(parsed.copy, signed)) return { kind: 'altered', certificate: signed, kid };
  if (!status) return { kind: 'valid', certificate: signed, kid, status: 'not-checked' };
  const revocation = await status.revocation(signed.id);
  if (revocation === 'unknown') return { kind: 'valid', certificate: signed, kid, status: 'not-checked' };
  return revocation ? { kind: 'revoked', certificate: signed, kid, revocation } : { kind: 'valid', certificate: signed, kid, status: 'good' };
}

/** The JWS of a file and, when it has one, its readable copy (which must then say exactly what was signed). */
function parseCertificateFile(text: string): { jws: string; copy?: unknown } | { reason: string } {
  const trimmed = text.trim();
  // A bare compact JWS: three base64url parts.
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(trimmed)) return { jws: trimmed };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return { reason: 'neither JSON nor a compact JWS' };
  }
  if (typeof json !== 'object' || json === null || typeof (json as { jws?: unknown }).jws !== 'string') return { reason: 'no "jws" member' };
  const file = json as { jws: string; certificate?: unknown };
  return file.certificate === undefined ? { jws: file.jws } : { jws: file.jws, copy: file.certificate };
}

/**
 * The status list as a verifier without network holds it (downloaded from the issuer): checked
 * with the same keys; a list that fails its signature is refused rather than trusted.
 */
export async function statusFromList(jws: string, keys: JwkSet): Promise<StatusSource & { issuedAt: string }> {
  const verified = await verifyCompact(jws.trim(), keys);
  if (verified.typ !== STATUS_LIST_JWS_TYPE) throw new Error(`Not a certificate status list (JWS type ${String(verified.typ)}).`);
  const list = JSON.parse(new TextDecoder().decode(verified.payload)) as StatusListContent;
  if (list.type !== STATUS_LIST_TYPE) throw new Error('Not a certificate status list.');
  const revoked = new Map(list.revoked.map(({ id, ...revocation }) => [id, revocation]));
  return { issuedAt: list.issuedAt, revocation: async (id) => revoked.get(id) ?? null };
}
