import type { Principal, Role } from '../../roles.js';
import type { ExactScope } from './heritage-place.repository.js';

/** What the rules read of a place. */
export interface PlaceFacts {
  kind: string;
  sensitive: number | boolean;
  organisation_id: number | null;
}

/**
 * Roles that see every place's exact position: admins, investigators (police and customs tracing
 * looted objects) and heritage assessors (they record, edit and visit the places: an edit form shows
 * the geometry it edits).
 */
const SEE_EVERY_POSITION: readonly Role[] = ['admin', 'investigator', 'heritage-assessor'];

/** Roles that create places and assessments: registrars too, for museums of their organisation. */
export const PLACE_WRITERS: readonly Role[] = ['admin', 'heritage-assessor', 'registrar'];

/**
 * Who sees a place's exact position (its geometry, its photos' positions, its notes): anyone when it
 * is not sensitive; else the roles above and the responsible organisation's people. The others get
 * its generalised region (geometry.ts).
 */
export function seesExactPosition(principal: Principal | null, place: PlaceFacts): boolean {
  if (!place.sensitive) return true;
  if (!principal) return false;
  return SEE_EVERY_POSITION.includes(principal.role) || (place.organisation_id !== null && principal.organisationId === place.organisation_id);
}

/** The places a list may match exactly against a box for this reader (repository's ExactScope). */
export function exactScope(principal: Principal | null): ExactScope {
  if (principal && SEE_EVERY_POSITION.includes(principal.role)) return 'all';
  return { organisationId: principal?.organisationId ?? null };
}

/** Editing a place and assessing it: admins and heritage assessors, and a museum's registrars for their museum's places. */
export function canEditPlace(principal: Principal | null, place: Pick<PlaceFacts, 'kind' | 'organisation_id'>): boolean {
  if (!principal) return false;
  if (principal.role === 'admin' || principal.role === 'heritage-assessor') return true;
  return principal.role === 'registrar' && place.kind === 'museum' && place.organisation_id === principal.organisationId;
}
