import sharp from 'sharp';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../../i18n/i18n.js';
import { html, location, signedIn, visitor, type Person } from '../../registry/pages.test-support.js';
import { escapeHtml } from '../../test-support/html.js';
import { pdfText } from '../../test-support/pdf-text.js';
import { decodeQrImage } from '../../test-support/qr-decode.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { Browser } from '../../test-support/browser.js';
import { certificateFile, type Certificate } from './certificate.js';
import { certifiableLot } from './certificate.test-support.js';

let t: TestApp;
let dealer: Person;
const ORIGIN = 'http://localhost';

beforeAll(async () => {
  t = await createTestApp();
  dealer = await signedIn(t, 'registrar', 'galerie-pages');
});
afterAll(() => t.close());

const issue = () => t.context.certificates.issue(dealer.principal, { lot: certifiableLot(dealer.principal, { title: 'Bowl with blue fish' }), watch: true, origin: ORIGIN, lang: 'fr' });
const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => escapeHtml(translate('en', key, params));

/** Uploads a file to the verification page as a browser does (multipart, with the form token). */
async function upload(browser: Browser, content: string): Promise<Response> {
  await html(browser.get('/en/verify'));
  const body = new FormData();
  body.append('_csrf', browser.csrf());
  body.append('certificate', new File([content], 'certificate.json', { type: 'application/json' }));
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
  return t.app.request('/en/verify', { method: 'POST', body, headers: { Cookie: cookie } });
}

/** The first page of a PDF as grayscale pixels (`pdftoppm`, 150 dpi). */
function firstPage(pdf: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', '-'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`pdftoppm exited with ${code}`))));
    child.stdin.end(pdf);
  });
}

describe('the verification page', () => {
  it('at the QR code’s address, says valid, then revoked with the date and reason; an unknown id is unknown', async () => {
    const certificate = await issue();
    const valid = await html(visitor(t).get(`/en/verify/${certificate.id}`));
    expect(valid).toContain('data-status="valid"');
    expect(valid).toContain('Bowl with blue fish');
    expect(valid).toContain(escapeHtml(certificate.content.statement.en));

    await t.context.certificates.withdraw(dealer.principal, certificate.id);
    const revoked = await html(visitor(t).get(`/fr/verify/${certificate.id}`));
    expect(revoked).toContain('data-status="revoked"');
    expect(revoked).toContain(escapeHtml(translate('fr', 'certificate.reason.withdrawn')));

    const unknown = await html(visitor(t).get('/en/verify/NOSUCHCERTIFICATE'), 404);
    expect(unknown).toContain('data-status="unknown"');
  });

  it('verifies an uploaded file: valid, altered, forged or not a certificate', async () => {
    const certificate = await issue();
    const file = certificateFile(certificate);
    expect(await html(upload(visitor(t), JSON.stringify(file)))).toContain('data-status="valid"');
    const altered = { ...file, certificate: { ...file.certificate, issuedAt: '2020-01-01T00:00:00.000Z' } };
    expect(await html(upload(visitor(t), JSON.stringify(altered)))).toContain(`data-status="altered"`);
    const [header, , signature] = certificate.jws.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify(altered.certificate)).toString('base64url')}.${signature}`;
    expect(await html(upload(visitor(t), JSON.stringify({ ...altered, jws: forged })))).toContain(`<strong>${en('certificate.verify.forged')}</strong>`);
    expect(await html(upload(visitor(t), 'hello'))).toContain('data-status="malformed"');
    // No file chosen: the form again, with the error.
    expect(await html(upload(visitor(t), ''), 400)).toContain(en('certificate.verify.required'));
  });
});

describe('the holder’s certificate page and PDF', () => {
  it('links the PDF and the signed JSON; the PDF carries the statement and a QR code of the verification address', async () => {
    const certificate = await issue();
    const page = await html(dealer.browser.get(`/en/certificates/${certificate.id}`));
    expect(page).toContain(`href="/en/certificates/${certificate.id}/certificate.pdf"`);
    expect(page).toContain(`href="/api/v1/certificates/${certificate.id}/certificate.json"`);
    expect(page).toContain(en('certificate.withdraw'));

    const json = await dealer.browser.get(`/api/v1/certificates/${certificate.id}/certificate.json`);
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual(JSON.parse(JSON.stringify(certificateFile(certificate))));

    const response = await dealer.browser.get(`/es/certificates/${certificate.id}/certificate.pdf`);
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    const text = await pdfText(pdf);
    expect(text).toContain(translate('es', 'certificate.title'));
    expect(text).toContain(certificate.id);
    expect(text).toContain(translate('es', 'certificate.statement').slice(0, 60));
    expect(text).toContain(certificate.content.verification.page);
    const { data, info } = await sharp(await firstPage(pdf)).grayscale().raw().toBuffer({ resolveWithObject: true });
    expect(decodeQrImage(data, info.width, info.height)).toBe(`${ORIGIN}/fr/verify/${certificate.id}`);
  });

  it('is withdrawn from its page, and others may not see it', async () => {
    const certificate: Certificate = await issue();
    const other = await signedIn(t, 'registrar', 'autre-galerie');
    await html(other.browser.get(`/en/certificates/${certificate.id}`), 404);
    expect((await other.browser.get(`/en/certificates/${certificate.id}/certificate.pdf`)).status).toBe(404);
    expect((await visitor(t).get(`/en/certificates/${certificate.id}`)).status).toBe(303);

    await html(dealer.browser.get(`/en/certificates/${certificate.id}`));
    const withdrawn = await dealer.browser.post(`/en/certificates/${certificate.id}/withdraw`, { _csrf: dealer.browser.csrf() });
    expect(location(withdrawn)).toBe(`/en/certificates/${certificate.id}?withdrawn`);
    const page = await html(dealer.browser.get(location(withdrawn)));
    expect(page).toContain('data-status="revoked"');
    expect(page).not.toContain(en('certificate.withdraw.hint'));
  });
});
