import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table shapes as the database stores them; domain types live with their domains. */
export interface Database {
  meta: MetaTable;
  organisations: OrganisationTable;
  partners: PartnerTable;
  partner_texts: PartnerTextTable;
  partner_themes: PartnerThemeTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface OrganisationTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: string;
  created_at: string;
}

export interface PartnerTable {
  id: Generated<number>;
  slug: string;
  organisation_id: number | null;
  category: string;
  website: string;
  since_year: number | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface PartnerTextTable {
  partner_id: number;
  lang: string;
  name: string;
  acronym: string;
  description: string;
  cooperation: string;
  agreement: string | null;
}

export interface PartnerThemeTable {
  partner_id: number;
  theme: string;
  position: number;
}

export interface UserTable {
  id: Generated<number>;
  organisation_id: number;
  email: string | null;
  display_name: string;
  password_hash: string | null;
  role: string;
  kind: string;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisationRow = Insertable<OrganisationTable>;
export type PartnerRow = Selectable<PartnerTable>;
export type PartnerTextRow = Selectable<PartnerTextTable>;
export type UserRow = Selectable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
