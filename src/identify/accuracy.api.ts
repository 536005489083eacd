import { createRoute, z } from '@hono/zod-openapi';
import { createApiRouter, problemResponse } from '../http/openapi.js';
import { ROLES } from '../roles.js';
import type { EvaluationService } from './evaluation/evaluation.service.js';

const TAG = 'Identification';
const range = z.tuple([z.number(), z.number()]);
const share = (description: string) => z.number().min(0).max(1).openapi({ description });
const split = z.object({ count: z.number().int(), rate: share('count ÷ every query'), negatives: z.number().int(), positives: z.number().int() });

const EvaluationReportSchema = z
  .object({
    id: z.string(),
    createdAt: z.string().openapi({ description: 'When it was measured (ISO 8601, UTC).' }),
    version: z.string().openapi({ description: 'Egide’s version that measured it.', example: '0.1.0' }),
    seed: z.number().int().openapi({ description: 'The seed the test photos were drawn from: the same seed on the same registry makes the same photos.' }),
    registry: z.object({
      objects: z.number().int(),
      photographedObjects: z.number().int(),
      photos: z.number().int().openapi({ description: 'Photos indexed for identification: what each test photo was compared with.' }),
    }),
    queries: z.object({
      total: z.number().int(),
      positives: z.number().int().openapi({ description: 'Field photos of registered photos.' }),
      negatives: z.number().int().openapi({ description: 'Field photos of artworks the registry does not hold.' }),
      positiveSource: z.string(),
      negativeSource: z.string(),
      negativesExcluded: z.number().int().openapi({ description: 'Artworks left out because the registry matched their image itself.' }),
      fieldPhotos: z.object({ tiltDegrees: range, rotationDegrees: range, scale: range, hiddenShare: range, jpegQuality: range }).openapi({ description: 'The ranges each field photo is drawn from.' }),
    }),
    settings: z.object({
      engine: z.object({
        maxSide: z.number(),
        queryMaxSide: z.number(),
        referenceFeatures: z.number(),
        queryFeatures: z.number(),
        shortlist: z.number(),
        copyDistance: z.number(),
        matchBucketLevel: z.number(),
      }),
      top: z.number().int(),
      matchInliers: z.number().int(),
      possibleInliers: z.number().int(),
      searchedAs: z.enum(ROLES).openapi({ description: 'The role the registry was searched as: `admin` searches every registered object.' }),
      cores: z.number().int(),
    }),
    results: z.object({
      positives: z.number().int(),
      negatives: z.number().int(),
      recallAt1: share('Positives whose first candidate is the object photographed.'),
      recallAt5: share('Positives with the object photographed among the first five candidates.'),
      falseMatches: split.openapi({ description: 'A `match` verdict for the wrong object: a negative, or a positive matched to another object.' }),
      possible: split.openapi({ description: 'Queries answered `possible`.' }),
      notEnoughDetail: z.number().int(),
      worstNegativeInliers: z.number().int(),
      latencyMs: z.object({ p50: z.number(), p95: z.number() }),
    }),
    durationSeconds: z.number(),
  })
  .openapi('IdentificationAccuracyReport');

const AccuracySchema = z
  .object({
    version: z.string().openapi({ description: 'This server’s Egide version.' }),
    latest: EvaluationReportSchema.nullable().openapi({ description: 'The latest report of this server’s version; null when none was made.' }),
    reports: z.array(EvaluationReportSchema).openapi({ description: 'Reports kept, newest first (50 at most), of every version or of the one asked for.' }),
  })
  .openapi('IdentificationAccuracy');

const accuracyRoute = createRoute({
  method: 'get',
  path: '/identify/accuracy',
  operationId: 'getIdentificationAccuracy',
  tags: [TAG],
  summary: 'How accurate identification is, as measured',
  description:
    'The accuracy reports of `egide identify evaluate`: synthetic field photos of registered photos and of artworks not in the registry, ' +
    'identified one at a time as the server does, and the figures (recall@1 and @5, false matches, `possible` answers, latency) with the data and settings used. Public.',
  request: { query: z.object({ version: z.string().regex(/^[0-9A-Za-z.+-]{1,40}$/).optional().openapi({ description: 'Only the reports of this Egide version.', example: '0.1.0' }) }) },
  responses: {
    200: { description: 'The latest report of this version and the reports kept.', content: { 'application/json': { schema: AccuracySchema } } },
    400: problemResponse('An invalid version.'),
  },
});

/** GET /api/v1/identify/accuracy: what /{lang}/identify/accuracy shows, as JSON. */
export function accuracyApi(evaluations: Pick<EvaluationService, 'latest' | 'list' | 'version'>) {
  return createApiRouter().openapi(accuracyRoute, async (c) => {
    const { version } = c.req.valid('query');
    const [latest, reports] = await Promise.all([evaluations.latest(), evaluations.list(version)]);
    return c.json({ version: evaluations.version, latest: latest ?? null, reports }, 200);
  });
}
