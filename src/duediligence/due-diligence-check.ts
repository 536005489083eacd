import type { Principal } from '../roles.js';
import type { LotOutcome } from './lot.js';

export const CHECK_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type CheckState = (typeof CHECK_STATES)[number];

/**
 * The registry a check's lots were screened against, as the one who asked could see it: objects
 * reported stolen or missing, those on the public alert list, indexed photos, and the registry's
 * version (its history's latest entry), so that an answer says what it was given.
 */
export interface RegistryState {
  objects: number;
  alerts: number;
  photos: number;
  version: string;
  at: string;
}

/** How far a check has gone: lots screened, broken, and their outcomes. */
export interface CheckProgress {
  total: number;
  screened: number;
  broken: number;
  outcomes: Record<LotOutcome, number>;
}

export interface DueDiligenceCheck {
  id: string;
  organisation: { id: number; slug: string; name: string };
  requestedBy: { userId: number; name: string };
  createdAt: string;
  /** 'form' for one object, else the catalogue's format. */
  source: string;
  filename: string | null;
  state: CheckState;
  /** Why the whole check failed. */
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  registryState: RegistryState | null;
  progress: CheckProgress;
}

/** A check waiting to run, with the principal it screens as. */
export interface ClaimedCheck {
  id: string;
  principal: Principal;
}

export interface CheckPage {
  total: number;
  page: number;
  pageSize: number;
  items: DueDiligenceCheck[];
}
