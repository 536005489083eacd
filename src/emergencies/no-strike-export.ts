/**
 * No-strike lists: the protected places and museums inside an emergency, as armed forces' targeting
 * staff and humanitarian liaison officers take them — GeoJSON (RFC 7946) for GIS, KML for Google
 * Earth and most military mapping tools, CSV for spreadsheets. Each file says which emergency and
 * when it was exported inside itself; its signature travels beside it (no-strike-export.service.ts).
 */
import { csvLine } from '../interop/csv/object-csv.js';
import { escapeText } from '../interop/xml.js';
import type { Emergency, InsidePlace } from './emergency.service.js';
import { placeName } from './places/heritage-place.components.js';
import type { NoStrikeFormat } from './emergency.schemas.js';
import { PROTECTION_LABELS } from './protection.js';

export interface NoStrikeList {
  emergency: Emergency;
  places: InsidePlace[];
  /** ISO time. */
  exportedAt: string;
}

export const NO_STRIKE_MEDIA_TYPES: Record<NoStrikeFormat, string> = {
  geojson: 'application/geo+json',
  kml: 'application/vnd.google-earth.kml+xml',
  csv: 'text/csv; charset=utf-8',
};

export function renderNoStrikeList(list: NoStrikeList, format: NoStrikeFormat): string {
  switch (format) {
    case 'geojson':
      return geoJson(list);
    case 'kml':
      return kml(list);
    case 'csv':
      return csv(list);
  }
}

/** What every format says of the list itself. */
function heading(list: NoStrikeList) {
  return { emergency: { id: list.emergency.id, name: placeName(list.emergency.names, 'en'), kind: list.emergency.kind }, exportedAt: list.exportedAt, count: list.places.length };
}

function geoJson(list: NoStrikeList): string {
  return JSON.stringify(
    {
      type: 'FeatureCollection',
      // A foreign member (RFC 7946 §6.1): GIS tools keep it and ignore it.
      noStrikeList: { ...heading(list), publisher: 'Egide' },
      features: list.places.map((place) => ({
        type: 'Feature',
        id: place.id,
        geometry: JSON.parse(place.geometry!) as unknown,
        properties: {
          name: place.name,
          names: place.names,
          kind: place.kind,
          protection: place.protection,
          protectionLabel: PROTECTION_LABELS[place.protection],
          country: place.country,
          responsibleOrganisation: place.organisation?.name ?? null,
          latitude: place.position!.lat,
          longitude: place.position!.lon,
        },
      })),
    },
    null,
    2,
  );
}

function kml(list: NoStrikeList): string {
  const head = heading(list);
  const placemark = (place: InsidePlace) => {
    const data = [
      ['kind', place.kind],
      ['protection', PROTECTION_LABELS[place.protection]],
      ['country', place.country],
      ['responsibleOrganisation', place.organisation?.name ?? ''],
    ]
      .map(([name, value]) => `        <Data name="${name}"><value>${escapeText(value!)}</value></Data>`)
      .join('\n');
    return [
      `    <Placemark id="${place.id}">`,
      `      <name>${escapeText(place.name)}</name>`,
      `      <ExtendedData>\n${data}\n      </ExtendedData>`,
      `      ${kmlGeometry(JSON.parse(place.geometry!) as KmlGeometry)}`,
      '    </Placemark>',
    ].join('\n');
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '  <Document>',
    `    <name>${escapeText(`No-strike list: ${head.emergency.name}`)}</name>`,
    `    <description>${escapeText(`Egide no-strike list of emergency ${head.emergency.id}, exported at ${head.exportedAt}: ${head.count} places.`)}</description>`,
    '    <ExtendedData>',
    `      <Data name="emergency"><value>${head.emergency.id}</value></Data>`,
    `      <Data name="exportedAt"><value>${head.exportedAt}</value></Data>`,
    `      <Data name="count"><value>${head.count}</value></Data>`,
    '    </ExtendedData>',
    ...list.places.map(placemark),
    '  </Document>',
    '</kml>',
    '',
  ].join('\n');
}

type KmlGeometry = { type: 'Point'; coordinates: number[] } | { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

const coordinates = (ring: number[][]) => ring.map(([lon, lat]) => `${lon},${lat}`).join(' ');

function kmlPolygon(rings: number[][][]): string {
  const [outer = [], ...holes] = rings;
  const boundary = (tag: string, ring: number[][]) => `<${tag}><LinearRing><coordinates>${coordinates(ring)}</coordinates></LinearRing></${tag}>`;
  return `<Polygon>${boundary('outerBoundaryIs', outer)}${holes.map((hole) => boundary('innerBoundaryIs', hole)).join('')}</Polygon>`;
}

function kmlGeometry(geometry: KmlGeometry): string {
  switch (geometry.type) {
    case 'Point':
      return `<Point><coordinates>${geometry.coordinates[0]},${geometry.coordinates[1]}</coordinates></Point>`;
    case 'Polygon':
      return kmlPolygon(geometry.coordinates);
    case 'MultiPolygon':
      return `<MultiGeometry>${geometry.coordinates.map(kmlPolygon).join('')}</MultiGeometry>`;
  }
}

export const NO_STRIKE_CSV_COLUMNS = ['id', 'name', 'kind', 'latitude', 'longitude', 'protection', 'protection_label', 'country', 'responsible_organisation', 'emergency', 'exported_at'] as const;

/** One row a place; the emergency and the export time on every row, so that a row copied elsewhere still says where it came from. */
function csv(list: NoStrikeList): string {
  const head = heading(list);
  return (
    csvLine(NO_STRIKE_CSV_COLUMNS) +
    list.places
      .map((place) =>
        csvLine([
          place.id,
          place.name,
          place.kind,
          String(place.position!.lat),
          String(place.position!.lon),
          place.protection,
          PROTECTION_LABELS[place.protection],
          place.country,
          place.organisation?.name ?? '',
          head.emergency.id,
          head.exportedAt,
        ]),
      )
      .join('')
  );
}
