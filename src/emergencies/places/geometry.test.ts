import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundingBox, generalisedRegion, geometryIssues, MAX_POSITIONS, type PlaceGeometry } from './geometry.js';

const fields = (value: unknown) => geometryIssues(value).map((issue) => issue.field);
const square = (x: number, y: number, size: number) => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

describe('geometryIssues', () => {
  it('accepts points, polygons with holes and multipolygons', () => {
    expect(fields({ type: 'Point', coordinates: [38.27, 34.55] })).toEqual([]);
    expect(fields({ type: 'Point', coordinates: [-180, -90, 120] })).toEqual([]);
    expect(fields({ type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 2)] })).toEqual([]);
    expect(fields({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] })).toEqual([]);
  });

  it('keeps consecutive repeated positions (common in digitised outlines)', () => {
    expect(fields({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] })).toEqual([]);
  });

  it('refuses what is not a Point, Polygon or MultiPolygon', () => {
    expect(fields(null)).toEqual(['geometry']);
    expect(fields({ type: 'LineString', coordinates: [[0, 0], [1, 1]] })).toEqual(['geometry.type']);
    expect(fields({ type: 'Point', coordinates: ['38', 34] })).toEqual(['geometry.coordinates']);
    expect(fields({ type: 'MultiPolygon', coordinates: [] })).toEqual(['geometry.coordinates']);
  });

  it('names each position out of range', () => {
    const issues = geometryIssues({ type: 'Polygon', coordinates: [[[0, 0], [190, 0], [1, 95], [0, 0]]] });
    expect(issues.map((issue) => issue.field)).toEqual(['geometry.coordinates[0][1]', 'geometry.coordinates[0][2]']);
    expect(issues[0]!.message).toMatch(/longitude 190/);
    expect(issues[1]!.message).toMatch(/latitude 95/);
  });

  it('refuses short and unclosed rings, at the ring or its last position', () => {
    expect(fields({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })).toEqual(['geometry.coordinates[0]']);
    expect(fields({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })).toEqual(['geometry.coordinates[0][3]']);
    expect(fields({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] })).toHaveLength(1);
  });

  it('refuses a self-intersecting ring (the bowtie), a spike, and names the edge', () => {
    const bowtie = geometryIssues({ type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] });
    expect(bowtie.map((issue) => issue.field)).toEqual(['geometry.coordinates[0][2]']);
    expect(bowtie[0]!.message).toMatch(/crosses itself: the edge from position 2 to 3 meets the edge from 0 to 1/);
    expect(fields({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [1, 0], [1, 1], [0, 0]]] })).toHaveLength(1);
  });

  it('refuses a hole outside its outline or crossing it', () => {
    expect(fields({ type: 'Polygon', coordinates: [square(0, 0, 4), square(5, 5, 1)] })).toEqual(['geometry.coordinates[1][0]']);
    expect(fields({ type: 'Polygon', coordinates: [square(0, 0, 4), [[1, 1], [3, 1], [3, 6], [1, 1]]] })).toEqual(['geometry.coordinates[1][2]']);
    expect(fields({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(0, 0, 4), square(6, 6, 1)]] })).toEqual(['geometry.coordinates[1][1][0]']);
  });

  it(`refuses more than ${MAX_POSITIONS} positions`, () => {
    const n = MAX_POSITIONS + 1;
    const ring = Array.from({ length: n }, (_, i) => [Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]);
    ring.push(ring[0]!);
    expect(geometryIssues({ type: 'Polygon', coordinates: [ring] })[0]!.message).toMatch(/at most/);
  });

  it('accepts every convex polygon and refuses it once two neighbouring vertices are swapped', () => {
    const convex = fc
      .uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 4, maxLength: 40 })
      .chain((angles) => fc.record({ angles: fc.constant([...angles].sort((a, b) => a - b)), lon: fc.double({ min: -170, max: 170, noNaN: true }), lat: fc.double({ min: -80, max: 80, noNaN: true }) }));
    fc.assert(
      fc.property(convex, ({ angles, lon, lat }) => {
        const ring = angles.map((degrees) => [lon + 5 * Math.cos((degrees * Math.PI) / 180), lat + 5 * Math.sin((degrees * Math.PI) / 180)]);
        expect(fields({ type: 'Polygon', coordinates: [[...ring, ring[0]!]] })).toEqual([]);
        // Swapping two neighbouring vertices of a convex ring (of 4 or more) makes two edges cross.
        const swapped = [...ring];
        [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
        expect(geometryIssues({ type: 'Polygon', coordinates: [[...swapped, swapped[0]!]] })).toHaveLength(1);
      }),
    );
  });
});

describe('generalisedRegion', () => {
  it('is the whole-degree box around the place, at least one cell wide', () => {
    expect(generalisedRegion(boundingBox({ type: 'Point', coordinates: [38.27, 34.55] }))).toEqual({ west: 38, south: 34, east: 39, north: 35 });
    expect(generalisedRegion(boundingBox({ type: 'Point', coordinates: [-0.5, -12] }))).toEqual({ west: -1, south: -12, east: 0, north: -11 });
    expect(generalisedRegion(boundingBox({ type: 'Point', coordinates: [180, 90] }))).toEqual({ west: 179, south: 89, east: 180, north: 90 });
  });

  it('contains every place, in whole degrees, never beyond the world', () => {
    const position = fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }));
    fc.assert(
      fc.property(fc.array(position, { minLength: 1, maxLength: 5 }), (positions) => {
        const geometry: PlaceGeometry = { type: 'Point', coordinates: positions[0]! };
        const box = boundingBox(geometry);
        const region = generalisedRegion(box);
        expect([region.west, region.south, region.east, region.north].every(Number.isInteger)).toBe(true);
        expect(region.west).toBeLessThanOrEqual(box.minLon);
        expect(region.east).toBeGreaterThanOrEqual(box.maxLon);
        expect(region.south).toBeLessThanOrEqual(box.minLat);
        expect(region.north).toBeGreaterThanOrEqual(box.maxLat);
        expect(region.east - region.west).toBeGreaterThanOrEqual(1);
        expect(region.west).toBeGreaterThanOrEqual(-180);
        expect(region.north).toBeLessThanOrEqual(90);
      }),
    );
  });
});
