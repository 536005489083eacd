/**
 * What one object contributes to the observatory's figures, computed from its registry rows: one
 * fact per incident (`reported`), per recovery (`recovered`: a status change to recovered or found)
 * and per sighting (`sightings`), each with the dimensions the charts break down by. Pure: the
 * repository reads the registry rows, the cube (observatory-cube.ts) holds the facts.
 */
import type { ObservatoryMeasure } from './observatory-figures.js';

export interface SourceObject {
  seq: number;
  status: string;
  objectType: string | null;
  earliestYear: number | null;
  latestYear: number | null;
  materials: string[];
  incidents: SourceIncident[];
  /** Status changes to recovered or found, with their date (ISO). */
  recoveries: string[];
  sightings: Array<{ country: string | null; at: string }>;
}

export interface SourceIncident {
  country: string | null;
  method: string;
  placeKind: string | null;
  reportedOn: string;
  discoveredOn: string | null;
}

export interface Fact {
  objectSeq: number;
  measure: ObservatoryMeasure;
  year: number;
  month: number;
  /** Where it happened: the theft's country (reported, recovered), the sighting's (sightings); '' unknown. */
  country: string;
  /** Sightings: the country of theft (flows); '' otherwise or unknown. */
  origin: string;
  objectType: string;
  period: string;
  placeKind: string;
  method: string;
  status: string;
  /** Recovered: days from the report to the recovery, to DAYS_BUCKET; null otherwise or without an incident. */
  days: number | null;
  materials: string[];
}

/** Periods of the objects, from their earliest and latest years (BCE negative). */
export const PERIODS = [
  'before-1000-bce',
  '1000-1-bce',
  '1-1000-ce',
  ...Array.from({ length: 11 }, (_, i) => `century-${i + 11}`),
  'undated',
] as const;
export type Period = (typeof PERIODS)[number];

/**
 * The period of an object: the middle of its date range, so that "1850–1910" is a 19th-century
 * object; before the 11th century, millennia (thefts of antiquities are counted too coarsely for centuries).
 */
export function periodOf(earliest: number | null, latest: number | null): Period {
  if (earliest === null && latest === null) return 'undated';
  const middle = ((earliest ?? latest)! + (latest ?? earliest)!) / 2;
  if (middle < -1000) return 'before-1000-bce';
  if (middle < 1) return '1000-1-bce';
  if (middle <= 1000) return '1-1000-ce';
  const century = Math.min(21, Math.ceil(middle / 100));
  return `century-${century}` as Period;
}

const DAY_MS = 86_400_000;

/** The facts of one object (an object that no longer exists contributes none). */
export function factsOf(object: SourceObject): Fact[] {
  // Written out fact by fact rather than spread from a common base: the registry's objects are read
  // again after every import, and spreading took most of that time (bench/observatory.ts).
  const objectType = object.objectType ?? '';
  const period = periodOf(object.earliestYear, object.latestYear);
  const materials = object.materials.length > 1 ? [...new Set(object.materials)].sort() : object.materials;
  const incidents = object.incidents.length > 1 ? [...object.incidents].sort((a, b) => (a.reportedOn < b.reportedOn ? -1 : a.reportedOn > b.reportedOn ? 1 : 0)) : object.incidents;
  const fact = (measure: ObservatoryMeasure, date: string, country: string, origin: string, incident: SourceIncident | undefined, days: number | null): Fact => ({
    objectSeq: object.seq,
    measure,
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    country,
    origin,
    objectType,
    period,
    placeKind: incident?.placeKind ?? '',
    method: incident?.method ?? '',
    status: object.status,
    days,
    materials,
  });
  const facts: Fact[] = [];
  for (const incident of incidents) facts.push(fact('reported', incident.discoveredOn ?? incident.reportedOn, incident.country ?? '', '', incident, null));
  for (const at of object.recoveries) {
    const incident = incidentAt(incidents, at);
    const days = incident ? DAYS_BUCKET * Math.floor(Math.max(0, (Date.parse(at) - Date.parse(incident.reportedOn)) / DAY_MS) / DAYS_BUCKET) : null;
    facts.push(fact('recovered', at, incident?.country ?? '', '', incident, days));
  }
  for (const sighting of object.sightings) {
    const incident = incidentAt(incidents, sighting.at);
    facts.push(fact('sightings', sighting.at, sighting.country ?? '', incident?.country ?? '', incident, null));
  }
  return facts;
}

/** The incident a later event follows: the last one reported by then (or the first one); incidents sorted by report. */
function incidentAt(incidents: readonly SourceIncident[], at: string): SourceIncident | undefined {
  const day = at.slice(0, 10);
  let found = incidents[0];
  for (const incident of incidents) if (incident.reportedOn <= day) found = incident;
  return found;
}

/**
 * Days to recovery are kept to the month (30 days): medians to the day would single out the one
 * recovery in the middle, and public medians need groups of the same duration.
 */
export const DAYS_BUCKET = 30;
