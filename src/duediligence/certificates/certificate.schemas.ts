import { z } from '@hono/zod-openapi';
import { LANGUAGES } from '../../i18n/languages.js';
import { REVOCATION_REASONS } from './certificate.js';

export const IssueRequestSchema = z
  .object({
    checkId: z.string().min(1).max(64).openapi({ description: 'The due-diligence check.' }),
    lotId: z.number().int().min(1).openapi({ description: 'The lot of that check; its outcome must be `no-match`.' }),
    watch: z.boolean().default(false).openapi({ description: 'The holder’s consent to continuous due diligence: the lot stays watched, and a later alert matching it revokes the certificate.' }),
  })
  .strict()
  .openapi('CertificateRequest');
export type IssueRequest = z.infer<typeof IssueRequestSchema>;

export const IdParamSchema = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'K7Q2M4X9T1B8C3D5' }) });
export const LangQuerySchema = z.object({ lang: z.enum(LANGUAGES).optional().openapi({ description: 'The language of the verification link (by default the `Accept-Language`’s).' }) });
export const PageQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).optional() });

const RevocationSchema = z
  .object({ revokedAt: z.string().openapi({ example: '2026-12-08T09:12:00.000Z' }), reason: z.enum(REVOCATION_REASONS).openapi({ description: '`alert-match`: a later alert matched the lot; `withdrawn`: by its holder.' }) })
  .openapi('CertificateRevocation');

/** The signed content is described loosely here: the JWS is the certificate, this its decoded copy. */
const ContentSchema = z.record(z.string(), z.unknown()).openapi('CertificateContent', { description: 'The signed content: lot, what was searched, when, registry state, by whom, the not-a-guarantee-of-title statement (fr, en, es).' });

export const CertificateFileSchema = z
  .object({
    type: z.literal('EgideDueDiligenceCertificate'),
    jws: z.string().openapi({ description: 'Compact JWS (EdDSA, `kid`: the key’s RFC 7638 thumbprint, `typ` `egide-certificate+jws`) whose payload is `certificate`.' }),
    certificate: ContentSchema,
  })
  .openapi('CertificateFile');

export const CertificateSchema = z
  .object({
    id: z.string(),
    checkId: z.string(),
    lotId: z.number().int(),
    issuedAt: z.string(),
    kid: z.string(),
    watched: z.boolean(),
    status: z.enum(['valid', 'revoked']),
    revocation: RevocationSchema.nullable(),
    matches: z.array(z.object({ objectId: z.string(), kind: z.enum(['text', 'photo']), evidence: z.unknown(), foundAt: z.string() })).optional(),
    file: CertificateFileSchema,
    links: z.object({ verify: z.string(), pdf: z.string(), json: z.string() }),
  })
  .openapi('Certificate');

export const CertificateListSchema = z
  .object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(CertificateSchema) })
  .openapi('CertificateList');

export const CertificateStatusSchema = z
  .object({
    id: z.string(),
    status: z.enum(['valid', 'revoked']),
    issuedAt: z.string(),
    revocation: RevocationSchema.nullable(),
    issuedTo: z.string().openapi({ description: 'The holder’s organisation.' }),
  })
  .openapi('CertificateStatus');

export const VerdictSchema = z
  .object({
    verdict: z.enum(['valid', 'revoked', 'forged', 'altered', 'malformed', 'unknown']).openapi({
      description:
        '`valid`: signed by the network and not revoked here; `revoked`; `forged`: no published key signed it (or its signed part changed); `altered`: the signature holds but the readable copy differs; `malformed`: not a certificate; `unknown`: signed by the network but not on record here.',
    }),
    id: z.string().optional(),
    kid: z.string().optional(),
    revocation: RevocationSchema.optional(),
  })
  .openapi('CertificateVerdict');
