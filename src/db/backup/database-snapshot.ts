import type { EgideConfig } from '../../config/config.js';
import type { DialectName } from '../database.js';

/** How far a snapshot has got, in its implementation's `progressUnit`. */
export type SnapshotProgress = (done: number, total: number) => void;

/** Where a backup is restored: the data folder being written (a staging folder, renamed once complete), and PostgreSQL's empty database. */
export interface RestoreTarget {
  dataDir: string;
  databaseUrl: string | undefined;
}

/**
 * A consistent copy of the database, taken while servers keep writing, and put back into an empty
 * target: one implementation per dialect (SQLite's online backup, PostgreSQL's `pg_dump`). The
 * backup service around it is dialect-free.
 */
export interface DatabaseSnapshots {
  readonly dialect: DialectName;
  /** What progress counts: SQLite's pages, PostgreSQL's tables. */
  readonly progressUnit: string;
  /**
   * Writes a snapshot of the configured database into `folder` and has `read` read what the backup
   * needs from that very snapshot (not from the live database, which has moved on); returns the
   * snapshot's files, relative to `folder`, and what `read` returned.
   */
  take<T>(config: EgideConfig, folder: string, progress: SnapshotProgress, read: (snapshot: SnapshotReader) => Promise<T>): Promise<{ files: string[]; read: T }>;
  /** Opens the snapshot in `folder` to be checked; throws when it cannot be opened at all. */
  open(folder: string): Promise<SnapshotCopy>;
  /** Refuses (a DomainError) a target that holds a database or is not one this dialect restores into, before anything is written. */
  refuseUnfitTarget(target: RestoreTarget): Promise<void>;
  /** Puts the snapshot in `folder` into the target. */
  restore(folder: string, target: RestoreTarget): Promise<void>;
}

/** What a backup reads from a snapshot. */
export interface SnapshotReader {
  /** The name of the last migration applied. */
  migration(): Promise<string>;
  /** The rows of every table. */
  rowCounts(): Promise<Record<string, number>>;
  /** `columns` of every row of `table`, as text, in no particular order. */
  textRows<C extends string>(table: string, columns: readonly C[]): Promise<Record<C, string | null>[]>;
}

export interface SnapshotCopy extends SnapshotReader {
  /** What the engine's own reading of the copy finds wrong (none when the copy is sound). */
  integrityProblems(): Promise<string[]>;
  close(): Promise<void>;
}
