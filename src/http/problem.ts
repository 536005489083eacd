import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { DomainError, ErrorCode, ErrorKind, FieldIssue } from '../errors.js';

/** RFC 9457 problem details: every API error has this shape. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldIssue[];
  /** The refusal's stable code, when it has one (`photo.heic-not-decodable`…): what a client tells refusals apart by. */
  code?: ErrorCode;
}

export const STATUS_OF: Record<ErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  'precondition-required': 428,
  'rate-limited': 429,
};

const TITLES: Partial<Record<number, string>> = {
  400: 'Invalid request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  412: 'Precondition failed',
  428: 'Precondition required',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** A code whose refusal has a status of its own rather than its kind's: a photo read but unusable is 422, not 400. */
const STATUS_OF_CODE: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  'photo.not-enough-detail': 422,
};

export function problem(c: Context, status: ContentfulStatusCode, detail?: string, errors?: FieldIssue[], code?: ErrorCode): Response {
  const body: Problem = { type: 'about:blank', title: TITLES[status] ?? 'Error', status };
  if (detail) body.detail = detail;
  if (errors?.length) body.errors = errors;
  if (code) body.code = code;
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}

/** The problem document of a service's refusal: its kind's status (or its code's), message, issues and code. */
export function domainProblem(c: Context, error: DomainError): Response {
  const status = (error.code && STATUS_OF_CODE[error.code]) ?? STATUS_OF[error.kind];
  return problem(c, status, error.message, error.issues, error.code);
}

/** Turns zod issues into `{field, message}` pairs, `field` being the dotted path (`name.fr`). */
export function fieldIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldIssue[] {
  return issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message }));
}
