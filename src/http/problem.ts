import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorKind, FieldIssue } from '../errors.js';

/** RFC 9457 problem details: every API error has this shape. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldIssue[];
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

export function problem(c: Context, status: ContentfulStatusCode, detail?: string, errors?: FieldIssue[]): Response {
  const body: Problem = { type: 'about:blank', title: TITLES[status] ?? 'Error', status };
  if (detail) body.detail = detail;
  if (errors?.length) body.errors = errors;
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}

/** Turns zod issues into `{field, message}` pairs, `field` being the dotted path (`name.fr`). */
export function fieldIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldIssue[] {
  return issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message }));
}
