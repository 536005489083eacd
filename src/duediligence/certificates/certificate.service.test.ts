import { base64url, CompactSign, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Person } from '../../registry/pages.test-support.js';
import { expectDomainError } from '../../test-support/domain-errors.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { certificateFile, type Certificate } from './certificate.js';
import { statusFromList, verifyCertificateFile } from './certificate-verification.js';
import { certifiableLot } from './certificate.test-support.js';
import { CertificateRepository } from './certificate.repository.js';
import { CertificateService } from './certificate.service.js';

let t: TestApp;
let dealer: Person;
let otherDealer: Person;
const ORIGIN = 'https://egide.example.org';

beforeAll(async () => {
  t = await createTestApp();
  dealer = await signedIn(t, 'registrar', 'galerie-nord');
  otherDealer = await signedIn(t, 'registrar', 'galerie-sud');
});
afterAll(() => t.close());

const issue = (lot = certifiableLot(dealer.principal), watch = false) => t.context.certificates.issue(dealer.principal, { lot, watch, origin: ORIGIN, lang: 'en' });
const fileText = (certificate: Pick<Certificate, 'jws' | 'content'>) => JSON.stringify(certificateFile(certificate), null, 2);

describe('issuing a certificate', () => {
  it('signs what was searched, when, the registry state, by whom, the lot and the statement in three languages; once per lot', async () => {
    const lot = certifiableLot(dealer.principal);
    const certificate = await issue(lot);
    const { content } = certificate;
    expect(content).toMatchObject({
      type: 'EgideDueDiligenceCertificate',
      id: certificate.id,
      issuer: ORIGIN,
      lot: { checkId: lot.checkId, lotId: 1, fields: lot.fields, photos: [] },
      outcome: 'no-match',
      searched: { scopes: lot.scopes, at: lot.searchedAt, registry: lot.registry },
      by: { name: dealer.principal.displayName, organisation: { slug: 'galerie-nord' } },
      watched: false,
      verification: { page: `${ORIGIN}/en/verify/${certificate.id}`, statusList: `${ORIGIN}/api/v1/certificates/status-list`, keys: `${ORIGIN}/.well-known/jwks.json` },
    });
    expect(content.statement.en).toContain('not a guarantee of title');
    expect(content.statement.fr).toContain('ne garantit ni le titre de propriété');
    expect(content.statement.es).toContain('No es una garantía de título');
    // The JWS carries exactly the content, signed with the current key (its thumbprint as kid).
    const [header, payload] = certificate.jws.split('.');
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(header!)))).toMatchObject({ alg: 'EdDSA', typ: 'egide-certificate+jws', kid: certificate.kid });
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(payload!)))).toEqual(content);
    expect((await t.context.signing.publicKeys()).keys.map((key) => key.kid)).toContain(certificate.kid);

    const again = await issue(lot);
    expect(again.id).toBe(certificate.id);
  });

  it('refuses a lot with a possible match or a match, and an anonymous caller', async () => {
    await expectDomainError(issue(certifiableLot(dealer.principal, {}, { outcome: 'possible' })), 'conflict');
    await expectDomainError(t.context.certificates.issue(null, { lot: certifiableLot(dealer.principal), watch: false, origin: ORIGIN, lang: 'en' }), 'unauthorized');
  });

  it('is read by its organisation, investigators and admins; anyone else is told it does not exist', async () => {
    const certificate = await issue();
    expect((await t.context.certificates.get(dealer.principal, certificate.id)).canWithdraw).toBe(true);
    const investigator = await signedIn(t, 'investigator', 'police-nord');
    expect((await t.context.certificates.get(investigator.principal, certificate.id)).canWithdraw).toBe(false);
    await expectDomainError(t.context.certificates.get(otherDealer.principal, certificate.id), 'not-found');
    await expectDomainError(t.context.certificates.withdraw(otherDealer.principal, certificate.id), 'not-found');
    expect((await t.context.certificates.list(otherDealer.principal)).items.map((item) => item.id)).not.toContain(certificate.id);
    expect((await t.context.certificates.list(dealer.principal)).items.map((item) => item.id)).toContain(certificate.id);
  });
});

describe('verifying a certificate', () => {
  it('online: valid, then revoked once withdrawn (with the date and reason), wherever it is verified', async () => {
    const certificate = await issue();
    expect(await t.context.certificates.verifyFile(fileText(certificate))).toMatchObject({ kind: 'valid', status: 'good', kid: certificate.kid });
    // The bare JWS verifies as the file does.
    expect(await t.context.certificates.verifyFile(certificate.jws)).toMatchObject({ kind: 'valid', status: 'good' });
    expect((await t.context.certificates.status(certificate.id)).revocation).toBeNull();

    await t.context.certificates.withdraw(dealer.principal, certificate.id);
    const verdict = await t.context.certificates.verifyFile(fileText(certificate));
    expect(verdict).toMatchObject({ kind: 'revoked', revocation: { reason: 'withdrawn' } });
    expect((await t.context.certificates.status(certificate.id)).revocation).toMatchObject({ reason: 'withdrawn' });
    await expectDomainError(t.context.certificates.withdraw(dealer.principal, certificate.id), 'conflict');
    await expectDomainError(t.context.certificates.status('no-such-certificate'), 'not-found');
  });

  it('reports a forged, an altered or a malformed file as such', async () => {
    const certificate = await issue();
    const keys = await t.context.signing.publicKeys();

    // The readable copy changed, the JWS intact: altered.
    const file = certificateFile(certificate);
    const altered = { ...file, certificate: { ...file.certificate, lot: { ...file.certificate.lot, fields: { ...file.certificate.lot.fields, title: 'Another painting' } } } };
    expect(await verifyCertificateFile(JSON.stringify(altered), keys)).toMatchObject({ kind: 'altered' });

    // The signed payload changed (copy and JWS alike): the signature fails.
    const [header, , signature] = certificate.jws.split('.');
    const changed = { ...certificate.content, watched: true };
    const tampered = `${header}.${base64url.encode(JSON.stringify(changed))}.${signature}`;
    expect(await t.context.certificates.verifyFile(JSON.stringify({ ...file, jws: tampered, certificate: changed }))).toEqual({ kind: 'forged', reason: 'bad-signature' });

    // Signed by someone else's key under the network's key id: the signature fails; under its own id: no such key.
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forge = (kid: string) => new CompactSign(new TextEncoder().encode(JSON.stringify(certificate.content))).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'egide-certificate+jws' }).sign(privateKey);
    expect(await t.context.certificates.verifyFile(JSON.stringify({ ...file, jws: await forge(certificate.kid) }))).toEqual({ kind: 'forged', reason: 'bad-signature' });
    expect(await t.context.certificates.verifyFile(await forge('forger-key'))).toEqual({ kind: 'forged', reason: 'unknown-key' });
    // …which a verifier given the forger's key would accept: only the published keys count.
    const forgerKeys = { keys: [{ ...(await exportJWK(publicKey)), kid: 'forger-key', alg: 'EdDSA', use: 'sig' } as (typeof keys.keys)[number]] };
    expect(await verifyCertificateFile(await forge('forger-key'), forgerKeys)).toMatchObject({ kind: 'valid' });

    expect(await t.context.certificates.verifyFile('not a certificate')).toMatchObject({ kind: 'malformed' });
    expect(await t.context.certificates.verifyFile('{"jws": 12}')).toMatchObject({ kind: 'malformed' });
    // A JWS of another kind signed by the network (the status list) is not a certificate.
    expect(await t.context.certificates.verifyFile(await t.context.certificates.statusList(ORIGIN))).toMatchObject({ kind: 'malformed' });
  });

  it('offline: the signature with the published keys, the status only from a signed status list', async () => {
    const kept = await issue();
    const withdrawn = await issue();
    await t.context.certificates.withdraw(dealer.principal, withdrawn.id);
    const keys = JSON.parse(JSON.stringify(await t.context.signing.publicKeys())) as Awaited<ReturnType<typeof t.context.signing.publicKeys>>;

    expect(await verifyCertificateFile(fileText(withdrawn), keys)).toMatchObject({ kind: 'valid', status: 'not-checked' });
    const list = await t.context.certificates.statusList(ORIGIN);
    const status = await statusFromList(list, keys);
    expect(await verifyCertificateFile(fileText(withdrawn), keys, status)).toMatchObject({ kind: 'revoked', revocation: { reason: 'withdrawn' } });
    expect(await verifyCertificateFile(fileText(kept), keys, status)).toMatchObject({ kind: 'valid', status: 'good' });

    // A status list with a revocation removed no longer verifies.
    const [header, payload, signature] = list.split('.');
    const content = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as { revoked: unknown[] };
    const emptied = `${header}.${base64url.encode(JSON.stringify({ ...content, revoked: [] }))}.${signature}`;
    await expect(statusFromList(emptied, keys)).rejects.toThrow();
  });

  it('after a key rotation: new certificates are signed with the new key, older ones still verify with the old one', async () => {
    const before = await issue();
    const rotated = await t.context.signing.rotate();
    expect(rotated.kid).not.toBe(before.kid);
    const after = await issue();
    expect(after.kid).toBe(rotated.kid);
    const keys = await t.context.signing.publicKeys();
    expect(keys.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([before.kid, after.kid]));
    expect(await verifyCertificateFile(fileText(before), keys)).toMatchObject({ kind: 'valid', kid: before.kid });
    expect(await t.context.certificates.verifyFile(fileText(before))).toMatchObject({ kind: 'valid', status: 'good', kid: before.kid });
    expect((await t.context.signing.describeKeys()).filter((key) => key.current).map((key) => key.kid)).toEqual([rotated.kid]);
  });
});

describe('a watched lot whose photos cannot be watched', () => {
  it('is not issued as watched by its text only: asking again watches its photos and issues it', async () => {
    const watched: string[] = [];
    let failures = 1;
    const service = new CertificateService({
      certificates: new CertificateRepository(t.context.db),
      signing: t.context.signing,
      photoWatch: {
        watch: async (certificateId) => {
          if (failures-- > 0) throw new Error('the describe workers stopped');
          watched.push(certificateId);
        },
        unwatch: async (certificateId) => void watched.splice(watched.indexOf(certificateId), 1),
      },
      outbox: { enqueue: async () => 0 },
      audit: t.context.audit,
    });
    const lot = certifiableLot(dealer.principal);
    const input = { lot, watch: true, origin: ORIGIN, lang: 'en' as const };
    await expect(service.issue(dealer.principal, input)).rejects.toThrow('the describe workers stopped');
    expect(await t.context.certificates.list(dealer.principal).then((page) => page.items.filter((item) => item.content.lot.checkId === lot.checkId))).toEqual([]);
    const certificate = await service.issue(dealer.principal, input);
    expect(watched).toEqual([certificate.id]);
    expect(certificate.content.watched).toBe(true);
  });
});
