import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate, translator } from '../i18n/i18n.js';
import type { Lang } from '../i18n/languages.js';
import { pdfInfo, pdfLines, pdfText } from '../test-support/pdf-text.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { createDemoObservatory } from './demo/demo-observatory.js';
import { sampleDatasetMetadata } from './library.test-support.js';
import type { ObservatoryChart, PublishedCount } from './observatory-figures.js';
import { countryMap, flowMap, mapText } from './observatory-maps.js';
import { renderObservatoryReport } from './observatory-report.js';

const shown = (count: PublishedCount, lang: Lang) =>
  'value' in count ? new Intl.NumberFormat(lang).format(count.value) : translate(lang, 'observatoryReport.fewerThan', { threshold: count.fewerThan });

// The yearly report of the demo's figures, on both engines: its words in each language, and its
// tables holding the numbers the public pages show.
describe('the observatory’s yearly report', () => {
  let t: TestApp;
  const reports = new Map<Lang, { pdf: Buffer; text: string; lines: string[] }>();
  const sections: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    await createDemoObservatory(t.context);
    // Another body's figures: one year the report covers, one it does not.
    const admin = await t.context.accounts.servicePrincipal('secretariat', 'admin');
    await t.context.externalDatasets.import(admin, sampleDatasetMetadata({ slug: 'report-survey' }), { csv: 'region,year,value\n150,2026,40\n002,2026,10\ntotal,2026,50\n150,2025,31\n' });
    for (const lang of ['fr', 'en', 'es'] as const) {
      const pdf = await renderObservatoryReport(
        { observatory: t.context.observatory, externalDatasets: t.context.externalDatasets },
        { year: 2026, lang, onSection: (done, total, title) => lang === 'en' && sections.push(`${done}/${total} ${title}`) },
      );
      reports.set(lang, { pdf, text: await pdfText(pdf), lines: await pdfLines(pdf) });
    }
  }, 180_000);
  afterAll(() => t.close());

  const public2026 = (id: 'by-country' | 'by-method' | 'by-type' | 'by-place-kind', lang: Lang): Promise<ObservatoryChart> =>
    t.context.observatory.chart(id, { from: 2026, to: 2026, measure: 'reported' }, null, lang);

  it.each([
    { lang: 'fr' as const, title: 'Rapport annuel 2026', headings: ['L’année en bref', 'Où les objets ont été pris', 'Au fil de l’année', 'Par type d’objet', 'Comment les chiffres sont établis'], fewer: 'moins de 5' },
    { lang: 'en' as const, title: 'Yearly report 2026', headings: ['The year in brief', 'Where objects were taken', 'Through the year', 'By type of object', 'How the figures are made'], fewer: 'fewer than 5' },
    { lang: 'es' as const, title: 'Informe anual 2026', headings: ['El año en resumen', 'Dónde se sustrajeron los objetos', 'A lo largo del año', 'Por tipo de objeto', 'Cómo se elaboran las cifras'], fewer: 'menos de 5' },
  ])('is written in $lang: the year, its headings, the licence and “$fewer”', async ({ lang, title, headings, fewer }) => {
    const report = reports.get(lang)!;
    expect(report.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await pdfInfo(report.pdf)).Title).toBe(title);
    expect(report.text).toContain(title);
    for (const heading of headings) expect(report.text).toContain(heading);
    expect(report.text).toContain('CC BY 4.0');
    expect(report.text).toContain(fewer);
  });

  it('holds in its tables the public figures the pages show', async () => {
    const { lines } = reports.get('en')!;
    for (const id of ['by-country', 'by-method', 'by-type', 'by-place-kind'] as const) {
      const chart = await public2026(id, 'en');
      expect(chart.rows.length, id).toBeGreaterThan(0);
      for (const row of chart.rows) expect(lines, `${id}: ${row.label}`).toContain(`${row.label} ${shown(row.count, 'en')}`);
      expect(lines, `${id}: total`).toContain(`Total ${shown(chart.total, 'en')}`);
    }
  });

  it('draws the maps the pages draw: the same classes, in the same words', async () => {
    const { text } = reports.get('en')!;
    const words = mapText(translator('en'), 'map', 'map', (count) => shown(count, 'en'));
    const byCountry = countryMap(await public2026('by-country', 'en'), words);
    const flows = flowMap(await t.context.observatory.chart('flows', { from: 2026, to: 2026, measure: 'reported' }, null, 'en'), words);
    const labels = [...byCountry.legend, ...flows.legend].map((item) => item.label);
    expect(byCountry.legend.length).toBeGreaterThan(2);
    expect(labels).toContain('No figure, or fewer than 5');
    for (const label of labels) expect(text, label).toContain(label);
  });

  it('gives every month of the year, a month without a published count as “fewer than 5”', async () => {
    const { lines } = reports.get('en')!;
    const months = (measure: 'reported' | 'recovered') => t.context.observatory.chart('by-month', { from: 2026, to: 2026, measure }, null, 'en');
    const [reported, recovered] = [new Map((await months('reported')).rows.map((row) => [row.key, row.count])), new Map((await months('recovered')).rows.map((row) => [row.key, row.count]))];
    const fewer = { fewerThan: 5 };
    for (let month = 1; month <= 12; month++) {
      const key = `2026-${String(month).padStart(2, '0')}`;
      const name = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${key}-01T00:00:00Z`));
      expect(lines).toContain(`${name} ${shown(reported.get(key) ?? fewer, 'en')} ${shown(recovered.get(key) ?? fewer, 'en')}`);
    }
    // The demo ends in November: December has nothing to publish.
    expect(lines).toContain('December 2026 fewer than 5 fewer than 5');
  });

  it('names the countries with the most thefts in its summary, in the language asked', async () => {
    const chart = await public2026('by-country', 'fr');
    const top = chart.rows.filter((row) => 'value' in row.count).sort((a, b) => (b.count as { value: number }).value - (a.count as { value: number }).value)[0]!;
    expect(reports.get('fr')!.text).toContain(`${top.label} (${shown(top.count, 'fr')})`);
  });

  it('shows other bodies’ figures for the year beside its own, with their source and caveats, never added to them', () => {
    const { lines, text } = reports.get('en')!;
    expect(text).toContain('Figures published by others');
    expect(text).toContain('Seizures of cultural goods by region');
    expect(text).toContain('Source: A police cooperation body, Survey on crimes against cultural property');
    expect(text).toContain('Caveats: Not every country answered');
    expect(lines).toContain('Europe 40');
    expect(lines).toContain('Africa 10');
    expect(lines).toContain('Total 50');
    expect(lines).not.toContain('Europe 31');
    expect(reports.get('es')!.text).toContain('Cifras publicadas por otros');
  });

  it('tells its progress section by section', () => {
    expect(sections[0]).toBe('1/9 The year in brief');
    expect(sections.at(-1)).toBe('9/9 How the figures are made');
  });
});
