import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type * as Alerts from './schema-alerts.js';
import type { WatchedPhotoTable } from './schema-watch.js';
import type { CertificateMatchTable, CertificateTable } from './schema-certificates.js';
import type * as Webhooks from './schema-webhooks.js';
import type { DueDiligenceCheckTable, DueDiligenceLotTable } from './schema-duediligence.js';
import type { IdentifyEvaluationTable } from './schema-identify-evaluation.js';

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
  objects: ObjectTable;
  object_materials: ObjectMaterialTable;
  object_photos: ObjectPhotoTable;
  incidents: IncidentTable;
  object_history: ObjectHistoryTable;
  observatory_changes: ObservatoryChangeTable;
  observatory_dirty: ObservatoryDirtyTable;
  observatory_state: ObservatoryStateTable;
  oai_withdrawals: OaiWithdrawalTable;
  oai_harvests: OaiHarvestTable;
  identify_images: IdentifyImageTable;
  identify_jobs: IdentifyJobTable;
  identify_visibility: IdentifyVisibilityTable;
  identify_index_state: IdentifyIndexStateTable;
  identifications: IdentificationTable;
  sightings: SightingTable;
  sighting_reads: SightingReadTable;
  audit_entries: AuditEntryTable;
  user_totp: UserTotpTable;
  recovery_codes: RecoveryCodeTable;
  pending_sign_ins: PendingSignInTable;
  rate_limits: RateLimitTable;
  customs_checks: CustomsCheckTable;
  red_lists: RedListTable;
  red_list_editions: RedListEditionTable;
  red_list_images: RedListImageTable;
  red_list_edition_images: RedListEditionImageTable;
  red_list_editors: RedListEditorTable;
  observatory_datasets: ObservatoryDatasetTable;
  library_items: LibraryItemTable;
  library_documents: LibraryDocumentTable;
  evacuation_plans: EvacuationPlanTable;
  evacuation_movements: EvacuationMovementTable;
  evacuation_thumbnails: EvacuationThumbnailTable;
  heritage_places: HeritagePlaceTable;
  heritage_assessments: HeritageAssessmentTable;
  heritage_assessment_photos: HeritageAssessmentPhotoTable;
  emergencies: EmergencyTable;
  signing_keys: SigningKeyTable;
  no_strike_exports: NoStrikeExportTable;
  due_diligence_checks: DueDiligenceCheckTable;
  due_diligence_lots: DueDiligenceLotTable;
  alert_dispatch_queue: Alerts.AlertDispatchQueueTable;
  alert_events: Alerts.AlertEventTable;
  alert_listener_runs: Alerts.AlertListenerRunTable;
  alert_subscriptions: Alerts.AlertSubscriptionTable;
  alert_subscription_objects: Alerts.AlertSubscriptionObjectTable;
  alert_outbox: Alerts.AlertOutboxTable;
  alert_outbox_attempts: Alerts.AlertOutboxAttemptTable;
  alert_inbox: Alerts.AlertInboxTable;
  alert_digest_items: Alerts.AlertDigestItemTable;
  watched_photos: WatchedPhotoTable;
  certificates: CertificateTable;
  certificate_matches: CertificateMatchTable;
  webhooks: Webhooks.WebhookTable;
  webhook_attempts: Webhooks.WebhookAttemptTable;
  webhook_secret_keys: Webhooks.WebhookSecretKeyTable;
  identify_evaluations: IdentifyEvaluationTable;
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
  disabled_by: number | null;
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
  /** Null: never expires (tokens issued before expiry existed, or `--no-expiry`). */
  expires_at: string | null;
  created_by: number | null;
  revoked_by: number | null;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisationRow = Insertable<OrganisationTable>;
export type PartnerRow = Selectable<PartnerTable>;
export type PartnerTextRow = Selectable<PartnerTextTable>;
export type UserRow = Selectable<UserTable>;
export type UserUpdate = Updateable<UserTable>;

export interface ObjectTable {
  seq: Generated<number>;
  id: string;
  organisation_id: number;
  /** Null when the object has none; several objects may share one (migration 0009). */
  inventory_number: string | null;
  /** The id of the record it was imported from, unique per organisation (migration 0004). */
  source_id: Generated<string | null>;
  status: string;
  title: string;
  object_type: string | null;
  /** JSON of the Object ID description. */
  description: string;
  /** JSON of the fields only the owner, investigators and admins see. */
  sensitive: string;
  earliest_year: number | null;
  latest_year: number | null;
  height_cm: number | null;
  width_cm: number | null;
  depth_cm: number | null;
  diameter_cm: number | null;
  weight_kg: number | null;
  country: string | null;
  published: Generated<number>;
  reported: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  created_by: number | null;
  updated_by: number | null;
}

export interface ObjectMaterialTable {
  object_seq: number;
  material: string;
}

export interface ObjectPhotoTable {
  id: string;
  object_seq: number;
  position: number;
  file: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  caption: string | null;
  created_at: string;
  created_by: number | null;
}

export interface IncidentTable {
  id: string;
  object_seq: number;
  reference: string;
  method: string;
  discovered_on: string | null;
  reported_on: string;
  reporter: string;
  reporter_contact: string | null;
  circumstances: string | null;
  police_report_number: string | null;
  place: string | null;
  country: string | null;
  /** Where it happened (observatory-figures.ts PLACE_KINDS); null when not said. */
  place_kind: string | null;
  publish: number;
  created_at: string;
  created_by: number | null;
  /** The emergency the object's museum was inside when the incident was reported (the heightened watch; migration 0020). */
  emergency_id: Generated<string | null>;
}

export interface ObjectHistoryTable {
  id: Generated<number>;
  object_seq: number;
  at: string;
  user_id: number | null;
  /** Who acted, as shown in the history (the user's name at the time). */
  actor: string;
  action: string;
  reason: string | null;
  /** JSON: `{ field: [before, after] }`. */
  changes: Generated<string>;
}

export type ObjectRow = Selectable<ObjectTable>;
export type IncidentRow = Selectable<IncidentTable>;
export type ObjectPhotoRow = Selectable<ObjectPhotoTable>;
export type ObjectHistoryRow = Selectable<ObjectHistoryTable>;

/** An object that left what the public sees, as OAI-PMH reports it (deleted record). */
export interface OaiWithdrawalTable {
  object_id: string;
  /** Organisation and status while it was public: the sets it is reported deleted in. */
  organisation_id: number;
  status: string;
  withdrawn_at: string;
}

/** One harvested OAI-PMH list and where its current run stands. */
export interface OaiHarvestTable {
  id: Generated<number>;
  url: string;
  metadata_prefix: string;
  /** '' for the whole repository. */
  set_spec: string;
  organisation_id: number;
  /** running, failed or finished. */
  status: string;
  from_date: string | null;
  /** The token of the next page to fetch; null before the first page. */
  resumption_token: string | null;
  pages: Generated<number>;
  records: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  failed: Generated<number>;
  deleted: Generated<number>;
  last_error: string | null;
  started_at: string;
  finished_at: string | null;
  /** The server's responseDate when the current run began. */
  run_response_date: string | null;
  /** That date for the last complete run: the next run's default `from`. */
  harvested_until: string | null;
}

export type OaiHarvestRow = Selectable<OaiHarvestTable>;

export interface IdentifyImageTable {
  seq: Generated<number>;
  photo_id: string;
  extractor: string;
  hash_high: number;
  hash_low: number;
  words: Buffer;
  features: Buffer;
  indexed_at: string;
}

/** One row: a counter moved by triggers whenever the photos someone may identify against could change. */
export interface IdentifyVisibilityTable {
  id: number;
  version: number;
}

/** One row: moves when the identification index's slots are renumbered (compacted). */
export interface IdentifyIndexStateTable {
  id: number;
  generation: number;
}

export interface IdentifyJobTable {
  photo_id: string;
  enqueued_at: string;
  attempts: number;
  last_error: string | null;
  /** Until when a process holds the job (PostgreSQL's queue, where several claim jobs); null when free. */
  claimed_until: string | null;
}

/** A photo someone identified (migration 0006): what it was matched against is in `candidates`. */
export interface IdentificationTable {
  id: string;
  /** Null for the anonymous public: the unguessable id is then the only key to it. */
  user_id: number | null;
  created_at: string;
  verdict: string;
  /** The photo as the engine saw it, relative to `<data>/identifications/`. */
  photo_file: string;
  photo_width: number;
  photo_height: number;
  /** JSON: the candidates shown, best first, with their matched points (see identification.repository.ts). */
  candidates: string;
}

/** A candidate confirmed by a person: the object was seen there, then. */
export interface SightingTable {
  id: string;
  identification_id: string;
  object_seq: number;
  user_id: number;
  /** The reporter's organisation. */
  organisation_id: number;
  /** The reporter's name at the time. */
  reporter: string;
  place: string;
  country: string | null;
  note: string | null;
  created_at: string;
}

export interface SightingReadTable {
  user_id: number;
  sighting_id: string;
  read_at: string;
}

export type IdentificationRow = Selectable<IdentificationTable>;
export type SightingRow = Selectable<SightingTable>;

/** One entry of the append-only, hash-chained audit trail (migration 0011, src/audit/). */
export interface AuditEntryTable {
  id: Generated<number>;
  at: string;
  /** 'user', 'token', 'anonymous' or 'system' (the command line). */
  actor_kind: string;
  actor_user_id: number | null;
  actor_token_id: number | null;
  /** The actor's name then, or the e-mail tried at a failed sign-in. */
  actor_name: string | null;
  client_address: string | null;
  organisation_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** JSON object, hashed as stored. */
  details: string;
  outcome: string;
  prev_hash: string;
  hash: string;
}

export type AuditEntryRow = Selectable<AuditEntryTable>;

/** A person's TOTP secret (migration 0013, src/auth/two-factor.service.ts); unconfirmed while enrolling. */
export interface UserTotpTable {
  user_id: number;
  /** Base32, as the authenticator app holds it. */
  secret: string;
  created_at: string;
  confirmed_at: string | null;
  /** The last time step whose code was accepted: it and earlier ones are refused. */
  last_used_step: number | null;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 of the normalised code. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** A sign-in whose password was right and whose second factor (or enrolment) is still due. */
export interface PendingSignInTable {
  token_hash: string;
  user_id: number;
  /** 'second-factor' or 'enrol'. */
  purpose: string;
  next_path: string;
  expires_at: string;
}

/** Attempts counted per key in a fixed window ending at `reset_at` (SQLite migration 0014, PostgreSQL 0003; src/auth/rate-limit.repository.ts). */
export interface RateLimitTable {
  key: string;
  count: number;
  reset_at: string;
}

/** A customs check and the officer's decision (SQLite migration 0016, PostgreSQL 0005; src/redlists/customs/). */
export interface CustomsCheckTable {
  id: string;
  organisation_id: number;
  user_id: number;
  /** The officer's name then. */
  officer: string;
  created_at: string;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  /** JSON: the facts declared. */
  facts: string;
  /** JSON array: the identifications of the photos. */
  identification_ids: string;
  /** JSON: the engine's answer. */
  assessment: string;
  /** JSON: the engine's version and the list editions it read. */
  editions: string;
  /** 'release', 'hold' or 'detain'; null until the officer decides. */
  decision: string | null;
  decision_reason: string | null;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: string | null;
}

export type CustomsCheckRow = Selectable<CustomsCheckTable>;

/** A Red List (SQLite migration 0015, PostgreSQL 0004; src/redlists/): its editions hold its content. */
export interface RedListTable {
  id: Generated<number>;
  slug: string;
  created_at: string;
  created_by: number | null;
}

/** One edition of a Red List: its document (RedListDocument as JSON); a published one never changes. */
export interface RedListEditionTable {
  id: Generated<number>;
  list_id: number;
  number: number;
  status: 'draft' | 'published';
  document: string;
  /** Bumped on each save of a draft (optimistic concurrency). */
  version: Generated<number>;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  published_at: string | null;
  published_by: number | null;
}

/** An image of Red Lists, known by the SHA-256 of its stored original (without metadata); files under `red-lists/` in the photo store. */
export interface RedListImageTable {
  sha256: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  created_at: string;
  /** The colour layout of its thumbnail (redlists/customs/visual-similarity.ts), float32 little-endian; null when it could not be described. */
  descriptor: Buffer | null;
}

/** The images of an edition, by the file name its document gives them. */
export interface RedListEditionImageTable {
  edition_id: number;
  name: string;
  sha256: string;
}

export interface RedListEditorTable {
  list_id: number;
  user_id: number;
  added_at: string;
  added_by: number | null;
}

/** An emergency the secretariat declared (SQLite migration 0020, PostgreSQL 0009; src/emergencies/). */
export interface EmergencyTable {
  id: string;
  kind: string;
  /** JSON `{ lang: text }`. */
  names: string;
  descriptions: string;
  /** JSON array of ISO 3166-1 alpha-2 codes. */
  countries: string;
  /** The drawn area, GeoJSON Polygon or MultiPolygon; its bounding box in the four columns after it. */
  area: string | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  starts_on: string;
  ends_on: string | null;
  status: 'active' | 'closed';
  version: Generated<number>;
  created_at: string;
  created_by: number | null;
  updated_at: string;
}

/** A no-strike list as exported: the file's bytes and their detached signature (src/emergencies/). */
export interface NoStrikeExportTable {
  id: string;
  emergency_id: string;
  format: string;
  content: Buffer;
  signature: string;
  place_count: number;
  exported_by: number | null;
  exported_at: string;
}

/** The network's Ed25519 signing keys (src/signing/): `slot` is 'current' for the one signing now, null once retired. */
export interface SigningKeyTable {
  kid: string;
  algorithm: string;
  public_jwk: string;
  private_jwk: string;
  created_at: string;
  slot: string | null;
}

/** A heritage place at risk (src/emergencies/places/); migrations 0019 (SQLite) and 0008 (PostgreSQL). */
export interface HeritagePlaceTable {
  id: string;
  /** JSON `{ lang: name }`. */
  names: string;
  kind: string;
  /** GeoJSON Point, Polygon or MultiPolygon, as JSON. */
  geometry: string;
  location_certainty: string;
  country: string;
  period: string | null;
  earliest_year: number | null;
  latest_year: number | null;
  cultural_affiliation: string | null;
  /** The responsible organisation (for a museum, the museum). */
  organisation_id: number | null;
  description: string | null;
  sensitive: number;
  /** The geometry's bounding box (area queries). */
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  /** The whole-degree box around it: what the public is shown of a sensitive place. */
  region_west: number;
  region_south: number;
  region_east: number;
  region_north: number;
  /** The assessment with the latest visit date, and its condition. */
  latest_assessment_id: string | null;
  latest_condition: string | null;
  /** Under the 1954 Hague Convention: 'none', 'general' (Blue Shield emblem), 'special', 'enhanced' (migration 0020, emergencies/protection.ts). */
  protection: Generated<string>;
  version: number;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
}

/** An assessment of a heritage place: never changed once made (triggers). */
export interface HeritageAssessmentTable {
  id: string;
  place_id: string;
  assessed_on: string;
  phase: string;
  condition: string;
  damage_extent: string;
  /** JSON array of threats. */
  threats: string;
  recommendation: string;
  priority: string;
  notes: string | null;
  assessor_id: number;
  /** Who signed and for which organisation, as they were then. */
  assessor_name: string;
  organisation_id: number;
  organisation_name: string;
  created_at: string;
  /** The place's version when the assessment was saved, and the one the assessor saw (null: not said). */
  place_version: number;
  seen_place_version: number | null;
  idempotency_key: string | null;
}

export interface HeritageAssessmentPhotoTable {
  id: string;
  assessment_id: string;
  position: number;
  content_type: string;
  width: number;
  height: number;
  latitude: number | null;
  longitude: number | null;
  created_at: string;
}

/** An object's evacuation plan (emergencies/plans/): priority 1 (first) to 3, where it is, how to handle and pack it. */
export interface EvacuationPlanTable {
  object_seq: number;
  organisation_id: number;
  priority: number;
  /** Each part of the location, '' when not given. */
  building: string;
  floor: string;
  room: string;
  unit: string;
  shelf: string;
  /** As displayed and printed: "B1-2-204-C-3". */
  location_code: string;
  /** The parts, numbers padded, so that text order is the order a person walks (floor 2 before 10). */
  location_key: string;
  handling: string;
  /** JSON array of packing needs (emergencies/plans/evacuation-plan.ts `PACKING_NEEDS`). */
  packing: string;
  packing_note: string;
  updated_at: string;
  updated_by: number | null;
}

/** An object moved in an emergency: from where, to where, by whom, when, in what condition it arrived. */
export interface EvacuationMovementTable {
  id: Generated<number>;
  object_seq: number;
  organisation_id: number;
  /** The location code before, null when the object had no plan. */
  from_location: string | null;
  to_location: string;
  moved_at: string;
  user_id: number | null;
  mover: string;
  arrival_condition: string;
  note: string | null;
}

/** A photo's thumbnail as the evacuation list embeds it: a small JPEG, made once. */
export interface EvacuationThumbnailTable {
  photo_id: string;
  jpeg: Buffer;
}

/** An external dataset of the observatory (SQLite migration 0018, PostgreSQL 0007; src/observatory/external-*). */
export interface ObservatoryDatasetTable {
  id: Generated<number>;
  slug: string;
  /** JSON: source, dates, definitions, caveats, licence, unit (external-dataset.ts `DatasetMetadata`). */
  metadata: string;
  /** JSON `DatasetShape` and `DatasetRow[]`. */
  shape: string;
  rows: string;
  row_count: number;
  published_on: string;
  imported_at: string;
  imported_by: number | null;
}

/** An item of the observatory's resource library (src/observatory/library*). */
export interface LibraryItemTable {
  id: Generated<number>;
  kind: string;
  /** JSON `{ lang: { title, summary?, body? } }`. */
  texts: string;
  /** JSON arrays of ISO 3166-1 alpha-2 codes and of theme keys. */
  countries: string;
  themes: string;
  source: string;
  licence: string;
  published_on: string;
  url: string | null;
  /** A case study drawn from a registry object; listed publicly only with `consent` (0/1) from its owner. */
  object_id: string | null;
  /** The object's organisation when the case study was drawn: its registrars give or withdraw consent. */
  object_organisation_id: number | null;
  consent: Generated<number>;
  consent_by: number | null;
  /** Texts and source folded (case, accents) for the search. */
  search_text: string;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
}

/** A library item's uploaded PDF. */
export interface LibraryDocumentTable {
  item_id: number;
  file_name: string;
  bytes: Buffer;
  size: number;
  uploaded_at: string;
}

/** The objects whose observatory figures changed, by the data version that counted them (src/observatory/observatory.repository.ts). */
export interface ObservatoryChangeTable {
  version: number;
  object_seq: number;
}

/** Objects whose figures changed since the last data version (marked by triggers). */
export interface ObservatoryDirtyTable {
  object_seq: number;
}

/** The observatory data's version: moves whenever objects were marked. */
export interface ObservatoryStateTable {
  id: number;
  version: number;
  updated_at: string;
}
