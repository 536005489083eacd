import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { certificateFile } from './certificate.js';
import { statusFromList } from './certificate-verification.js';
import { certifiableLot } from './certificate.test-support.js';

let t: TestApp;
let token: string;
let otherToken: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.context.organisations.ensure('galerie-api', 'Galerie API', 'museum');
  await t.context.organisations.ensure('galerie-autre', 'Galerie Autre', 'museum');
  token = await t.token('registrar', 'galerie-api');
  otherToken = await t.token('registrar', 'galerie-autre');
});
afterAll(() => t.close());

async function issue() {
  const holder = await t.context.accounts.servicePrincipal('galerie-api', 'registrar');
  return t.context.certificates.issue(holder, { lot: certifiableLot(holder), watch: false, origin: 'http://localhost', lang: 'en' });
}
const bearer = (value: string) => ({ Authorization: `Bearer ${value}` });

describe('the certificates API', () => {
  it('verifies a file sent as JSON or a bare JWS as application/jose, and says why one is refused', async () => {
    const certificate = await issue();
    const file = certificateFile(certificate);
    const asJson = await t.app.request('/api/v1/certificates/verify', { method: 'POST', body: JSON.stringify(file), headers: { 'Content-Type': 'application/json' } });
    expect(await asJson.json()).toEqual({ verdict: 'valid', id: certificate.id, kid: certificate.kid });
    const asJose = await t.app.request('/api/v1/certificates/verify', { method: 'POST', body: certificate.jws, headers: { 'Content-Type': 'application/jose' } });
    expect(await asJose.json()).toMatchObject({ verdict: 'valid' });
    const altered = { ...file, certificate: { ...file.certificate, watched: true } };
    const refused = await t.app.request('/api/v1/certificates/verify', { method: 'POST', body: JSON.stringify(altered), headers: { 'Content-Type': 'application/json' } });
    expect(await refused.json()).toMatchObject({ verdict: 'altered', id: certificate.id });
    const tooLarge = await t.app.request('/api/v1/certificates/verify', { method: 'POST', body: 'x'.repeat(300 * 1024), headers: { 'Content-Type': 'application/jose' } });
    expect(tooLarge.status).toBe(413);
  });

  it('gives anyone a certificate’s status and the signed status list; the certificate itself to its organisation', async () => {
    const certificate = await issue();
    const status = await t.app.request(`/api/v1/certificates/${certificate.id}/status`);
    expect(await status.json()).toEqual({ id: certificate.id, status: 'valid', issuedAt: certificate.issuedAt, revocation: null, issuedTo: 'Galerie Test' });
    expect((await t.app.request('/api/v1/certificates/NOSUCH/status')).status).toBe(404);

    const withdrawn = await t.app.request(`/api/v1/certificates/${certificate.id}/withdraw`, { method: 'POST', headers: bearer(token) });
    expect(await withdrawn.json()).toMatchObject({ id: certificate.id, status: 'revoked', revocation: { reason: 'withdrawn' } });

    const list = await t.app.request('/api/v1/certificates/status-list');
    expect(list.headers.get('Content-Type')).toBe('application/jose');
    const checked = await statusFromList(await list.text(), (await (await t.app.request('/.well-known/jwks.json')).json()) as Parameters<typeof statusFromList>[1]);
    expect(await checked.revocation(certificate.id)).toMatchObject({ reason: 'withdrawn' });

    const own = await t.app.request(`/api/v1/certificates/${certificate.id}`, { headers: bearer(token) });
    expect(await own.json()).toMatchObject({ id: certificate.id, file: { jws: certificate.jws }, matches: [], links: { verify: `/en/verify/${certificate.id}` } });
    expect((await t.app.request(`/api/v1/certificates/${certificate.id}`, { headers: bearer(otherToken) })).status).toBe(404);
    expect((await t.app.request(`/api/v1/certificates/${certificate.id}`)).status).toBe(401);
    const listed = (await (await t.app.request('/api/v1/certificates', { headers: bearer(token) })).json()) as { items: Array<{ id: string }> };
    expect(listed.items.map((item) => item.id)).toContain(certificate.id);
  });

  it('issues only for a lot of a check the caller may read', async () => {
    const response = await t.app.request('/api/v1/certificates', { method: 'POST', body: JSON.stringify({ checkId: 'no-such-check', lotId: 1, watch: true }), headers: { ...bearer(token), 'Content-Type': 'application/json' } });
    expect(response.status).toBe(404);
    const invalid = await t.app.request('/api/v1/certificates', { method: 'POST', body: JSON.stringify({ checkId: 'x', lotId: 0 }), headers: { ...bearer(token), 'Content-Type': 'application/json' } });
    expect(invalid.status).toBe(400);
  });
});
