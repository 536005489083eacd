/** Errors the services raise; the HTTP layer turns each kind into its status and problem document. */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'precondition-required'
  | 'rate-limited';

/**
 * Stable codes for the refusals that pages and API clients tell apart: pages map them to their
 * translated text, problem documents carry them. The message is English prose for logs and API
 * readers, never compared.
 */
export const ERROR_CODES = [
  'photo.not-an-image',
  'photo.heic-not-decodable',
  'photo.damaged',
  'photo.too-many-pixels',
  'photo.too-small',
  'photo.not-enough-detail',
  'file.invalid',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly code?: ErrorCode,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A file refused as a whole (an import source, a mapping file): `problem` says what is wrong, without the path. */
export class InvalidFileError extends DomainError {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super('invalid', `${path}: ${problem}`, [], 'file.invalid');
    this.name = 'InvalidFileError';
  }
}

export const notFound = (message: string) => new DomainError('not-found', message);
export const conflict = (message: string) => new DomainError('conflict', message);
export const invalid = (message: string, issues: FieldIssue[] = [], code?: ErrorCode) => new DomainError('invalid', message, issues, code);
export const invalidFile = (path: string, problem: string) => new InvalidFileError(path, problem);
