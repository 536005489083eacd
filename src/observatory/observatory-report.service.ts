import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { notFound } from '../errors.js';
import type { DiskCache } from '../interop/iiif/disk-cache.js';
import type { Lang } from '../i18n/languages.js';
import type { ExternalDatasetService } from './external-datasets.service.js';
import { writeObservatoryReport } from './observatory-report.js';
import type { ObservatoryService } from './observatory.service.js';

/**
 * The reports' layout: part of each cached file's name, so that reports drawn by an earlier version
 * of Egide are not served after its layout or wording changed (bump it then).
 */
const REPORT_LAYOUT = 2;
/** The first year a report is drawn for: none of the network's records is older as an incident year. */
const FIRST_YEAR = 2000;

/** A report ready to send: its file in the cache and what the response says of it. */
export interface ReportFile {
  path: string;
  size: number;
  etag: string;
}

/**
 * The yearly reports on the web, drawn once per year, language and version of the figures (the
 * observatory's data version and the external datasets' imports) into a disk cache, least recently
 * used out first: a report is re-drawn only after the figures changed. Two requests for a report
 * being drawn wait for the same drawing.
 */
export class ObservatoryReportService {
  private readonly drawing = new Map<string, Promise<void>>();

  constructor(
    private readonly sources: { observatory: Pick<ObservatoryService, 'chart' | 'updatedAt'>; externalDatasets: Pick<ExternalDatasetService, 'withRows' | 'list'> },
    private readonly cache: DiskCache,
  ) {}

  /** The report of `year` in `lang`; not found for a year before FIRST_YEAR or after this one (nothing to report, and no end of files to draw). */
  async report(year: number, lang: Lang, now = new Date()): Promise<ReportFile> {
    if (!Number.isInteger(year) || year < FIRST_YEAR || year > now.getUTCFullYear()) throw notFound(`No yearly report for ${year}: reports cover ${FIRST_YEAR} to ${now.getUTCFullYear()}.`);
    const version = await this.version();
    const key = `${year}/${lang}-${version}-${REPORT_LAYOUT}.pdf`;
    if (!(await this.cache.touch(key))) await this.draw(year, lang, key);
    const path = this.cache.path(key);
    return { path, size: (await stat(path)).size, etag: `"observatory-${year}-${lang}-${version}-${REPORT_LAYOUT}"` };
  }

  /** What the figures are as of now: the aggregate's update time and every external dataset's import. */
  private async version(): Promise<string> {
    const datasets = (await this.sources.externalDatasets.list()).map((dataset) => `${dataset.slug}@${dataset.importedAt}`).sort();
    return createHash('sha256')
      .update(JSON.stringify([await this.sources.observatory.updatedAt(), datasets]))
      .digest('hex')
      .slice(0, 16);
  }

  private draw(year: number, lang: Lang, key: string): Promise<void> {
    let pending = this.drawing.get(key);
    if (!pending) {
      pending = this.cache
        .writeWith(key, (temporaryPath) => writeObservatoryReport(this.sources, { year, lang }, createWriteStream(temporaryPath, { flags: 'wx', mode: 0o640 })))
        .finally(() => this.drawing.delete(key));
      this.drawing.set(key, pending);
    }
    return pending;
  }
}
