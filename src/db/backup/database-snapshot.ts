import type { EgideConfig } from '../../config/config.js';
import type { Db } from '../database.js';

/** How far a snapshot has got, in the store's own units (pages for SQLite). */
export type SnapshotProgress = (copied: number, total: number) => void;

/**
 * A consistent copy of the database, taken while servers keep writing, and put back into an empty
 * target: one implementation per dialect (SQLite's online backup now; `pg_dump` and a restore into an
 * empty PostgreSQL database will be the PostgreSQL one). The backup service around it is dialect-free.
 */
export interface DatabaseSnapshots {
  readonly dialect: string;
  /** Writes a snapshot of the configured database into `folder`; returns its files, relative to `folder`. */
  take(config: EgideConfig, folder: string, progress: SnapshotProgress): Promise<string[]>;
  /** Opens the snapshot in `folder` read-only; throws when it cannot be opened at all. */
  open(folder: string): Promise<SnapshotCopy>;
  /** Puts the snapshot in `folder` into the data folder `dataDir` (a staging folder, renamed once complete). */
  restore(folder: string, dataDir: string): Promise<void>;
}

export interface SnapshotCopy {
  /** The copy, to be read only. */
  readonly db: Db;
  /** The name of the last migration applied to the copy. */
  migration(): Promise<string>;
  /** The rows of every table. */
  rowCounts(): Promise<Record<string, number>>;
  /** What the engine's own consistency check finds wrong (none when the copy is sound). */
  integrityProblems(): Promise<string[]>;
  close(): Promise<void>;
}
