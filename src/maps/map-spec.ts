/**
 * What a map shows, independent of how it is drawn: the observatory's choropleth and flows, and the
 * places and areas of heritage in emergencies. `world-map.ts` draws a spec as an accessible SVG for
 * pages and as projected paths for PDFs (same projection, same shapes).
 */
import type { Geometry } from 'geojson';

/** A country's fill: `step` is its class (0 lightest … steps-1 darkest); null when it has no data or is suppressed. */
export interface CountryFill {
  /** ISO 3166-1 alpha-2. */
  country: string;
  step: number | null;
  /** Spoken and shown on hover: "France: 120 objects". */
  label: string;
  href?: string;
}

export interface MapPoint {
  lon: number;
  lat: number;
  label: string;
  /** Styling class, e.g. the condition of a site or `museum`. */
  kind?: string;
  href?: string;
}

export interface MapShape {
  /** A GeoJSON Polygon or MultiPolygon (an emergency's drawn area, a site's footprint, a generalised region). */
  geometry: Geometry;
  label: string;
  kind?: string;
}

export interface MapFlow {
  /** ISO 3166-1 alpha-2 codes of origin and destination. */
  from: string;
  to: string;
  /** Line width class, 0 … steps-1. */
  step: number;
  label: string;
}

export interface MapSpec {
  /** The accessible name (SVG `<title>`) and a one-sentence description (`<desc>`). */
  title: string;
  description: string;
  /** Number of fill or flow classes (legend steps). */
  steps?: number;
  countries?: CountryFill[];
  points?: MapPoint[];
  shapes?: MapShape[];
  flows?: MapFlow[];
  /**
   * `world` (default) or `fit`: zoom to the points and shapes, with a margin — and to the ends of the
   * flows and the mainland of each country with a fill class (added by O2 for regional maps).
   */
  extent?: 'world' | 'fit';
  width?: number;
  height?: number;
}
