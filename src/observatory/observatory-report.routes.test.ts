import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../test-support/pdf-text.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { demoObservatoryPlan } from './demo/demo-observatory-plan.js';
import { createDemoObservatory } from './demo/demo-observatory.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  // The first series of 2026 only: enough for a report with figures, quick to record.
  await createDemoObservatory(t.context, demoObservatoryPlan().filter((object) => object.year === 2026).slice(0, 12));
}, 60_000);
afterAll(() => t.close());

describe('GET /{lang}/observatory/report/{year}.pdf', () => {
  it('sends the year’s report in the language asked for, drawn once then kept until the figures change', async () => {
    const response = await t.app.request('/es/observatory/report/2026.pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    expect(response.headers.get('Content-Disposition')).toBe('inline; filename="observatory-report-2026-es.pdf"');
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=600');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('Content-Length'))).toBe(pdf.length);
    const text = await pdfText(pdf);
    expect(text).toContain('Informe anual 2026');
    expect(text).toContain('El año en resumen');
    const etag = response.headers.get('ETag')!;
    expect(readdirSync(join(t.dataDir, 'observatory-reports', '2026'))).toHaveLength(1);

    const again = await t.app.request('/es/observatory/report/2026.pdf', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);

    // New figures (a recovery): another version, another file.
    const organisation = await t.context.organisations.findBySlug('demo-observatory');
    const row = await t.context.objectRepository.findByInventoryNumber(organisation!.id, 'DEMO-OBS-2026-001');
    const registrar = await t.context.accounts.servicePrincipal('demo-observatory', 'registrar');
    if (row!.status === 'stolen' || row!.status === 'missing') await t.context.objects.changeStatus(registrar, row!.id, row!.status === 'stolen' ? 'recovered' : 'found', 'test');
    else await t.context.objects.changeStatus(registrar, row!.id, 'in-collection', 'test');
    const changed = await t.app.request('/es/observatory/report/2026.pdf', { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('ETag')).not.toBe(etag);
  }, 60_000);

  it('has no report for a year before 2000 or after this one, nor for a language Egide does not speak', async () => {
    for (const path of ['/en/observatory/report/1999.pdf', `/en/observatory/report/${new Date().getUTCFullYear() + 1}.pdf`, '/de/observatory/report/2026.pdf', '/en/observatory/report/26.pdf']) {
      expect((await t.app.request(path)).status, path).toBe(404);
    }
  });
});
