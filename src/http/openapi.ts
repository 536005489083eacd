import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { CSRF_HEADER } from './csrf.js';
import { ERROR_CODES } from '../errors.js';
import { SESSION_COOKIE } from './session-cookie.js';
import type { AppEnv } from './env.js';
import { fieldIssues, problem } from './problem.js';

/** An API router whose zod validation failures become 400 problem documents naming each field. */
export function createApiRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = fieldIssues(result.error.issues);
        return problem(c, 400, `The request has ${issues.length} invalid field(s): ${issues.map((i) => i.field).join(', ')}.`, issues);
      }
      return undefined;
    },
  });
}

/** Refuses a body that is not JSON with 415, instead of validating an empty object. */
export const jsonBodyOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(c.req.header('Content-Type') ?? '')) {
    return problem(c, 415, 'Send the request body as application/json.');
  }
  return next();
};

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    code: z.enum(ERROR_CODES).optional().describe('The refusal’s stable code, when it has one: what a client tells refusals apart by.'),
  })
  .openapi('Problem');

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/**
 * The OpenAPI document's own fields; the paths come from the routes. Operations are open to anyone by
 * default, and a bearer token widens what they show (`{}` is anonymous access); those that need one say so.
 */
export function openApiDocumentConfig(serverUrl: string) {
  const anyoneOrToken: Array<Record<string, string[]>> = [{}, { bearerAuth: [] }, { sessionCookie: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Egide API',
      version: '1',
      description:
        'The museum network’s shared system to protect cultural objects across borders. Errors are RFC 9457 problem documents. ' +
        'API clients authenticate with a bearer token (`bearerAuth`). A browser signed in to Egide’s pages is authenticated by its ' +
        `session cookie (\`sessionCookie\`); a change (POST, PUT, PATCH, DELETE) made with that cookie also needs the session’s CSRF token in the \`${CSRF_HEADER}\` ` +
        'header (`csrfToken`), unless it comes from Egide’s own pages (`Origin` of this site, or `Sec-Fetch-Site: same-origin`): otherwise it is refused with 403.',
      license: { name: 'Apache License 2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: serverUrl }],
    security: anyoneOrToken,
    tags: [
      { name: 'Network', description: 'The directory of the network’s partners.' },
      { name: 'Registry', description: 'Objects described with Object ID, their photos, status, incidents and history.' },
      { name: 'Search', description: 'Full-text search with facets, and the public alert list.' },
      { name: 'Identification', description: 'Identification of an object from a photograph, with the evidence.' },
      { name: 'Interoperability', description: 'Objects as LIDO 1.1 and Linked Art.' },
      { name: 'Audit', description: 'The audit trail of who saw what, for admins.' },
      { name: 'Red Lists', description: 'The published Red Lists of cultural objects at risk: lists, categories (also as JSON-LD), search.' },
      { name: 'Customs check', description: 'A customs or police officer’s check of an object: registry, Red List categories, rules, recommendation and decision.' },
      { name: 'Heritage places', description: 'Heritage places at risk, their assessments with photos (sent again safely from a phone’s offline queue), and places imported from CSV or GeoJSON. A sensitive place’s position only for those entitled.' },
      { name: 'Emergencies', description: 'Emergencies the secretariat declares over countries or an area: their dashboards, and the signed no-strike lists of the places inside.' },
      { name: 'Emergency plans', description: 'Museums’ evacuation plans: priorities and locations of objects, the printable evacuation list, and the movements of objects.' },
      { name: 'Signatures', description: 'The network’s public keys, to verify signed files such as no-strike lists.' },
      { name: 'Webhooks', description: 'Signed HTTPS deliveries of alerts to an organisation’s systems: endpoints, test deliveries, the delivery log.' },
      { name: 'Subscriptions', description: 'Alert subscriptions: a saved search, objects followed or an image watch, each with its channels (in the app, e-mail immediately or as a daily digest, a webhook).' },
    ],
  };
}

/** The security schemes the document's operations name. */
export const SECURITY_SCHEMES = {
  bearerAuth: { type: 'http', scheme: 'bearer', description: 'A token from `egide token create --org SLUG --role ROLE`.' },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The session of a person signed in to Egide’s pages (HttpOnly). Changes made with it also need `csrfToken`; API clients should use `bearerAuth`.',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description:
      'The session’s CSRF token: the value of the `_csrf` field of any page shown to the signed-in person. Needed, with `sessionCookie`, by every POST, PUT, PATCH and DELETE ' +
      'that does not come from Egide’s own pages; without it (or with another session’s), 403. Bearer tokens need none.',
  },
} as const;

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
type SecurityRequirement = Record<string, string[]>;
interface DocumentedOperation {
  security?: SecurityRequirement[];
  responses?: Record<string, { description?: string; content?: unknown }>;
}
interface DocumentWithPaths {
  security?: SecurityRequirement[];
  paths?: object;
}

const CSRF_REFUSAL = `Made with the session cookie without the session’s \`${CSRF_HEADER}\` header, from another site.`;

/**
 * Adds the session cookie to what each operation accepts, as the server does: reads take it alone,
 * changes take it with the session's CSRF token (`csrfToken`), and document the 403 that refuses
 * them otherwise. The routes declare bearer tokens only; this keeps them from repeating it.
 */
export function documentSessionAccess<D extends DocumentWithPaths>(document: D): D {
  const inherited = document.security ?? [];
  for (const item of Object.values(document.paths ?? {}) as Array<object | undefined>) {
    for (const [method, value] of Object.entries(item ?? {})) {
      const operation = value as DocumentedOperation;
      const isWrite = (WRITE_METHODS as readonly string[]).includes(method);
      if (!isWrite) {
        if (operation.security !== undefined && !operation.security.some((requirement) => 'sessionCookie' in requirement)) {
          operation.security = [...operation.security, { sessionCookie: [] }];
        }
        continue;
      }
      const requirements = (operation.security ?? inherited).filter((requirement) => !('sessionCookie' in requirement));
      operation.security = [...requirements, { sessionCookie: [], csrfToken: [] }];
      const responses = (operation.responses ??= {});
      const forbidden = responses['403'];
      const also = `Also: ${CSRF_REFUSAL.charAt(0).toLowerCase()}${CSRF_REFUSAL.slice(1)}`;
      // The document is generated already: the problem schema by reference, as the routes' own 403s have it.
      if (forbidden === undefined) responses['403'] = { description: CSRF_REFUSAL, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
      else if (!forbidden.description?.includes(also)) forbidden.description = `${forbidden.description ?? ''} ${also}`.trim();
    }
  }
  return document;
}
