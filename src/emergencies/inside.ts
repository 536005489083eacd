import type { Geometry } from 'geojson';
import { areaContainsPoint, areaIntersects, compileArea, type AreaGeometry } from './area.js';
import type { PlaceCandidate } from './emergency.repository.js';

/** What decides whether a place is inside an emergency. */
export interface EmergencyExtent {
  countries: readonly string[];
  area: AreaGeometry | null;
}

/**
 * The candidates inside the emergency: in one of its countries, or meeting its area (a point
 * inside it, a footprint overlapping it). A point's box is the point, so points are tested without
 * parsing anything; only footprints carry their geometry.
 */
export function placesInside<T extends Pick<PlaceCandidate, 'country' | 'min_lon' | 'min_lat' | 'geometry'>>(extent: EmergencyExtent, candidates: readonly T[]): T[] {
  const countries = new Set(extent.countries);
  const area = extent.area && compileArea(extent.area);
  return candidates.filter((place) => {
    if (countries.has(place.country)) return true;
    if (!area) return false;
    return place.geometry === null ? areaContainsPoint(area, place.min_lon, place.min_lat) : areaIntersects(area, JSON.parse(place.geometry) as Geometry);
  });
}
