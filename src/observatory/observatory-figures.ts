/**
 * What the observatory publishes: the charts, the filters that narrow them and the shape of their
 * figures. Pages, the open-data API, the yearly report and the benchmark all speak this contract.
 */

/** The measure a chart counts. */
export const OBSERVATORY_MEASURES = ['reported', 'recovered', 'sightings'] as const;
export type ObservatoryMeasure = (typeof OBSERVATORY_MEASURES)[number];

/**
 * The charts. `reported` counts objects reported stolen or missing (by the incident's date and place),
 * `recovered` objects recovered or found (by the date of the status change), `sightings` confirmed
 * sightings (by the country where the object was seen). `flows` pairs the country of theft with the
 * country where the object was seen or recovered; `outcomes` gives the share recovered and the median
 * days to recovery.
 */
export const OBSERVATORY_CHARTS = [
  'by-country',
  'by-region',
  'by-year',
  'by-month',
  'by-type',
  'by-material',
  'by-period',
  'by-place-kind',
  'by-method',
  'outcomes',
  'flows',
] as const;
export type ObservatoryChartId = (typeof OBSERVATORY_CHARTS)[number];

/** Where a theft or loss happened: the registry records it with each incident. */
export { PLACE_KINDS, type PlaceKind } from '../registry/status.js';

/** Filters, all optional, as they appear in page and API query strings (`from`, `to`, `region`, `country`, `type`, `status`, `measure`). */
export interface ObservatoryFilters {
  /** First and last year included (BCE never applies here: these are incident years). */
  from?: number;
  to?: number;
  /** A UN M49 region code (e.g. `150` Europe, `002` Africa); see src/maps/countries.ts. */
  region?: string;
  /** An ISO 3166-1 alpha-2 code. */
  country?: string;
  /** A key of the object-type vocabulary; narrower types are included. */
  type?: string;
  /** The objects' current status among those the observatory counts. */
  status?: 'stolen' | 'missing' | 'recovered' | 'found';
  measure?: ObservatoryMeasure;
}

/**
 * A published count. The public never sees a count below the threshold: such a cell is
 * `{ fewerThan: 5 }`. Investigators and admins see exact values.
 */
export type PublishedCount = { value: number } | { fewerThan: number };

export interface ChartRow {
  /** The breakdown's key: a country code, region code, year, `YYYY-MM`, vocabulary key, period key, place kind, method, or `FR>DE` for a flow. */
  key: string;
  /** Its label in the page's language. */
  label: string;
  count: PublishedCount;
  /** Flows only: the two countries. */
  from?: string;
  to?: string;
}

export interface ObservatoryChart {
  chart: ObservatoryChartId;
  measure: ObservatoryMeasure;
  filters: ObservatoryFilters;
  rows: ChartRow[];
  total: PublishedCount;
  /** True when the viewer sees exact counts (investigators and admins). */
  exact: boolean;
  /** `outcomes` only: share of reported objects recovered or found (0–1) and the median days to recovery; null when suppressed. */
  outcome?: { shareRecovered: number | null; medianDaysToRecovery: number | null };
  /** When the figures were last changed (ISO date-time). */
  updatedAt: string;
}
