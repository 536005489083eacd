import { createRoute, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { notFound } from '../errors.js';
import { createApiRouter, problemResponse } from '../http/openapi.js';
import type { SigningService } from './signing.service.js';

/** Where JOSE tools look for a site's public keys (RFC 8615, as OpenID Connect publishes them). */
export const JWKS_PATH = '/.well-known/jwks.json';

const JwkSetSchema = z
  .object({
    keys: z.array(
      z
        .object({
          kty: z.string().openapi({ example: 'OKP' }),
          crv: z.string().openapi({ example: 'Ed25519' }),
          x: z.string(),
          kid: z.string(),
          alg: z.string().openapi({ example: 'EdDSA' }),
          use: z.string().openapi({ example: 'sig' }),
        })
        .passthrough(),
    ),
  })
  .openapi('JwkSet');

const listSigningKeys = createRoute({
  method: 'get',
  path: '/signing-keys',
  operationId: 'listSigningKeys',
  tags: ['Signatures'],
  summary: 'The network’s public signing keys',
  description:
    `The Ed25519 keys (JWK Set, also at \`${JWKS_PATH}\`) that verify the detached JWS Egide signs exports with (header \`Egide-Signature\`, or the \`.sig\` file): ` +
    'put the base64url of the file’s bytes between the two dots of the signature and verify it as a compact JWS with the key its `kid` names. Retired keys stay listed.',
  request: { query: z.object({ kid: z.string().max(100).optional().openapi({ description: 'Only the key with this id (the `kid` of a signature’s header).' }) }) },
  responses: {
    200: { description: 'Every key, current and retired (or the one asked for).', content: { 'application/json': { schema: JwkSetSchema } } },
    404: problemResponse('No key has this id.'),
  },
});

export function signingApi(signing: SigningService) {
  return createApiRouter().openapi(listSigningKeys, async (c) => {
    const { kid } = c.req.valid('query');
    const { keys } = await signing.publicKeys();
    const chosen = kid === undefined ? keys : keys.filter((key) => key.kid === kid);
    if (chosen.length === 0) throw notFound(`No signing key has the id "${kid}".`);
    return c.json({ keys: chosen }, 200);
  });
}

/** The JWK Set at its well-known address, for any JOSE tool. */
export function jwksRoutes(signing: SigningService) {
  return new Hono<AppEnv>().get(JWKS_PATH, async (c) => c.json(await signing.publicKeys(), 200, { 'Content-Type': 'application/jwk-set+json' }));
}
