import { z } from '@hono/zod-openapi';
import { CHECK_STATES } from './due-diligence-check.js';
import { LOT_OUTCOMES, LOT_STATES, PROVENANCE_GAPS, TEXT_RULES } from './lot.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const YEAR = z.number().int().min(-10_000).max(2_100);
const SIZE = z.number().positive().max(100_000);

export const LotFieldsSchema = z
  .object({
    reference: text(100).optional().openapi({ description: 'The lot’s number in the catalogue.', example: '12' }),
    title: text(500).optional().openapi({ example: 'Portrait of a bearded man' }),
    maker: text(300).optional().openapi({ example: 'Jan van Dijck' }),
    inventoryNumbers: z.array(text(100)).max(20).optional().openapi({ description: 'Inventory or other numbers seen on the object or in its papers; compared without case, spaces or punctuation.', example: ['MU 1987.12'] }),
    objectType: text(200).optional().openapi({ example: 'painting' }),
    material: text(200).optional().openapi({ example: 'oil on panel' }),
    period: z.object({ from: YEAR, to: YEAR }).strict().refine((period) => period.from <= period.to, { message: 'from must not be after to', path: ['to'] }).optional().openapi({ description: 'Years; negative years are BCE.' }),
    dating: text(200).optional(),
    originCountry: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code').optional().openapi({ example: 'NL' }),
    valueEur: z.number().min(0).max(1e12).optional(),
    measurements: z.object({ height: SIZE.optional(), width: SIZE.optional(), depth: SIZE.optional(), weight: SIZE.optional() }).strict().optional().openapi({ description: 'Centimetres (height, width, depth) and kilograms (weight).' }),
    provenance: text(10_000).optional(),
    description: text(10_000).optional(),
    images: z.array(text(300)).max(10).optional().openapi({ description: 'File names of the lot’s photos (in a multipart upload).' }),
  })
  .strict()
  .openapi('DueDiligenceLotFields');

export const MAX_JSON_LOTS = 1_000;
export const CheckRequestSchema = z
  .object({ lots: z.array(LotFieldsSchema).min(1).max(MAX_JSON_LOTS) })
  .strict()
  .openapi('DueDiligenceCheckRequest', { description: `Up to ${MAX_JSON_LOTS} lots without photos; send photos and whole catalogues as multipart/form-data.` });

const RegistryStateSchema = z.object({ objects: z.number().int(), alerts: z.number().int(), photos: z.number().int(), version: z.string(), at: z.string() }).openapi('DueDiligenceRegistryState', {
  description: 'What the lots were screened against, as the requester could see it: objects reported stolen or missing, those on the public alert list, indexed photos, and the registry version.',
});

export const CheckSchema = z
  .object({
    id: z.string(),
    organisation: z.object({ slug: z.string(), name: z.string() }),
    requestedBy: z.string(),
    createdAt: z.string(),
    source: z.string().openapi({ description: '`form` for one object, else the catalogue’s format.' }),
    filename: z.string().nullable(),
    state: z.enum(CHECK_STATES),
    error: z.string().nullable(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    registryState: RegistryStateSchema.nullable(),
    progress: z.object({ total: z.number().int(), screened: z.number().int(), broken: z.number().int(), outcomes: z.object({ 'no-match': z.number().int(), possible: z.number().int(), match: z.number().int() }) }),
    links: z.object({ page: z.string(), self: z.string() }),
  })
  .openapi('DueDiligenceCheck');

const candidate = { objectId: z.string(), title: z.string(), status: z.string(), verdict: z.enum(['match', 'possible']), score: z.number() };
export const LotSchema = z
  .object({
    id: z.number().int(),
    position: z.number().int().openapi({ description: 'The line (CSV) or record number in the catalogue.' }),
    state: z.enum(LOT_STATES),
    fields: LotFieldsSchema,
    photos: z.array(z.object({ name: z.string(), sha256: z.string(), url: z.string() })),
    error: z.string().nullable(),
    outcome: z.enum(LOT_OUTCOMES).nullable(),
    evidence: z
      .object({
        text: z.array(z.object({ ...candidate, rules: z.array(z.object({ rule: z.enum(TEXT_RULES), detail: z.string(), weight: z.number() })) })),
        photos: z.array(z.object({ ...candidate, inliers: z.number().int(), photo: z.string(), evidenceUrl: z.string() })),
        categories: z.array(z.object({ listSlug: z.string(), edition: z.number().int(), categoryId: z.string(), name: z.record(z.string(), z.string()), score: z.number() })),
        thresholds: z.array(z.object({ rule: z.enum(['eu-import-licence', 'eu-importer-statement']), applies: z.enum(['yes', 'unknown']) })),
        provenance: z.array(z.enum(PROVENANCE_GAPS)),
        photoErrors: z.array(z.object({ photo: z.string(), error: z.string() })),
      })
      .nullable(),
    screenedAt: z.string().nullable(),
  })
  .openapi('DueDiligenceLot');

export const CheckWithLotsSchema = CheckSchema.extend({ lots: z.array(LotSchema) }).openapi('DueDiligenceCheckWithLots');
export const CheckListSchema = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(CheckSchema) }).openapi('DueDiligenceCheckList');
export const IdParamSchema = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'k3m9x2q7w4z8r1t5' }) });
export const PageQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).optional() });
