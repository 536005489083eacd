/**
 * The observatory's yearly report (PDF): a cover, the year in words, the maps of where objects were
 * taken and where they resurfaced, the months, the breakdowns as bar charts and tables, outcomes,
 * and how the figures are made. Public figures only (the report is public): the same numbers as the
 * pages, read from the same service as the public sees them, a suppressed cell "fewer than 5".
 */
import type { Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { translator, type Translate } from '../i18n/i18n.js';
import type { Lang } from '../i18n/languages.js';
import { renderPdf, writePdf, type PdfMetadata } from '../pdf/pdf-document.js';
import { ACCENT, type PdfLayout } from '../pdf/pdf-layout.js';
import type { ChartRow, ObservatoryChart, ObservatoryChartId, ObservatoryFilters, ObservatoryMeasure, PublishedCount } from './observatory-figures.js';
import { exactCount, publishedCount } from './observatory-privacy.js';
import { countryMap, flowMap, mapText } from './observatory-maps.js';
import { barChart, columnChart, mapFigure, table, type DrawnRow } from './observatory-report-drawing.js';
import type { ObservatoryService } from './observatory.service.js';
import type { ExternalDataset, ExternalDatasetService } from './external-datasets.service.js';
import { TOTAL } from './external-dataset.js';
import { regionName } from '../maps/countries.js';
import { countryName } from '../registry/object.components.js';

/** What the report reads: the public figures of the service the pages read, and the external datasets shown beside them. */
export interface ReportSources {
  observatory: Pick<ObservatoryService, 'chart'>;
  externalDatasets: Pick<ExternalDatasetService, 'withRows'>;
}

export interface ObservatoryReportOptions {
  year: number;
  lang: Lang;
  /** Called as each section is drawn (`egide observatory report` shows it on stderr): sections done, of how many, and its title. */
  onSection?: (done: number, total: number, title: string) => void;
}

/** At most this many bars per chart: the table beside it lists every row (25 bars fill half a page). */
const BAR_LIMIT = 15;

/** Writes the report to `destination`. */
export async function writeObservatoryReport(sources: ReportSources, options: ObservatoryReportOptions, destination: Writable): Promise<void> {
  const report = new YearlyReport(await readFigures(sources, options.year, options.lang), options);
  await writePdf(report.metadata(), (layout) => report.draw(layout), destination);
}

/** The report as one buffer (tests, the benchmark). */
export async function renderObservatoryReport(sources: ReportSources, options: ObservatoryReportOptions): Promise<Buffer> {
  const report = new YearlyReport(await readFigures(sources, options.year, options.lang), options);
  return renderPdf(report.metadata(), (layout) => report.draw(layout));
}

/** Every chart the report shows, read before drawing starts. */
interface YearFigures {
  reportedByCountry: ObservatoryChart;
  reportedByRegion: ObservatoryChart;
  recoveredByCountry: ObservatoryChart;
  sightingsByCountry: ObservatoryChart;
  flows: ObservatoryChart;
  reportedByMonth: ObservatoryChart;
  recoveredByMonth: ObservatoryChart;
  byType: ObservatoryChart;
  byMaterial: ObservatoryChart;
  byPeriod: ObservatoryChart;
  byPlaceKind: ObservatoryChart;
  byMethod: ObservatoryChart;
  outcomes: ObservatoryChart;
  /** Every year, for the years compared. */
  reportedByYear: ObservatoryChart;
  recoveredByYear: ObservatoryChart;
  /** External datasets with figures for the year, only those rows. */
  external: ExternalDataset[];
}

async function readFigures(sources: ReportSources, year: number, lang: Lang): Promise<YearFigures> {
  const inYear: ObservatoryFilters = { from: year, to: year };
  const chart = (id: ObservatoryChartId, measure: ObservatoryMeasure, filters: ObservatoryFilters = inYear) => sources.observatory.chart(id, { ...filters, measure }, null, lang);
  const [reportedByCountry, reportedByRegion, recoveredByCountry, sightingsByCountry, flows, reportedByMonth, recoveredByMonth] = await Promise.all([
    chart('by-country', 'reported'),
    chart('by-region', 'reported'),
    chart('by-country', 'recovered'),
    chart('by-country', 'sightings'),
    chart('flows', 'reported'),
    chart('by-month', 'reported'),
    chart('by-month', 'recovered'),
  ]);
  const [byType, byMaterial, byPeriod, byPlaceKind, byMethod, outcomes, reportedByYear, recoveredByYear] = await Promise.all([
    chart('by-type', 'reported'),
    chart('by-material', 'reported'),
    chart('by-period', 'reported'),
    chart('by-place-kind', 'reported'),
    chart('by-method', 'reported'),
    chart('outcomes', 'reported'),
    chart('by-year', 'reported', {}),
    chart('by-year', 'recovered', {}),
  ]);
  const external = (await sources.externalDatasets.withRows()).flatMap((dataset) => {
    const rows = dataset.rows.filter((row) => row.year === year);
    return rows.length > 0 ? [{ ...dataset, rows }] : [];
  });
  return { reportedByCountry, reportedByRegion, recoveredByCountry, sightingsByCountry, flows, reportedByMonth, recoveredByMonth, byType, byMaterial, byPeriod, byPlaceKind, byMethod, outcomes, reportedByYear, recoveredByYear, external };
}

/** A section of the report: its heading, how many headings it has under it at most (for the contents), and what it draws. */
type Section = { title: string; subheadings: number; draw: (layout: PdfLayout) => void };

class YearlyReport {
  private readonly t: Translate;
  private readonly numbers: Intl.NumberFormat;
  private readonly lang: Lang;
  private readonly year: number;

  constructor(
    private readonly figures: YearFigures,
    private readonly options: ObservatoryReportOptions,
  ) {
    this.lang = options.lang;
    this.year = options.year;
    this.t = translator(options.lang);
    this.numbers = new Intl.NumberFormat(options.lang);
  }

  metadata(): PdfMetadata {
    const title = this.t('observatoryReport.title', { year: this.year });
    return {
      title,
      lang: this.lang,
      subject: this.t('observatoryReport.subject'),
      author: 'Egide',
      footer: (page, pages) => (page === 1 ? undefined : { title, page: this.t('observatoryReport.page', { page, pages }) }),
    };
  }

  async draw(layout: PdfLayout): Promise<void> {
    const sections = this.sections();
    this.cover(layout);
    layout.reserveContents(this.t('observatoryReport.contents'), sections.reduce((sum, section) => sum + 1 + section.subheadings, 0));
    for (const [index, section] of sections.entries()) {
      layout.heading(section.title, 1, { newPage: true });
      section.draw(layout);
      this.options.onSection?.(index + 1, sections.length, section.title);
      // A server drawing a report answers other requests between its sections (a section is drawn in milliseconds).
      await setImmediate();
    }
  }

  /** The sections after the cover, in order; each a heading of the contents. */
  private sections(): Section[] {
    const { t } = this;
    return [
      { title: t('observatoryReport.summary'), subheadings: 0, draw: (layout) => this.summary(layout) },
      { title: t('observatoryReport.where'), subheadings: 2, draw: (layout) => this.where(layout) },
      { title: t('observatoryReport.flows'), subheadings: 3, draw: (layout) => this.flows(layout) },
      { title: t('observatoryReport.months'), subheadings: 3, draw: (layout) => this.months(layout) },
      { title: t('observatoryReport.what'), subheadings: 3, draw: (layout) => this.what(layout) },
      { title: t('observatoryReport.how'), subheadings: 2, draw: (layout) => this.how(layout) },
      { title: t('observatoryReport.outcomes'), subheadings: 1, draw: (layout) => this.outcomes(layout) },
      ...(this.figures.external.length > 0
        ? [{ title: t('observatoryReport.external'), subheadings: this.figures.external.length, draw: (layout: PdfLayout) => this.external(layout) }]
        : []),
      { title: t('observatoryReport.method'), subheadings: 3, draw: (layout) => this.method(layout) },
    ];
  }

  private cover(layout: PdfLayout): void {
    const { t } = this;
    layout.newPage();
    layout.space(60);
    layout.paragraph(t('observatoryReport.kind'), { font: 'bold', size: 12, color: ACCENT });
    layout.paragraph(t('observatoryReport.title', { year: this.year }), { font: 'bold', size: 26, gap: 10 });
    layout.paragraph(t('observatoryReport.cover.scope'), { size: 13, gap: 14 });
    const updated = new Intl.DateTimeFormat(this.lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(this.figures.reportedByCountry.updatedAt));
    layout.paragraph(t('observatoryReport.cover.updated', { date: updated }), { gap: 24 });
    layout.notice(t('observatoryReport.cover.public'));
    layout.paragraph(t('observatoryReport.licence'), { size: 9 });
  }

  private summary(layout: PdfLayout): void {
    const { t, figures } = this;
    const reported = figures.reportedByCountry.total;
    const recovered = figures.recoveredByCountry.total;
    const sightings = figures.sightingsByCountry.total;
    layout.paragraph(
      t('observatoryReport.summary.counts', {
        year: this.year,
        reported: this.objects(reported),
        recovered: this.objects(recovered),
        sightings: this.shown(sightings),
      }),
    );
    const countries = topRows(figures.reportedByCountry.rows, 3);
    if (countries.length > 0) layout.paragraph(t('observatoryReport.summary.countries', { list: this.list(countries) }));
    const methods = topRows(figures.byMethod.rows, 2);
    if (methods.length > 0) layout.paragraph(t('observatoryReport.summary.methods', { list: this.list(methods) }));
    const places = topRows(figures.byPlaceKind.rows, 2);
    if (places.length > 0) layout.paragraph(t('observatoryReport.summary.places', { list: this.list(places) }));
    const flows = topRows(figures.flows.rows, 3);
    if (flows.length > 0) layout.paragraph(t('observatoryReport.summary.flows', { list: this.list(flows) }));
    layout.paragraph(this.outcomeSentence());
    layout.paragraph(t('observatoryReport.summary.suppressed'), { font: 'italic', size: 9 });
  }

  private where(layout: PdfLayout): void {
    const { t, figures } = this;
    layout.paragraph(t('observatoryReport.where.intro', { year: this.year }));
    mapFigure(layout, countryMap(figures.reportedByCountry, this.mapText(t('observatoryReport.where.mapTitle', { year: this.year }))), 'fill');
    layout.heading(t('observatoryReport.byRegion'), 2);
    this.rowsTable(layout, figures.reportedByRegion, t('observatoryReport.column.region'));
    layout.heading(t('observatoryReport.byCountry'), 2);
    this.rowsTable(layout, figures.reportedByCountry, t('observatoryReport.column.country'));
  }

  private flows(layout: PdfLayout): void {
    const { t, figures } = this;
    layout.paragraph(t('observatoryReport.flows.intro'));
    if (figures.flows.rows.length === 0) {
      layout.paragraph(t('observatoryReport.empty'), { font: 'italic' });
    } else {
      mapFigure(layout, flowMap(figures.flows, this.mapText(t('observatoryReport.flows.mapTitle', { year: this.year }))), 'line');
      layout.heading(t('observatoryReport.flows.table'), 2);
      table(
        layout,
        [t('observatoryReport.column.from'), t('observatoryReport.column.to'), t('observatoryReport.column.objects')],
        figures.flows.rows.map((row) => (row.from && row.to ? [countryName(row.from, this.lang), countryName(row.to, this.lang), this.shown(row.count)] : [row.label, '', this.shown(row.count)])),
      );
    }
    layout.heading(t('observatoryReport.sightingsByCountry'), 2);
    this.rowsTable(layout, figures.sightingsByCountry, t('observatoryReport.column.country'), t('observatoryReport.column.sightings'));
    layout.heading(t('observatoryReport.recoveredByCountry'), 2);
    this.rowsTable(layout, figures.recoveredByCountry, t('observatoryReport.column.country'));
  }

  private months(layout: PdfLayout): void {
    const { t, figures } = this;
    const monthName = new Intl.DateTimeFormat(this.lang, { month: 'short', timeZone: 'UTC' });
    const keys = Array.from({ length: 12 }, (_, index) => `${this.year}-${String(index + 1).padStart(2, '0')}`);
    const reported = byKey(figures.reportedByMonth);
    const recovered = byKey(figures.recoveredByMonth);
    // Every month drawn: one a chart has no row for counts nothing it may publish.
    const columns = (counts: Map<string, PublishedCount>, chart: ObservatoryChart) =>
      keys.map((key) => this.drawnCount(monthName.format(new Date(`${key}-01T00:00:00Z`)), counts.get(key) ?? absent(chart)));
    layout.heading(t('observatoryReport.months.reported'), 2);
    columnChart(layout, columns(reported, figures.reportedByMonth), { caption: t('observatoryReport.months.caption') });
    layout.heading(t('observatoryReport.months.recovered'), 2);
    columnChart(layout, columns(recovered, figures.recoveredByMonth), { caption: t('observatoryReport.months.caption') });
    layout.heading(t('observatoryReport.months.table'), 2);
    const monthLong = new Intl.DateTimeFormat(this.lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    table(
      layout,
      [t('observatoryReport.column.month'), t('observatoryReport.column.reported'), t('observatoryReport.column.recovered')],
      [
        ...keys.map((key) => [
          monthLong.format(new Date(`${key}-01T00:00:00Z`)),
          this.shown(reported.get(key) ?? absent(figures.reportedByMonth)),
          this.shown(recovered.get(key) ?? absent(figures.recoveredByMonth)),
        ]),
        [t('observatoryReport.total'), this.shown(figures.reportedByMonth.total), this.shown(figures.recoveredByMonth.total)],
      ],
    );
  }

  private what(layout: PdfLayout): void {
    const { t, figures } = this;
    layout.paragraph(t('observatoryReport.what.intro'));
    this.breakdown(layout, t('observatoryReport.byType'), figures.byType, t('observatoryReport.column.type'));
    this.breakdown(layout, t('observatoryReport.byMaterial'), figures.byMaterial, t('observatoryReport.column.material'));
    this.breakdown(layout, t('observatoryReport.byPeriod'), figures.byPeriod, t('observatoryReport.column.period'));
  }

  private how(layout: PdfLayout): void {
    const { t, figures } = this;
    this.breakdown(layout, t('observatoryReport.byPlaceKind'), figures.byPlaceKind, t('observatoryReport.column.placeKind'));
    this.breakdown(layout, t('observatoryReport.byMethod'), figures.byMethod, t('observatoryReport.column.method'));
  }

  private outcomes(layout: PdfLayout): void {
    const { t, figures } = this;
    layout.paragraph(this.outcomeSentence());
    const outcome = figures.outcomes.outcome;
    table(
      layout,
      [t('observatoryReport.column.measure'), t('observatoryReport.column.value')],
      [
        [t('observatoryReport.outcomes.reported'), this.shown(figures.reportedByCountry.total)],
        [t('observatoryReport.outcomes.recovered'), this.shown(figures.recoveredByCountry.total)],
        [t('observatoryReport.outcomes.share'), outcome?.shareRecovered == null ? t('observatoryReport.notPublished') : this.percent(outcome.shareRecovered)],
        [t('observatoryReport.outcomes.median'), outcome?.medianDaysToRecovery == null ? t('observatoryReport.notPublished') : this.numbers.format(outcome.medianDaysToRecovery)],
      ],
    );
    layout.heading(t('observatoryReport.years'), 2);
    layout.paragraph(t('observatoryReport.years.intro'));
    const recovered = byKey(figures.recoveredByYear);
    table(
      layout,
      [t('observatoryReport.column.year'), t('observatoryReport.column.reported'), t('observatoryReport.column.recovered')],
      figures.reportedByYear.rows.map((row) => [row.label, this.shown(row.count), this.shown(recovered.get(row.key) ?? absent(figures.recoveredByYear))]),
    );
  }

  /** Others' published figures for the year, each with its source and caveats, never added to Egide's. */
  private external(layout: PdfLayout): void {
    const { t } = this;
    layout.paragraph(t('observatoryReport.external.intro'));
    for (const dataset of this.figures.external) {
      layout.heading(dataset.title, 2);
      layout.field(t('observatoryReport.external.source'), `${dataset.source.organisation}, ${dataset.source.title}${dataset.source.url ? ` (${dataset.source.url})` : ''}`);
      layout.field(t('observatoryReport.external.published'), dataset.publishedOn);
      layout.field(t('observatoryReport.external.licence'), dataset.licence);
      layout.field(t('observatoryReport.external.definitions'), dataset.definitions);
      layout.field(t('observatoryReport.external.caveats'), dataset.caveats);
      const area = dataset.shape.area === 'region' ? t('observatoryReport.column.region') : t('observatoryReport.column.country');
      const areaName = (code: string | undefined) =>
        code === undefined || code === TOTAL ? t('observatoryReport.total') : dataset.shape.area === 'region' ? regionName(code, this.lang) : countryName(code, this.lang);
      table(
        layout,
        [area, t(`observatoryReport.external.unit.${dataset.unit}`)],
        dataset.rows.map((row) => [areaName(row.area), this.numbers.format(row.value)]),
      );
    }
  }

  private method(layout: PdfLayout): void {
    const { t } = this;
    layout.heading(t('observatoryReport.method.counted'), 2);
    layout.bullets([t('observatoryReport.method.reported'), t('observatoryReport.method.recovered'), t('observatoryReport.method.sightings'), t('observatoryReport.method.flows')]);
    layout.heading(t('observatoryReport.method.privacy'), 2);
    layout.paragraph(t('observatoryReport.method.suppression'));
    layout.paragraph(t('observatoryReport.method.private'));
    layout.heading(t('observatoryReport.method.licenceHeading'), 2);
    layout.paragraph(t('observatoryReport.licence'));
    layout.paragraph(t('observatoryReport.method.openData'));
  }

  /** A breakdown: its heading, its bars, and its table with the total. */
  private breakdown(layout: PdfLayout, title: string, chart: ObservatoryChart, column: string): void {
    layout.heading(title, 2);
    if (chart.rows.length === 0) {
      layout.paragraph(this.t('observatoryReport.empty'), { font: 'italic' });
      return;
    }
    barChart(layout, chart.rows.map((row) => this.drawn(row)), { limit: BAR_LIMIT });
    this.rowsTable(layout, chart, column);
  }

  /** A chart's rows as a table (its key's label and count), its total last. */
  private rowsTable(layout: PdfLayout, chart: ObservatoryChart, column: string, countColumn = this.t('observatoryReport.column.objects')): void {
    if (chart.rows.length === 0) {
      layout.paragraph(this.t('observatoryReport.empty'), { font: 'italic' });
      return;
    }
    table(layout, [column, countColumn], [...chart.rows.map((row) => [row.label, this.shown(row.count)]), [this.t('observatoryReport.total'), this.shown(chart.total)]]);
  }

  private outcomeSentence(): string {
    const outcome = this.figures.outcomes.outcome;
    if (!outcome || outcome.shareRecovered === null) return this.t('observatoryReport.outcomes.tooFew');
    const share = this.percent(outcome.shareRecovered);
    return outcome.medianDaysToRecovery === null
      ? this.t('observatoryReport.outcomes.shareOnly', { share })
      : this.t('observatoryReport.outcomes.sentence', { share, days: this.numbers.format(outcome.medianDaysToRecovery) });
  }

  private drawn(row: ChartRow): DrawnRow {
    return this.drawnCount(row.label, row.count);
  }

  private drawnCount(label: string, count: PublishedCount): DrawnRow {
    return { label, value: 'value' in count ? count.value : null, shown: this.shown(count) };
  }

  /** A map's words as the pages write them, its title standing for its description (the text around it describes it). */
  private mapText(title: string) {
    return mapText(this.t, title, title, (count) => this.shown(count));
  }

  /** A published count as printed: the number, or "fewer than 5". */
  private shown(count: PublishedCount): string {
    return 'value' in count ? this.numbers.format(count.value) : this.t('observatoryReport.fewerThan', { threshold: count.fewerThan });
  }

  /** "120 objects", "1 object", "fewer than 5 objects". */
  private objects(count: PublishedCount): string {
    return 'value' in count
      ? this.t('observatoryReport.objects', { count: count.value, shown: this.numbers.format(count.value) })
      : this.t('observatoryReport.objectsFewer', { threshold: count.fewerThan });
  }

  private percent(share: number): string {
    return new Intl.NumberFormat(this.lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);
  }

  /** "France (120), Italy (85) and Spain (40)", in the report's language. */
  private list(rows: readonly ChartRow[]): string {
    return new Intl.ListFormat(this.lang, { type: 'conjunction' }).format(rows.map((row) => `${row.label} (${this.shown(row.count)})`));
  }
}

function byKey(chart: ObservatoryChart): Map<string, PublishedCount> {
  return new Map(chart.rows.map((row) => [row.key, row.count]));
}

/** A key a chart has no row for: a count of nothing, as its viewer sees counts (the public: “fewer than 5”). */
function absent(chart: ObservatoryChart): PublishedCount {
  return chart.exact ? exactCount(0) : publishedCount(0);
}

/** The `n` largest published rows (suppressed rows name no figure, so they lead nothing). */
function topRows(rows: readonly ChartRow[], n: number): ChartRow[] {
  return rows
    .filter((row): row is ChartRow & { count: { value: number } } => 'value' in row.count && row.count.value > 0)
    .sort((a, b) => b.count.value - a.count.value)
    .slice(0, n);
}
