import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaContainsPoint, areaIntersects, compileArea } from './area.js';
import { placesInside } from './inside.js';

const square = (west: number, south: number, east: number, north: number) => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];

/** A 10° square around (35, 35) with a 2° hole in its middle. */
const withHole: Polygon = { type: 'Polygon', coordinates: [square(30, 30, 40, 40), square(34, 34, 36, 36)] };
/** Two squares either side of the antimeridian, as a map draws an area across it. */
const pacific: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(170, -20, 180, -10)], [square(-180, -20, -170, -10)]] };

describe('an emergency area', () => {
  const area = compileArea(withHole);

  it('contains a point inside its outer ring, not one in its hole or outside', () => {
    expect(areaContainsPoint(area, 31, 31)).toBe(true);
    expect(areaContainsPoint(area, 35, 35)).toBe(false);
    expect(areaContainsPoint(area, 41, 35)).toBe(false);
    expect(areaContainsPoint(area, 29.99, 39)).toBe(false);
  });

  it('follows a concave outline', () => {
    // An L: the notch at the top right is outside.
    const ell = compileArea({ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 5], [5, 5], [5, 10], [0, 10], [0, 0]]] });
    expect(areaContainsPoint(ell, 2, 8)).toBe(true);
    expect(areaContainsPoint(ell, 8, 8)).toBe(false);
    expect(areaContainsPoint(ell, 8, 2)).toBe(true);
  });

  it('holds either half of a MultiPolygon', () => {
    const both = compileArea(pacific);
    expect(areaContainsPoint(both, 175, -15)).toBe(true);
    expect(areaContainsPoint(both, -175, -15)).toBe(true);
    expect(areaContainsPoint(both, 0, -15)).toBe(false);
    expect(both.bbox).toEqual({ minLon: -180, minLat: -20, maxLon: 180, maxLat: -10 });
  });

  it('takes a footprint that overlaps it, crosses it or holds it, and leaves one in its hole or beside it', () => {
    const footprint = (west: number, south: number, east: number, north: number): Polygon => ({ type: 'Polygon', coordinates: [square(west, south, east, north)] });
    expect(areaIntersects(area, footprint(39, 39, 45, 45))).toBe(true);
    // A long thin strip across the whole area: no vertex inside either, edges cross.
    expect(areaIntersects(area, footprint(20, 31, 50, 32))).toBe(true);
    expect(areaIntersects(area, footprint(0, 0, 90, 90))).toBe(true);
    expect(areaIntersects(area, footprint(34.5, 34.5, 35.5, 35.5))).toBe(false);
    expect(areaIntersects(area, footprint(41, 30, 45, 40))).toBe(false);
    expect(areaIntersects(area, { type: 'Point', coordinates: [33, 38] })).toBe(true);
    expect(areaIntersects(area, { type: 'Point', coordinates: [35.2, 35.2] })).toBe(false);
  });
});

describe('the places inside an emergency', () => {
  const place = (id: string, country: string, lon: number, lat: number, geometry: string | null = null) => ({ id, country, min_lon: lon, min_lat: lat, geometry });
  const candidates = [
    place('in-country', 'LB', 10, 10),
    place('in-area', 'SY', 31, 31),
    place('in-hole', 'SY', 35, 35),
    place('footprint-across-edge', 'TR', 39, 39, JSON.stringify({ type: 'Polygon', coordinates: [square(39, 39, 45, 45)] })),
    place('footprint-in-hole', 'SY', 34.5, 34.5, JSON.stringify({ type: 'Polygon', coordinates: [square(34.5, 34.5, 35.5, 35.5)] })),
    place('outside', 'JO', 50, 50),
  ];

  it('keeps those in its countries or meeting its area, not those in a hole', () => {
    expect(placesInside({ countries: ['LB'], area: withHole }, candidates).map((p) => p.id)).toEqual(['in-country', 'in-area', 'footprint-across-edge']);
  });

  it('keeps by country alone when no area is drawn, and by area alone when no country is named', () => {
    expect(placesInside({ countries: ['SY'], area: null }, candidates).map((p) => p.id)).toEqual(['in-area', 'in-hole', 'footprint-in-hole']);
    expect(placesInside({ countries: [], area: pacific }, [place('fiji', 'FJ', 178, -18), place('samoa', 'WS', -172, -14), place('tonga', 'TO', -160, -21)]).map((p) => p.id)).toEqual(['fiji', 'samoa']);
  });
});
