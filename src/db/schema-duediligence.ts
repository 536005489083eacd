import type { Generated, Selectable } from 'kysely';

/** A due-diligence check (SQLite migration 0024, PostgreSQL 0013; src/duediligence/). */
export interface DueDiligenceCheckTable {
  id: string;
  organisation_id: number;
  user_id: number;
  /** JSON of the principal who asked (role, organisation, token): the lots are screened with what it may see. */
  principal: string;
  requested_by: string;
  created_at: string;
  /** 'form' (one object) or the catalogue's format ('csv', 'json', 'lido'…). */
  source: string;
  filename: string | null;
  /** 'queued', 'running', 'done' or 'failed'. */
  state: string;
  /** Why the whole check failed (a catalogue that could not be read at all). */
  error: string | null;
  /** A runner's claim on the check until this time (an expired one is taken over). */
  lease_until: string | null;
  started_at: string | null;
  finished_at: string | null;
  /** JSON of the registry state the lots were screened against (counts and version). */
  registry_state: string | null;
}

/** A lot of a check, with what its screening found. */
export interface DueDiligenceLotTable {
  id: Generated<number>;
  check_id: string;
  position: number;
  /** 'pending', 'done' or 'broken'. */
  state: string;
  /** JSON of the fields as submitted. */
  fields: string;
  /** JSON of the stored photos (name, key, sha256). */
  photos: string;
  error: string | null;
  outcome: string | null;
  /** JSON of the evidence. */
  evidence: string | null;
  screened_at: string | null;
}

export type DueDiligenceCheckRow = Selectable<DueDiligenceCheckTable>;
export type DueDiligenceLotRow = Selectable<DueDiligenceLotTable>;
