import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
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
  })
  .openapi('Problem');

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});
