import type { Polygon } from 'geojson';
import type { Principal } from '../roles.js';
import type { TestApp } from '../test-support/test-app.js';
import { EmergencyInputSchema } from './emergency.schemas.js';

const BASE = '/api/v1';

export const square = (west: number, south: number, east: number, north: number) => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];

/** A 10° square around (35, 35) with a 2° hole in its middle. */
export const AREA_WITH_HOLE: Polygon = { type: 'Polygon', coordinates: [square(30, 30, 40, 40), square(34, 34, 36, 36)] };

export async function api(t: TestApp, method: string, path: string, token?: string, body?: unknown): Promise<Response> {
  return t.app.request(`${BASE}${path}`, {
    method,
    headers: { ...(token && { Authorization: `Bearer ${token}` }), ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
}

/** Creates a heritage place through E1's API; its id. */
export async function addPlace(t: TestApp, token: string, place: Record<string, unknown>): Promise<string> {
  const response = await api(t, 'POST', '/heritage-places', token, place);
  if (response.status !== 201) throw new Error(`Place not created (${response.status}): ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Declares an emergency as the admin; its id. */
export async function declare(t: TestApp, adminToken: string, input: Record<string, unknown>): Promise<string> {
  const response = await api(t, 'POST', '/emergencies', adminToken, { kind: 'armed-conflict', names: { en: 'Test emergency' }, startsOn: '2026-01-01', ...input });
  if (response.status !== 201) throw new Error(`Emergency not declared (${response.status}): ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/**
 * The usual scene: a museum (`museumSlug`) inside the area, a sensitive site inside it, a site in
 * the area's hole, one only in the named country, and one outside everything.
 */
export async function sceneInside(t: TestApp, adminToken: string, museumSlug: string): Promise<Record<'museum' | 'site' | 'inHole' | 'inCountry' | 'outside', string>> {
  const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
  return {
    museum: await addPlace(t, adminToken, { names: { en: 'Museum of the Valley' }, kind: 'museum', geometry: point(31.5, 31.5), country: 'SY', organisation: museumSlug }),
    site: await addPlace(t, adminToken, { names: { en: 'Tell Alpha', ar: 'تل ألفا' }, kind: 'archaeological-site', geometry: { type: 'Polygon', coordinates: [square(38.2, 38.2, 38.6, 38.6)] }, country: 'SY', sensitive: true }),
    inHole: await addPlace(t, adminToken, { names: { en: 'Hole Mosque' }, kind: 'place-of-worship', geometry: point(35.1, 35.1), country: 'SY' }),
    inCountry: await addPlace(t, adminToken, { names: { en: 'Tunis Library' }, kind: 'library', geometry: point(10.2, 36.8), country: 'TN' }),
    outside: await addPlace(t, adminToken, { names: { en: 'Far Monument' }, kind: 'monument', geometry: point(10, 10), country: 'NE' }),
  };
}

/** An emergency over one country, declared by `admin` through the service (the access matrix's target); its id. */
export async function makeEmergency(t: TestApp, admin: Principal): Promise<string> {
  const emergency = await t.context.emergencies.declare(admin, EmergencyInputSchema.parse(SAMPLE_EMERGENCY));
  return emergency.id;
}

export const SAMPLE_EMERGENCY = { kind: 'flood', names: { en: 'Matrix flood' }, countries: ['PE'], startsOn: '2026-01-01' };
