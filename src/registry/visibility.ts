import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Principal } from '../roles.js';
import type { Database } from '../db/schema.js';
import { audienceCondition } from '../db/audience-condition.js';
import type { SearchAudience } from '../db/search-store.js';

/**
 * Who sees which object — the one rule every page, API, search, count, facet and photo applies:
 * - the public: objects on the alert list (`published`);
 * - registrars: their organisation's inventory, and the alert list;
 * - investigators (police, customs): every object with a reported incident, published or not;
 * - admins: everything;
 * - Red List editors and heritage assessors: the alert list, as the public.
 * Something a caller may not see answers as if it did not exist.
 */
export function visibleTo(principal: Principal | null) {
  const audience = audienceOf(principal);
  return (eb: ExpressionBuilder<Database, 'objects'>): Expression<SqlBool> => audienceCondition(eb, audience);
}

/** The same rule as data, for the search stores (db/search-store.ts). */
export function audienceOf(principal: Principal | null): SearchAudience {
  if (!principal) return { sees: 'alert-list' };
  switch (principal.role) {
    case 'admin':
      return { sees: 'everything' };
    case 'investigator':
      return { sees: 'alert-list-and-reported' };
    case 'registrar':
      return { sees: 'alert-list-and-organisation', organisationId: principal.organisationId };
    // Compiling Red Lists or assessing heritage places gives no view of the registry beyond the public's.
    case 'red-list-editor':
    case 'heritage-assessor':
      return { sees: 'alert-list' };
  }
}

/** Storage location, owner contacts and precise addresses: the owner, investigators and admins only. */
export function seesSensitive(principal: Principal | null, organisationId: number): boolean {
  if (!principal) return false;
  return principal.role === 'admin' || principal.role === 'investigator' || principal.organisationId === organisationId;
}

/** Editing, photos, incidents and status changes: the owner's registrars and admins. */
export function canEdit(principal: Principal | null, organisationId: number): boolean {
  if (!principal) return false;
  return principal.role === 'admin' || (principal.role === 'registrar' && principal.organisationId === organisationId);
}
