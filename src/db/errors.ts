/** True when a write broke a unique constraint, in SQLite or PostgreSQL terms. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * Another connection (another process: a server, an import) holds the database's write lock as a
 * write transaction tries to begin. Nothing was done yet: `writeTransaction` waits and tries again.
 */
export class WriterBusyError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('Another process is writing to the database.', options);
    this.name = 'WriterBusyError';
  }
}

/** The write lock stayed taken for longer than a write transaction waits for it. */
export class DatabaseBusyError extends Error {
  constructor(readonly waitedMs: number) {
    super(
      `The database stayed busy for ${(waitedMs / 1000).toFixed(1)} s: another process (a server, an import, an index rebuild) kept writing to it. Nothing was changed; try again.`,
    );
    this.name = 'DatabaseBusyError';
  }
}
