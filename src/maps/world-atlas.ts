/**
 * The country boundaries of Natural Earth, as the `world-atlas` package ships them (TopoJSON), read
 * once and lazily: 110m for the world (108 KB, 177 features), 50m for fitted maps and the small
 * countries 110m leaves out (756 KB, 242 features, ~60 ms to parse and convert on the first use).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { geoArea, geoCentroid } from 'd3-geo';
import { alpha2OfNumeric } from './countries.js';

export type AtlasScale = '110m' | '50m';

export interface AtlasCountry {
  /** ISO alpha-2; null for the few features that are no ISO country (N. Cyprus, Somaliland, Siachen Glacier…). */
  country: string | null;
  feature: Feature<Polygon | MultiPolygon>;
  /** [[west, south], [east, north]] in degrees, planar (a country across the antimeridian spans -180…180), to skip countries far off a fitted map. */
  bounds: [[number, number], [number, number]];
}

/** Natural Earth features with no ISO numeric id that still are an ISO country. */
const ALPHA2_BY_NAME: Readonly<Record<string, string>> = { Kosovo: 'XK' };

const require = createRequire(import.meta.url);
const atlases = new Map<AtlasScale, AtlasCountry[]>();

export function atlasCountries(scale: AtlasScale): AtlasCountry[] {
  let countries = atlases.get(scale);
  if (!countries) {
    const topology = JSON.parse(readFileSync(require.resolve(`world-atlas/countries-${scale}.json`), 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const collection = feature(topology, topology.objects.countries) as FeatureCollection<Polygon | MultiPolygon, { name: string }>;
    countries = collection.features.map((item) => ({
      country: (item.id !== undefined ? alpha2OfNumeric(String(item.id)) : ALPHA2_BY_NAME[item.properties.name]) ?? null,
      feature: item,
      bounds: planarBounds(item.geometry),
    }));
    atlases.set(scale, countries);
  }
  return countries;
}

const mainlands = new Map<string, Polygon | null>();

/**
 * A country's largest polygon, from 110m or (a small country) 50m; null when neither has it. It
 * stands for the country where one place is needed: France's is in Europe, not in French Guiana.
 */
export function countryMainland(alpha2: string): Polygon | null {
  let mainland = mainlands.get(alpha2);
  if (mainland === undefined) {
    const found = atlasCountries('110m').find((item) => item.country === alpha2) ?? atlasCountries('50m').find((item) => item.country === alpha2);
    mainland = found ? largestPolygon(found.feature.geometry) : null;
    mainlands.set(alpha2, mainland);
  }
  return mainland;
}

const anchors = new Map<string, [number, number] | null>();

/** Where a flow starts or ends for a country: the centroid of its mainland; null for a country the atlas lacks. */
export function countryAnchor(alpha2: string): [number, number] | null {
  let anchor = anchors.get(alpha2);
  if (anchor === undefined) {
    const mainland = countryMainland(alpha2);
    anchor = mainland ? geoCentroid(mainland) : null;
    anchors.set(alpha2, anchor);
  }
  return anchor;
}

function largestPolygon(geometry: Polygon | MultiPolygon): Polygon {
  if (geometry.type === 'Polygon') return geometry;
  let best: Polygon = { type: 'Polygon', coordinates: geometry.coordinates[0] ?? [] };
  let bestArea = -1;
  for (const coordinates of geometry.coordinates) {
    const polygon: Polygon = { type: 'Polygon', coordinates };
    const area = geoArea(polygon);
    if (area > bestArea) [best, bestArea] = [polygon, area];
  }
  return best;
}

/** The box of the coordinates as written: ten times faster than `geoBounds`, which the first fitted map would wait ~1 s for at 50m. */
function planarBounds(geometry: Polygon | MultiPolygon): AtlasCountry['bounds'] {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  for (const ring of rings)
    for (const [lon = 0, lat = 0] of ring) {
      if (lon < west) west = lon;
      if (lon > east) east = lon;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
    }
  return [[west, south], [east, north]];
}
