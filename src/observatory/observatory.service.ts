/**
 * The observatory's figures: each chart of observatory-figures.ts computed from the cube of facts
 * (observatory-cube.ts), exact for investigators and admins, published through the scheme of
 * observatory-privacy.ts for everyone else. Pages, the open-data API, the yearly report and the
 * benchmark all read figures here.
 */
import type { Lang } from '../i18n/languages.js';
import type { Principal } from '../roles.js';
import { buildChart, seesExactFigures } from './observatory-charts.js';
import { FigureCube } from './observatory-cube.js';
import { factsOf } from './observatory-facts.js';
import { OBSERVATORY_CHARTS, OBSERVATORY_MEASURES, type ObservatoryChart, type ObservatoryChartId, type ObservatoryFilters } from './observatory-figures.js';
import { parseObservatoryFilters, type ObservatoryQuery } from './observatory-filters.js';
import { chartData, type ChartData } from './observatory-queries.js';
import type { ObservatoryRepository, ObservatoryVersion } from './observatory.repository.js';
import { registrySearchHref } from './observatory-drill.js';

/** Charts kept until the data changes: the page's dozen per filter set, for a few dozen filter sets. */
const CACHE_ENTRIES = 500;

export class ObservatoryService {
  /** Chart figures of the current version, by chart, publication and filters. */
  private readonly cache = new Map<string, ChartData>();
  private cube: FigureCube | undefined;
  /** The version the cube holds. */
  private loaded = -1;
  /** One load or update at a time; the others wait for it. */
  private updating: Promise<void> | undefined;

  constructor(private readonly repository: ObservatoryRepository) {}

  /**
   * The query's filters, checked: an unknown country, region, type, status or measure, a year that is
   * not one, or `from > to` is a 400 naming the parameter.
   */
  filtersFromQuery(query: ObservatoryQuery): ObservatoryFilters {
    return parseObservatoryFilters(query);
  }

  /** True when the viewer sees exact counts (investigators and admins) rather than the published ones. */
  seesExact(viewer: Principal | null): boolean {
    return seesExactFigures(viewer);
  }

  /**
   * Brings the figures up to the data's version and computes the public charts without filters (the
   * page most visitors open), as a server starts: at a million incidents the first visitor would
   * otherwise wait for the facts' load (13–19 s) and the cube's grouping (~0.9 s; bench:observatory).
   */
  async load(): Promise<void> {
    await this.current();
    for (const id of OBSERVATORY_CHARTS) this.data(id, {}, true);
  }

  /** When the figures last changed (ISO date-time): the `updatedAt` of every chart, `dct:modified` of the dataset. */
  async updatedAt(): Promise<string> {
    return (await this.current()).updatedAt;
  }

  /** One chart, for this viewer, labelled in `lang`. */
  async chart(id: ObservatoryChartId, filters: ObservatoryFilters, viewer: Principal | null, lang: Lang): Promise<ObservatoryChart> {
    const { updatedAt } = await this.current();
    const exact = seesExactFigures(viewer);
    return buildChart(this.data(id, filters, !exact), filters, exact, lang, updatedAt);
  }

  /** Every chart with the same filters (the page, the yearly report). */
  async charts(filters: ObservatoryFilters, viewer: Principal | null, lang: Lang): Promise<ObservatoryChart[]> {
    const charts: ObservatoryChart[] = [];
    for (const id of OBSERVATORY_CHARTS) charts.push(await this.chart(id, filters, viewer, lang));
    return charts;
  }

  /**
   * The complete public dataset of one year (the yearly download): every chart as the public sees
   * it, for each measure (flows and outcomes have their own).
   */
  async datasetForYear(year: number, lang: Lang): Promise<ObservatoryChart[]> {
    const charts: ObservatoryChart[] = [];
    for (const id of OBSERVATORY_CHARTS) {
      const measures = id === 'flows' || id === 'outcomes' ? [undefined] : OBSERVATORY_MEASURES;
      for (const measure of measures) charts.push(await this.chart(id, { from: year, to: year, ...(measure ? { measure } : {}) }, null, lang));
    }
    return charts;
  }

  /** The years with published reported objects, oldest first (the yearly files of the dataset). */
  async years(): Promise<number[]> {
    await this.current();
    return this.data('by-year', {}, true)
      .rows.map((row) => Number(row.key))
      .sort((a, b) => a - b);
  }

  /**
   * Where an investigator or admin drills through to the records behind a figure: the registry
   * search with the same filters (and the row's key, e.g. a country), or null for others.
   */
  drillThrough(viewer: Principal | null, filters: ObservatoryFilters, row?: { chart: ObservatoryChartId; key: string }, lang: Lang = 'en'): string | null {
    return seesExactFigures(viewer) ? registrySearchHref(lang, filters, row) : null;
  }

  /** The data's version, with the cube brought up to it: the objects changed since are read again, or everything when first used. */
  private async current(): Promise<ObservatoryVersion> {
    const version = await this.repository.version();
    while (this.loaded < version.version) {
      this.updating ??= this.update(version.version).finally(() => (this.updating = undefined));
      await this.updating;
    }
    return version;
  }

  private async update(version: number): Promise<void> {
    const changed = this.cube ? await this.repository.changedSince(this.loaded, version) : undefined;
    if (changed === undefined) {
      const cube = new FigureCube();
      for await (const objects of this.repository.everySource()) cube.replace([], objects.flatMap(factsOf));
      this.cube = cube;
    } else {
      this.cube!.replace(changed, (await this.repository.sources(changed)).flatMap(factsOf));
    }
    this.cache.clear();
    this.loaded = version;
  }

  private data(id: ObservatoryChartId, filters: ObservatoryFilters, published: boolean): ChartData {
    const key = `${id}|${published}|${JSON.stringify(filters)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const data = chartData(id, filters, this.cube!, published);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, data);
    return data;
  }
}
