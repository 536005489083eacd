import { expect } from 'vitest';
import { DomainError } from '../errors.js';

/** Awaits a promise that must fail with a DomainError of `kind`, and returns the error for further checks. */
export async function expectDomainError(promise: Promise<unknown>, kind: DomainError['kind']): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).kind).toBe(kind);
  return error as DomainError;
}
