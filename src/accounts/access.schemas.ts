import { z } from '@hono/zod-openapi';
import { ROLES } from '../roles.js';

const time = (description: string) => z.string().nullable().openapi({ description });

export const ApiTokenSchema = z
  .object({
    id: z.number().int(),
    label: z.string(),
    organisation: z.string().openapi({ description: 'The slug of the organisation the token acts for.' }),
    role: z.enum(ROLES),
    createdAt: z.string(),
    createdBy: z.string().nullable().openapi({ description: 'Who created it; null from the command line.' }),
    expiresAt: time('Null: never expires.'),
    lastUsedAt: time('To the minute; null if never used.'),
    revokedAt: time('Null unless revoked.'),
    revokedBy: z.string().nullable(),
    state: z.enum(['active', 'expired', 'revoked']),
  })
  .openapi('ApiToken');

export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema) }).openapi('ApiTokenList');

export const PersonSchema = z
  .object({
    id: z.number().int(),
    email: z.string().nullable(),
    displayName: z.string(),
    organisation: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
    disabledAt: time('Null unless disabled.'),
  })
  .openapi('Person');

export const PersonListSchema = z.object({ items: z.array(PersonSchema) }).openapi('PersonList');

export const TokenListQuerySchema = z.object({
  organisation: z.string().max(100).optional().openapi({ description: 'Only this organisation’s tokens (its slug).' }),
});

export const IdParamSchema = z.object({
  id: z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 12 }),
});
