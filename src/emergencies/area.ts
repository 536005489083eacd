/**
 * Whether a place lies inside an emergency's drawn area: an exact test in plane longitude/latitude
 * (areas are drawn on a map in those coordinates; one spanning the antimeridian is drawn as
 * two polygons of a MultiPolygon, each within -180…180). An area is compiled once into flat coordinate arrays, then tested
 * against every candidate the bounding-box query returned.
 */
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { BoundingBox as BBox } from './places/geometry.js';

/** One polygon: its outer ring first, then its holes; each ring as [lon0, lat0, lon1, lat1, …], closed. */
interface CompiledPolygon {
  rings: Float64Array[];
  bbox: BBox;
}

export interface CompiledArea {
  polygons: CompiledPolygon[];
  bbox: BBox;
}

export type AreaGeometry = Polygon | MultiPolygon;

export function isAreaGeometry(geometry: Geometry): geometry is AreaGeometry {
  return geometry.type === 'Polygon' || geometry.type === 'MultiPolygon';
}

/** The polygons of a Polygon or MultiPolygon, each as its rings. */
function polygonsOf(geometry: AreaGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function compileArea(geometry: AreaGeometry): CompiledArea {
  const polygons = polygonsOf(geometry).map((rings) => {
    const flat = rings.map(flatRing);
    return { rings: flat, bbox: bboxOfRings(flat.slice(0, 1)) };
  });
  return { polygons, bbox: bboxOfRings(polygons.map((polygon) => polygon.rings[0]!)) };
}

function flatRing(ring: Position[]): Float64Array {
  const flat = new Float64Array(ring.length * 2);
  ring.forEach(([lon, lat], i) => {
    flat[2 * i] = lon!;
    flat[2 * i + 1] = lat!;
  });
  return flat;
}

function bboxOfRings(rings: Float64Array[]): BBox {
  const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) {
      const lon = ring[i]!;
      const lat = ring[i + 1]!;
      if (lon < box.minLon) box.minLon = lon;
      if (lon > box.maxLon) box.maxLon = lon;
      if (lat < box.minLat) box.minLat = lat;
      if (lat > box.maxLat) box.maxLat = lat;
    }
  }
  return box;
}

export function bboxesOverlap(a: BBox, b: BBox): boolean {
  return a.minLon <= b.maxLon && b.minLon <= a.maxLon && a.minLat <= b.maxLat && b.minLat <= a.maxLat;
}

/** Even-odd crossing test of one ring (a point on an edge may fall either way: areas are drawn, not surveyed). */
function ringContains(ring: Float64Array, lon: number, lat: number): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = ring[i]!;
    const yi = ring[i + 1]!;
    const xj = ring[j]!;
    const yj = ring[j + 1]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function polygonContains(polygon: CompiledPolygon, lon: number, lat: number): boolean {
  const { bbox } = polygon;
  if (lon < bbox.minLon || lon > bbox.maxLon || lat < bbox.minLat || lat > bbox.maxLat) return false;
  if (!ringContains(polygon.rings[0]!, lon, lat)) return false;
  for (let h = 1; h < polygon.rings.length; h++) if (ringContains(polygon.rings[h]!, lon, lat)) return false;
  return true;
}

/** Whether the point is inside the area (inside an outer ring, outside its holes). */
export function areaContainsPoint(area: CompiledArea, lon: number, lat: number): boolean {
  const { bbox } = area;
  if (lon < bbox.minLon || lon > bbox.maxLon || lat < bbox.minLat || lat > bbox.maxLat) return false;
  for (const polygon of area.polygons) if (polygonContains(polygon, lon, lat)) return true;
  return false;
}

/** Whether segments p1p2 and p3p4 cross or touch. */
function segmentsMeet(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, x4: number, y4: number): boolean {
  const d1 = orientation(x3, y3, x4, y4, x1, y1);
  const d2 = orientation(x3, y3, x4, y4, x2, y2);
  const d3 = orientation(x1, y1, x2, y2, x3, y3);
  const d4 = orientation(x1, y1, x2, y2, x4, y4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(x3, y3, x4, y4, x1, y1)) ||
    (d2 === 0 && onSegment(x3, y3, x4, y4, x2, y2)) ||
    (d3 === 0 && onSegment(x1, y1, x2, y2, x3, y3)) ||
    (d4 === 0 && onSegment(x1, y1, x2, y2, x4, y4))
  );
}

function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

function ringsCross(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i + 2 < a.length; i += 2) {
    for (let j = 0; j + 2 < b.length; j += 2) {
      if (segmentsMeet(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, b[j]!, b[j + 1]!, b[j + 2]!, b[j + 3]!)) return true;
    }
  }
  return false;
}

/**
 * Whether two areas share any ground: a vertex of one inside the other, or two edges crossing (a
 * place lying wholly in a hole of the area touches neither, and is outside).
 */
function areasIntersect(a: CompiledArea, b: CompiledArea): boolean {
  if (!bboxesOverlap(a.bbox, b.bbox)) return false;
  for (const polygon of a.polygons) {
    const outer = polygon.rings[0]!;
    if (areaContainsPoint(b, outer[0]!, outer[1]!)) return true;
  }
  for (const polygon of b.polygons) {
    const outer = polygon.rings[0]!;
    if (areaContainsPoint(a, outer[0]!, outer[1]!)) return true;
  }
  for (const pa of a.polygons) {
    for (const pb of b.polygons) {
      if (!bboxesOverlap(pa.bbox, pb.bbox)) continue;
      for (const ra of pa.rings) for (const rb of pb.rings) if (ringsCross(ra, rb)) return true;
    }
  }
  return false;
}

/** Whether a place's geometry (a point, or a footprint) lies inside the area, wholly or in part. */
export function areaIntersects(area: CompiledArea, geometry: Geometry): boolean {
  if (geometry.type === 'Point') return areaContainsPoint(area, geometry.coordinates[0]!, geometry.coordinates[1]!);
  if (!isAreaGeometry(geometry)) return false;
  return areasIntersect(area, compileArea(geometry));
}
