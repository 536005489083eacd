/**
 * Resolves once every statement already issued has been handed to the database: Kysely reaches the
 * driver through a chain of promise callbacks, all of which run before the next turn of the event
 * loop. Awaiting this before CPU-heavy preparation lets the database work on those statements
 * meanwhile, instead of after.
 */
export function statementsSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The results once every statement has finished, or the first failure once every statement has:
 * a transaction must not end (rollback) while a statement issued in it is still queued, which the
 * connection would then run outside it.
 */
export async function allFinished<T extends readonly unknown[] | []>(statements: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(statements);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}
