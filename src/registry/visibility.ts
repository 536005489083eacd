import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Principal } from '../roles.js';
import type { Database } from '../db/schema.js';

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
  return (eb: ExpressionBuilder<Database, 'objects'>): Expression<SqlBool> => {
    if (!principal) return eb('objects.published', '=', 1);
    switch (principal.role) {
      case 'admin':
        return eb.lit(true);
      case 'investigator':
        return eb.or([eb('objects.reported', '=', 1), eb('objects.published', '=', 1)]);
      case 'registrar':
        return eb.or([eb('objects.organisation_id', '=', principal.organisationId), eb('objects.published', '=', 1)]);
      // Compiling Red Lists or assessing heritage places gives no view of the registry beyond the public's.
      case 'red-list-editor':
      case 'heritage-assessor':
        return eb('objects.published', '=', 1);
    }
  };
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
