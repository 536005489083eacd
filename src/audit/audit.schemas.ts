import { z } from '@hono/zod-openapi';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from './audit-entry.js';

/** A date (`2026-12-06`) or a date and time (`2026-12-06T21:30:00Z`), as the trail's times are written. */
export const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?)?$/;
const dateOrTime = (description: string) => z.string().regex(DATE_OR_TIME, 'a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)').optional().openapi({ description });

export const AUDIT_PAGE_SIZE = 50;

/** The filters of the admin page and the API; an empty field filters nothing. */
export const AuditQuerySchema = z.object({
  actor: z.string().max(320).optional().openapi({ description: 'A user id, or text found in the actor’s name (or the e-mail tried at sign-in).' }),
  organisation: z.string().max(100).optional().openapi({ description: 'An organisation’s slug: what its people did, and who read its objects’ sensitive fields.' }),
  action: z.enum(AUDIT_ACTIONS).optional(),
  target: z.string().max(200).optional().openapi({ description: 'The id of what was acted on (an object, a user, a token…).' }),
  from: dateOrTime('From this date or time (UTC), inclusive.'),
  to: dateOrTime('Up to this date (its whole day) or time (UTC), inclusive.'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.object({
      kind: z.enum(['user', 'token', 'anonymous', 'cli']),
      userId: z.number().int().nullable(),
      tokenId: z.number().int().nullable(),
      name: z.string().nullable(),
      clientAddress: z.string().nullable(),
    }),
    organisation: z.string().nullable(),
    action: z.enum(AUDIT_ACTIONS),
    target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
    details: z.record(z.string(), z.unknown()),
    outcome: z.enum(AUDIT_OUTCOMES),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEntry');

export const AuditPageSchema = z
  .object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(AuditEntrySchema) })
  .openapi('AuditPage');
