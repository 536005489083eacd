export const ROLES = ['admin', 'registrar', 'investigator', 'red-list-editor', 'heritage-assessor'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['secretariat', 'partner', 'museum', 'agency'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * The roles each kind of organisation may hold: registrars keep inventories (museums, and partners
 * that hold collections), investigators are police and customs (agencies, partners such as
 * INTERPOL), admins run the network (its secretariat only), Red List editors are the experts
 * who compile Red Lists (at the secretariat, partners and museums), heritage assessors record heritage
 * places and assess them in the field (ICCROM, Blue Shield, a museum's emergency team). The command line refuses
 * others unless forced.
 */
export const ROLES_BY_ORGANISATION_KIND: Record<OrganisationKind, readonly Role[]> = {
  secretariat: ['admin', 'registrar', 'investigator', 'red-list-editor', 'heritage-assessor'],
  partner: ['registrar', 'investigator', 'red-list-editor', 'heritage-assessor'],
  museum: ['registrar', 'red-list-editor', 'heritage-assessor'],
  agency: ['investigator'],
};

/** Who is asking: a signed-in user or a token's service user. The anonymous public is `null`. */
export interface Principal {
  userId: number;
  displayName: string;
  role: Role;
  organisationId: number;
  organisationSlug: string;
  via: 'session' | 'token';
  /** The API token the request came with: each token is its own identity in history and logs. */
  tokenId?: number;
}
