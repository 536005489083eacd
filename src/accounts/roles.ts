export const ROLES = ['admin', 'registrar', 'investigator'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['secretariat', 'partner', 'museum', 'agency'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who is asking: a signed-in user or a token's service user. The anonymous public is `null`. */
export interface Principal {
  userId: number;
  displayName: string;
  role: Role;
  organisationId: number;
  organisationSlug: string;
  via: 'session' | 'token';
}
