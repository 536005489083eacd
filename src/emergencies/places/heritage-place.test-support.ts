import type { Principal } from '../../roles.js';
import type { TestApp } from '../../test-support/test-app.js';
import type { AssessmentSubmission } from '../heritage-place-contract.js';
import type { PlaceInput } from './heritage-place.schemas.js';
import { PlaceInputSchema } from './heritage-place.schemas.js';

/** Palmyra's theatre, near enough: digits a leak test can look for (38.2741, 34.5516). */
export const SITE_POSITION = { lon: 38.27413, lat: 34.55162 };

/** An archaeological site (sensitive by default), as an assessor records it. */
export function sampleSite(overrides: Partial<Record<keyof PlaceInput, unknown>> = {}): PlaceInput {
  return PlaceInputSchema.parse({
    names: { en: 'Test tell', ar: 'تل الاختبار' },
    kind: 'archaeological-site',
    geometry: { type: 'Point', coordinates: [SITE_POSITION.lon, SITE_POSITION.lat] },
    country: 'SY',
    period: { text: 'Bronze Age', earliestYear: -3000, latestYear: -1200 },
    ...overrides,
  });
}

/** A museum of `organisation` (not sensitive by default). */
export function sampleMuseum(organisation: string, overrides: Partial<Record<keyof PlaceInput, unknown>> = {}): PlaceInput {
  return sampleSite({ names: { fr: 'Musée de test' }, kind: 'museum', organisation, geometry: { type: 'Point', coordinates: [2.3376, 48.8606] }, country: 'FR', period: undefined, ...overrides });
}

/** A museum place of the Louvre (the access matrix's owner), made by an admin: its id. */
export async function makeLouvrePlace(t: TestApp, admin: Principal): Promise<string> {
  return (await t.context.heritagePlaces.create(admin, sampleMuseum('louvre'))).id;
}

/** An assessment of today, as a phone sends it (the offline queue's benchmark sends it too); `overrides` may make it invalid. */
export const sampleSubmission = (overrides: Record<string, unknown> = {}): AssessmentSubmission => ({
  assessedOn: new Date().toISOString().slice(0, 10),
  phase: 'damage-and-risk',
  condition: 'poor',
  damageExtent: '11-30',
  threats: [{ category: 'looting', type: 'illegal digging', probability: 'high' }],
  recommendation: 'Fence the north trench',
  priority: 'immediate',
  ...overrides,
});
