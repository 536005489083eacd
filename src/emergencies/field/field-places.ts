import type { Lang } from '../../i18n/languages.js';
import type { Principal } from '../../roles.js';
import { centreOf } from '../places/geometry.js';
import { placeName } from '../places/heritage-place.components.js';
import type { HeritagePlaceService, PlaceView } from '../places/heritage-place.service.js';
import type { FieldPlace } from './field-place.js';

/**
 * How many places a phone keeps for offline use. A field team works over one region: a few
 * hundred places; 2,000 is about 300 KB of JSON (150 bytes a place), still quick to download over a
 * poor 3G link (~10 s at 250 kbit/s). Beyond it the search online narrows the list.
 */
export const FIELD_PLACES_MAX = 2_000;
/** The places list's largest page (heritage-place.schemas.ts). */
const PAGE = 200;

/** A point's position, or the middle of a shape's box; nothing for a place seen as a region only. */
function positionOf(view: PlaceView): FieldPlace['position'] {
  if (view.position !== 'exact' || !view.geometry) return undefined;
  if (view.geometry.type === 'Point') {
    const [lon, lat] = view.geometry.coordinates as [number, number];
    return { lat, lon };
  }
  return view.bbox ? centreOf(view.bbox) : undefined;
}

export function fieldPlaceOf(view: PlaceView, lang: Lang): FieldPlace {
  const position = positionOf(view);
  return {
    id: view.id,
    name: placeName(view.names, lang),
    kind: view.kind,
    country: view.country,
    latestCondition: view.latestAssessment?.condition ?? null,
    version: view.version,
    ...(position ? { position } : {}),
  };
}

/**
 * The places this person may assess, by name: every place for admins and heritage assessors, their
 * museum's places for a registrar.
 */
export async function assessablePlaces(places: HeritagePlaceService, principal: Principal, lang: Lang): Promise<FieldPlace[]> {
  const found: FieldPlace[] = [];
  const kind = principal.role === 'registrar' ? ('museum' as const) : undefined;
  for (let page = 1; found.length < FIELD_PLACES_MAX; page += 1) {
    const { items } = await places.list(principal, { page, limit: PAGE, ...(kind ? { kind } : {}) });
    found.push(...items.filter((view) => view.canEdit).map((view) => fieldPlaceOf(view, lang)));
    if (items.length < PAGE) break;
  }
  return found.slice(0, FIELD_PLACES_MAX).sort((a, b) => a.name.localeCompare(b.name, lang));
}
