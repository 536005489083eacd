import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../test-support/pdf-text.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { andesList, levantList } from './red-list-public.test-support.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.context.accounts.servicePrincipal('secretariat', 'admin');
  const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 120, g: 90, b: 60 } } }).jpeg().toBuffer();
  const images = new Map([
    ['bowl-1.jpg', photo],
    ['bowl-2.jpg', photo],
  ]);
  await t.context.redLists.importDocument(admin, levantList(), images, { publish: true });
  // A draft: never reachable by its booklet.
  await t.context.redLists.importDocument(admin, andesList(), new Map());
});
afterAll(() => t.close());

describe('GET /{lang}/red-lists/{slug}/booklet.pdf', () => {
  it('sends the latest edition’s booklet in the language asked for, drawn once then kept', async () => {
    const response = await t.app.request('/en/red-lists/levant-demo/booklet.pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    expect(response.headers.get('Content-Disposition')).toBe('inline; filename="levant-demo-2-en.pdf"');
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=600');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('Content-Length'))).toBe(pdf.length);
    const text = await pdfText(pdf);
    expect(text).toContain('Demonstration Red List of the Levant');
    expect(text).toContain('The objects shown are not stolen');
    expect(text).toContain('Decree 166/1933');
    expect(existsSync(join(t.dataDir, 'red-list-booklets', 'levant-demo', '2'))).toBe(true);

    const again = await t.app.request('/en/red-lists/levant-demo/booklet.pdf');
    expect(Buffer.from(await again.arrayBuffer()).equals(pdf)).toBe(true);
    const revalidated = await t.app.request('/en/red-lists/levant-demo/booklet.pdf', { headers: { 'If-None-Match': response.headers.get('ETag')! } });
    expect(revalidated.status).toBe(304);
  });

  it('gives a list without Spanish texts in its first language, the booklet’s own words in Spanish', async () => {
    const response = await t.app.request('/es/red-lists/levant-demo/editions/2/booklet.pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=86400');
    const text = await pdfText(Buffer.from(await response.arrayBuffer()));
    expect(text).toContain('Liste rouge de démonstration du Levant');
    expect(text).toContain('Esta lista no está redactada en español: sus textos se dan en francés.');
  });

  it('answers two requests at once for a booklet not drawn yet with the same file', async () => {
    const [first, second] = await Promise.all([t.app.request('/fr/red-lists/levant-demo/booklet.pdf'), t.app.request('/fr/red-lists/levant-demo/booklet.pdf')]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(Buffer.from(await first.arrayBuffer()).equals(Buffer.from(await second.arrayBuffer()))).toBe(true);
    expect(readdirSync(join(t.dataDir, 'red-list-booklets', 'levant-demo', '2')).filter((name) => name.startsWith('fr-'))).toHaveLength(1);
  });

  it('answers 404 for an unknown list, an unknown edition and a list that is only a draft', async () => {
    for (const path of ['/en/red-lists/nowhere/booklet.pdf', '/en/red-lists/levant-demo/editions/1/booklet.pdf', '/fr/red-lists/andes/booklet.pdf', '/fr/red-lists/andes/editions/1/booklet.pdf']) {
      const response = await t.app.request(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('Content-Type'), path).not.toBe('application/pdf');
    }
  });
});
