/**
 * A heritage place's geometry: a GeoJSON Point, Polygon or MultiPolygon (RFC 7946, WGS 84, `[lon, lat]`).
 * Every refusal names its place in the document (`geometry.coordinates[0][3]`), so that whoever drew
 * or imported the shape can find the faulty vertex. Also: the bounding box (area queries) and the
 * generalised region the public is shown instead of a sensitive position.
 */
import type { MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { FieldIssue } from '../../errors.js';

export type PlaceGeometry = Point | Polygon | MultiPolygon;

/**
 * The self-intersection test compares every pair of edges of a ring (quadratic): a 5,000-vertex
 * circle took 170–200 ms here, 2,000 takes ~30 ms, on the request's thread. A site footprint drawn by
 * hand or digitised from a survey has tens to hundreds of vertices; a larger one is simplified first.
 */
export const MAX_POSITIONS = 2_000;

export interface BoundingBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** The problems of `value` as a place geometry, each named by its path under `field`; empty when it is valid. */
export function geometryIssues(value: unknown, field = 'geometry'): FieldIssue[] {
  if (!isObject(value)) return [{ field, message: 'A GeoJSON geometry object is expected: a Point, Polygon or MultiPolygon.' }];
  const coordinates = value['coordinates'];
  const at = `${field}.coordinates`;
  switch (value['type']) {
    case 'Point':
      return positionIssues(coordinates, at);
    case 'Polygon':
      return polygonIssues(coordinates, at, countPositions(coordinates, 2));
    case 'MultiPolygon': {
      if (!Array.isArray(coordinates) || coordinates.length === 0) return [{ field: at, message: 'A MultiPolygon needs at least one polygon.' }];
      const total = countPositions(coordinates, 3);
      return coordinates.flatMap((polygon, index) => polygonIssues(polygon, `${at}[${index}]`, total));
    }
    default:
      return [{ field: `${field}.type`, message: 'The geometry must be a Point, Polygon or MultiPolygon.' }];
  }
}

function positionIssues(value: unknown, field: string): FieldIssue[] {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return [{ field, message: 'A position is [longitude, latitude] in decimal degrees.' }];
  }
  const [lon, lat] = value as number[];
  const issues: FieldIssue[] = [];
  if (lon! < -180 || lon! > 180) issues.push({ field, message: `The longitude ${lon} is outside −180…180 (is it [longitude, latitude]?).` });
  if (lat! < -90 || lat! > 90) issues.push({ field, message: `The latitude ${lat} is outside −90…90 (is it [longitude, latitude]?).` });
  return issues;
}

function countPositions(value: unknown, depth: number): number {
  if (!Array.isArray(value)) return 0;
  if (depth === 1) return value.length;
  return value.reduce<number>((sum, item) => sum + countPositions(item, depth - 1), 0);
}

function polygonIssues(value: unknown, field: string, total: number): FieldIssue[] {
  if (!Array.isArray(value) || value.length === 0) return [{ field, message: 'A polygon is a list of rings: its outline, then any holes.' }];
  if (total > MAX_POSITIONS) return [{ field, message: `The geometry has ${total} positions; at most ${MAX_POSITIONS} are accepted (simplify the outline).` }];
  const issues = value.flatMap((ring, index) => ringIssues(ring, `${field}[${index}]`));
  if (issues.length > 0) return issues;
  const [shell, ...holes] = value as Position[][];
  holes.forEach((hole, index) => issues.push(...holeIssues(shell!, hole, `${field}[${index + 1}]`)));
  return issues;
}

function ringIssues(value: unknown, field: string): FieldIssue[] {
  if (!Array.isArray(value)) return [{ field, message: 'A ring is a list of positions.' }];
  const issues = value.flatMap((position, index) => positionIssues(position, `${field}[${index}]`));
  if (issues.length > 0) return issues;
  const ring = value as Position[];
  if (ring.length < 4) return [{ field, message: `A ring needs at least 4 positions (the first repeated last); it has ${ring.length}.` }];
  const last = ring.length - 1;
  if (!same(ring[0]!, ring[last]!)) return [{ field: `${field}[${last}]`, message: 'The ring is not closed: its last position must repeat its first.' }];
  const vertices = distinctVertices(ring);
  if (vertices.length < 3) return [{ field, message: 'The ring encloses no area: it has fewer than three distinct positions.' }];
  const crossing = selfIntersection(vertices.map((v) => v.position));
  if (crossing) {
    const [i, j] = crossing;
    const from = (k: number) => vertices[k]!.index;
    const to = (k: number) => (k + 1 === vertices.length ? last : vertices[k + 1]!.index);
    return [{ field: `${field}[${from(j)}]`, message: `The ring crosses itself: the edge from position ${from(j)} to ${to(j)} meets the edge from ${from(i)} to ${to(i)}.` }];
  }
  if (signedArea(vertices.map((v) => v.position)) === 0) return [{ field, message: 'The ring encloses no area: its positions are all on one line.' }];
  return [];
}

function holeIssues(shell: Position[], hole: Position[], field: string): FieldIssue[] {
  const outside = hole.findIndex((position) => pointInRing(position, shell) === 'outside');
  if (outside >= 0) return [{ field: `${field}[${outside}]`, message: 'This hole’s position lies outside the polygon’s outline: a hole must be inside it.' }];
  const shellEdges = edges(distinctVertices(shell).map((v) => v.position));
  const holeVertices = distinctVertices(hole);
  for (const [k, [a, b]] of edges(holeVertices.map((v) => v.position)).entries()) {
    if (shellEdges.some(([c, d]) => properlyCross(a, b, c, d))) return [{ field: `${field}[${holeVertices[k]!.index}]`, message: 'This hole crosses the polygon’s outline: a hole must be inside it.' }];
  }
  return [];
}

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** The ring's positions without its closing one and without consecutive repeats (common in digitised data, harmless), with their index. */
function distinctVertices(ring: Position[]): Array<{ position: Position; index: number }> {
  const vertices: Array<{ position: Position; index: number }> = [];
  for (let index = 0; index < ring.length - 1; index++) {
    const position = ring[index]!;
    if (vertices.length === 0 || !same(vertices[vertices.length - 1]!.position, position)) vertices.push({ position, index });
  }
  while (vertices.length > 1 && same(vertices[0]!.position, vertices[vertices.length - 1]!.position)) vertices.pop();
  return vertices;
}

function edges(vertices: Position[]): Array<[Position, Position]> {
  return vertices.map((a, i) => [a, vertices[(i + 1) % vertices.length]!]);
}

function signedArea(vertices: Position[]): number {
  let area = 0;
  for (const [a, b] of edges(vertices)) area += a[0]! * b[1]! - b[0]! * a[1]!;
  return area / 2;
}

function orientation(a: Position, b: Position, c: Position): number {
  const value = (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
  return value > 0 ? 1 : value < 0 ? -1 : 0;
}

/** Whether `p`, on the line through a and b, lies within the segment's box. */
function onSegment(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0]!, b[0]!) <= p[0]! && p[0]! <= Math.max(a[0]!, b[0]!) && Math.min(a[1]!, b[1]!) <= p[1]! && p[1]! <= Math.max(a[1]!, b[1]!);
}

function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/** Crossing in their interiors (touching at a vertex is allowed between a hole and its outline). */
function properlyCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

/** A cheap first test: most pairs of edges are far apart. */
function boxesOverlap(a: Position, b: Position, c: Position, d: Position): boolean {
  return Math.max(a[0]!, b[0]!) >= Math.min(c[0]!, d[0]!) && Math.max(c[0]!, d[0]!) >= Math.min(a[0]!, b[0]!) && Math.max(a[1]!, b[1]!) >= Math.min(c[1]!, d[1]!) && Math.max(c[1]!, d[1]!) >= Math.min(a[1]!, b[1]!);
}

/** The first pair of edges (by index) that meet other than at their shared vertex, or null. */
function selfIntersection(vertices: Position[]): [number, number] | null {
  const n = vertices.length;
  const ring = edges(vertices);
  for (let j = 1; j < n; j++) {
    const [c, d] = ring[j]!;
    for (let i = 0; i < j; i++) {
      const [a, b] = ring[i]!;
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (!adjacent) {
        if (boxesOverlap(a, b, c, d) && segmentsMeet(a, b, c, d)) return [i, j];
        continue;
      }
      // Adjacent edges share a vertex; they may only meet there: folding back along one another is a spike.
      const shared = j === i + 1 ? b : a;
      const other = j === i + 1 ? d : c;
      const mine = j === i + 1 ? a : b;
      if (orientation(mine, shared, other) === 0 && (onSegment(mine, shared, other) || onSegment(shared, other, mine))) return [i, j];
    }
  }
  return null;
}

/** Ray casting; a position on the outline counts as on it. */
function pointInRing(p: Position, ring: Position[]): 'inside' | 'outside' | 'boundary' {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (orientation(a, b, p) === 0 && onSegment(a, b, p)) return 'boundary';
    if (a[1]! > p[1]! !== b[1]! > p[1]! && p[0]! < ((b[0]! - a[0]!) * (p[1]! - a[1]!)) / (b[1]! - a[1]!) + a[0]!) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

function* positionsOf(geometry: PlaceGeometry): Generator<Position> {
  if (geometry.type === 'Point') yield geometry.coordinates;
  else if (geometry.type === 'Polygon') for (const ring of geometry.coordinates) yield* ring;
  else for (const polygon of geometry.coordinates) for (const ring of polygon) yield* ring;
}

export function boundingBox(geometry: PlaceGeometry): BoundingBox {
  const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const [lon, lat] of positionsOf(geometry)) {
    box.minLon = Math.min(box.minLon, lon!);
    box.maxLon = Math.max(box.maxLon, lon!);
    box.minLat = Math.min(box.minLat, lat!);
    box.maxLat = Math.max(box.maxLat, lat!);
  }
  return box;
}

/** A box's centre: where a map marks a place too small to draw as a shape. */
export function centreOf(box: BoundingBox): { lon: number; lat: number } {
  return { lon: (box.minLon + box.maxLon) / 2, lat: (box.minLat + box.maxLat) / 2 };
}

/** The generalised region: whole degrees around the place (see `generalisedRegion`). */
export interface Region {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * What the public is shown of a sensitive place: the cells of a 1° × 1° grid that contain it, as one
 * box of whole degrees. A cell is about 111 km north–south (and 111 km × cos(latitude) east–west,
 * ~85 km at Palmyra's 34.5° N): some 9,000 km² to search, the scale at which a country's sites are
 * mapped but none can be found — where 0.1° (~11 km, a valley) would leave a looter a day's drive.
 * Aligned to the grid rather than centred on the place, so that the region says nothing finer than
 * which cell it is in.
 */
export function generalisedRegion(box: BoundingBox): Region {
  // A place on the antimeridian or a pole still gets a whole cell, inside the world.
  const west = Math.min(Math.floor(box.minLon), 179);
  const south = Math.min(Math.floor(box.minLat), 89);
  return { west, south, east: Math.max(Math.ceil(box.maxLon), west + 1), north: Math.max(Math.ceil(box.maxLat), south + 1) };
}

export function regionPolygon(region: Region): Polygon {
  const { west, south, east, north } = region;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
