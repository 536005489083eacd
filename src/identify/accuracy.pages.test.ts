import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { LANGUAGES } from '../i18n/languages.js';
import { formatPercent } from '../registry/object.components.js';
import { html, visitor } from '../registry/pages.test-support.js';
import { escapeHtml, htmlLang, links } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { EvaluationRepository } from './evaluation/evaluation.repository.js';
import { sampleReport } from './evaluation/report.test-support.js';

let t: TestApp;
const text = (lang: 'en' | 'fr' | 'es', key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => escapeHtml(translate(lang, key, params));

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the accuracy page and API', () => {
  it('say that no measurement was made for this release yet', async () => {
    const version = t.context.identifyEvaluations.version;
    for (const lang of LANGUAGES) {
      const page = await html(visitor(t).get(`/${lang}/identify/accuracy`));
      expect(htmlLang(page)).toBe(lang);
      expect(page).toContain(`<h1>${text(lang, 'identify.accuracy.title')}</h1>`);
      expect(page).toContain(text(lang, 'identify.accuracy.none', { version }));
    }
    const response = await t.app.request('/api/v1/identify/accuracy');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version, latest: null, reports: [] });
  });

  it('show the latest report of this release with its figures, and the earlier ones listed', async () => {
    const version = t.context.identifyEvaluations.version;
    const repository = new EvaluationRepository(t.context.db);
    const older = sampleReport({ id: 'older', createdAt: '2026-01-02T10:00:00.000Z', version: '0.0.9', recallAt1: 0.5 });
    const latest = sampleReport({ id: 'latest', createdAt: '2026-03-04T10:00:00.000Z', version });
    // Newer, but of another release: listed, never shown as this release's figures.
    const otherRelease = sampleReport({ id: 'other', createdAt: '2026-05-06T10:00:00.000Z', version: '9.9.9', recallAt1: 0.1 });
    for (const report of [older, latest, otherRelease]) await repository.save(report);

    const en = await html(visitor(t).get('/en/identify/accuracy'));
    expect(en).toContain(text('en', 'identify.accuracy.measured', { date: 'Mar 4, 2026, 10:00 AM UTC', version }));
    expect(en).toContain(text('en', 'identify.accuracy.registry', { objects: '3,050', photographed: '50', photos: '60' }));
    expect(en).toContain(`<th scope="row">${text('en', 'identify.accuracy.recall1')}</th><td>90%</td>`);
    expect(en).toContain(`<th scope="row">${text('en', 'identify.accuracy.recall5')}</th><td>95%</td>`);
    expect(en).toContain(text('en', 'identify.accuracy.falseMatches.value', { count: '1', total: '20', rate: '5%' }));
    expect(en).toContain(text('en', 'identify.accuracy.possible.value', { count: '3', total: '20', rate: '15%' }));
    expect(en).toContain(text('en', 'identify.accuracy.latency.value', { p50: '123', p95: '457' }));
    expect(en).toContain(text('en', 'identify.accuracy.photos.text', { tilt: 35, rotation: 25, hidden: '30%' }));
    // The earlier reports: the other release's and the older one, newest first.
    const previous = en.slice(en.indexOf('id="accuracy-previous"'));
    expect(previous.indexOf('9.9.9')).toBeGreaterThan(0);
    expect(previous.indexOf('0.0.9')).toBeGreaterThan(previous.indexOf('9.9.9'));
    expect(previous).toContain('<td>10%</td>');
    expect(previous).toContain('<td>50%</td>');
    expect(links(en)).toContain('/api/v1/identify/accuracy');

    const fr = await html(visitor(t).get('/fr/identify/accuracy'));
    expect(fr).toContain(text('fr', 'identify.accuracy.falseMatches.value', { count: '1', total: '20', rate: formatPercent(0.05, 'fr') }));

    const json = (await (await t.app.request('/api/v1/identify/accuracy')).json()) as { latest: { id: string }; reports: Array<{ id: string }> };
    expect(json.latest).toEqual(latest);
    expect(json.reports.map((report) => report.id)).toEqual(['other', 'latest', 'older']);
    const ofOne = (await (await t.app.request('/api/v1/identify/accuracy?version=0.0.9')).json()) as { reports: Array<{ id: string }> };
    expect(ofOne.reports.map((report) => report.id)).toEqual(['older']);
    expect((await t.app.request('/api/v1/identify/accuracy?version=%3Cscript%3E')).status).toBe(400);
  });

  it('is linked from the identify page and documented in the OpenAPI document', async () => {
    for (const lang of LANGUAGES) expect(links(await html(visitor(t).get(`/${lang}/identify`)))).toContain(`/${lang}/identify/accuracy`);
    const document = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(document.paths['/identify/accuracy']?.get?.operationId).toBe('getIdentificationAccuracy');
  });
});
