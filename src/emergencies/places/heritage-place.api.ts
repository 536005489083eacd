import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { readFile } from 'node:fs/promises';
import { DomainError, invalid } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { fieldIssues, problem } from '../../http/problem.js';
import { createApiRouter, jsonBodyOnly, problemResponse } from '../../http/openapi.js';
import { requireRole } from '../../http/require-role.js';
import { readMultipartUpload, UploadTooLargeError } from '../../identify/multipart-upload.js';
import { MAX_PHOTO_BYTES } from '../../registry/photos/photo-image.js';
import type { Principal } from '../../roles.js';
import { HERITAGE_API, IDEMPOTENCY_HEADER } from '../heritage-place-contract.js';
import { PLACE_WRITERS } from './heritage-place-access.js';
import {
  AssessmentListSchema,
  AssessmentResultSchema,
  AssessmentSubmissionSchema,
  PlaceIdParamSchema,
  PlaceInputSchema,
  PlaceListQuerySchema,
  PlaceListSchema,
  PlaceSchema,
} from './heritage-place.schemas.js';
import { PlaceVersionConflict, type AssessmentResult, type HeritagePlaceService, type PlaceView, type SubmittedPhoto } from './heritage-place.service.js';

const TAG = 'Heritage places';
/** Photos an assessment carries: a phone's visit rarely takes more, and the offline queue sends each assessment whole. */
export const MAX_ASSESSMENT_PHOTOS = 20;
const MAX_ASSESSMENT_BYTES = MAX_ASSESSMENT_PHOTOS * MAX_PHOTO_BYTES + 256 * 1024;

const writers = { middleware: [requireRole(...PLACE_WRITERS)], security: [{ bearerAuth: [] }] };
const auth = { 401: problemResponse('No or invalid API token.'), 403: problemResponse('Not a heritage assessor or admin, or a registrar for a place other than their museum.') };
const ETAG = { ETag: { description: 'The place’s version, for If-Match.', schema: { type: 'string' as const } } };

/** POST …/heritage-places/{id}/assessments: photos make it larger than the app's general body limit (it has its own, after the role check). */
export function isHeritageAssessmentUpload(method: string, path: string, apiBase: string): boolean {
  return method === 'POST' && new RegExp(`^${apiBase}/heritage-places/[^/]+/assessments$`).test(path);
}

const listPlaces = createRoute({
  method: 'get',
  path: HERITAGE_API.places,
  operationId: 'listHeritagePlaces',
  tags: [TAG],
  summary: 'Heritage places at risk',
  description:
    'Filtered by country, kind, latest condition and a box. A sensitive place (by default an archaeological site) comes with its exact geometry only to admins, investigators, heritage assessors and its responsible organisation; ' +
    'anyone else gets its `region` (whole degrees) and no geometry, and a box matches it by that region.',
  request: { query: PlaceListQuerySchema },
  responses: { 200: { description: 'A page of places.', content: { 'application/json': { schema: PlaceListSchema } } }, 400: problemResponse('An invalid filter, named.') },
});

const createPlace = createRoute({
  method: 'post',
  path: HERITAGE_API.places,
  operationId: 'createHeritagePlace',
  tags: [TAG],
  summary: 'Record a heritage place (heritage assessor, admin, registrar for their museum)',
  description: 'The geometry is checked (ranges, closed rings, no self-intersection, holes inside): each problem named by its position (`geometry.coordinates[0][3]`).',
  ...writers,
  middleware: [...writers.middleware, jsonBodyOnly],
  request: { body: { content: { 'application/json': { schema: PlaceInputSchema } }, required: true } },
  responses: {
    201: { description: 'The place.', headers: { ...ETAG, Location: { description: 'The place.', schema: { type: 'string' as const } } }, content: { 'application/json': { schema: PlaceSchema } } },
    400: problemResponse('An invalid field, named (the geometry by position).'),
    ...auth,
    415: problemResponse('Not JSON.'),
  },
});

const getPlace = createRoute({
  method: 'get',
  path: '/heritage-places/{id}',
  operationId: 'getHeritagePlace',
  tags: [TAG],
  summary: 'A heritage place',
  description: 'With its latest assessment. Positions as in the list.',
  request: { params: PlaceIdParamSchema },
  responses: { 200: { description: 'The place.', headers: ETAG, content: { 'application/json': { schema: PlaceSchema } } }, 404: problemResponse('No such place.') },
});

const updatePlace = createRoute({
  method: 'put',
  path: '/heritage-places/{id}',
  operationId: 'updateHeritagePlace',
  tags: [TAG],
  summary: 'Edit a heritage place (If-Match required)',
  description: 'The whole place, as created. Send the ETag you read as If-Match: if someone changed the place since, the edit is refused with 412 and nothing is lost.',
  ...writers,
  middleware: [...writers.middleware, jsonBodyOnly],
  request: {
    params: PlaceIdParamSchema,
    headers: z.object({ 'if-match': z.string().optional().openapi({ description: 'The ETag of the version being edited.' }) }),
    body: { content: { 'application/json': { schema: PlaceInputSchema } }, required: true },
  },
  responses: {
    200: { description: 'The place.', headers: ETAG, content: { 'application/json': { schema: PlaceSchema } } },
    400: problemResponse('An invalid field, named.'),
    ...auth,
    404: problemResponse('No such place.'),
    412: problemResponse('The place changed since the ETag was read (the current one is in ETag).'),
    415: problemResponse('Not JSON.'),
    428: problemResponse('If-Match is missing.'),
  },
});

const listAssessments = createRoute({
  method: 'get',
  path: '/heritage-places/{id}/assessments',
  operationId: 'listHeritageAssessments',
  tags: [TAG],
  summary: 'The assessments of a place',
  description: 'Latest visit first. For a sensitive place, recommendations, notes and photos taken with a position are for those who see its position.',
  request: { params: PlaceIdParamSchema },
  responses: { 200: { description: 'The assessments.', content: { 'application/json': { schema: AssessmentListSchema } } }, 404: problemResponse('No such place.') },
});

const multipartSchema = {
  type: 'object' as const,
  required: ['assessment'],
  properties: {
    assessment: { type: 'string' as const, description: 'The AssessmentSubmission as JSON.' },
    photos: {
      type: 'array' as const,
      items: { type: 'string' as const, format: 'binary' },
      maxItems: MAX_ASSESSMENT_PHOTOS,
      description: `Photos, in the order of \`photoPositions\` (up to ${MAX_ASSESSMENT_PHOTOS}, the field repeated; JPEG, PNG, WebP, TIFF or AVIF, ${MAX_PHOTO_BYTES / 1_000_000} MB each). Their metadata is removed.`,
    },
  },
};

const createAssessment = createRoute({
  method: 'post',
  path: '/heritage-places/{id}/assessments',
  operationId: 'createHeritageAssessment',
  tags: [TAG],
  summary: 'Record an assessment of a place (heritage assessor, admin, registrar for their museum)',
  description:
    'Signed with the caller’s name and organisation, now; never changed afterwards (a correction is a new assessment). JSON, or multipart/form-data with the JSON in the part `assessment` and photos as `photos` parts. ' +
    `With \`${IDEMPOTENCY_HEADER}\` (a UUID made on the phone), sending the same assessment again returns the one already made, with 200. ` +
    'A `placeVersion` other than the place’s current one still saves the assessment; the answer carries `conflict`. A photo without a position is kept, with a warning.',
  ...writers,
  middleware: [
    ...writers.middleware,
    bodyLimit({ maxSize: MAX_ASSESSMENT_BYTES, onError: (c) => problem(c, 413, `The assessment is larger than ${Math.round(MAX_ASSESSMENT_BYTES / 1_000_000)} MB (${MAX_ASSESSMENT_PHOTOS} photos of ${MAX_PHOTO_BYTES / 1_000_000} MB at most).`) }),
  ],
  request: {
    params: PlaceIdParamSchema,
    headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional().openapi({ description: 'A key made by the client for this submission (a UUID).' }) }),
    body: { content: { 'application/json': { schema: AssessmentSubmissionSchema }, 'multipart/form-data': { schema: multipartSchema } } },
  },
  responses: {
    201: { description: 'The assessment.', content: { 'application/json': { schema: AssessmentResultSchema } } },
    200: { description: 'Sent before with this Idempotency-Key: the assessment made then.', content: { 'application/json': { schema: AssessmentResultSchema } } },
    400: problemResponse('An invalid field, named (`assessment.assessedOn` in the future or before the place’s record, `photos[1]` not an image).'),
    ...auth,
    404: problemResponse('No such place.'),
    413: problemResponse('Larger than the limit.'),
    415: problemResponse('Neither JSON nor multipart/form-data.'),
  },
});

const actor = (c: Context<AppEnv>): Principal => c.get('principal')!;

function sendPlace<S extends 200 | 201>(c: Context<AppEnv>, view: PlaceView, status: S) {
  c.header('ETag', `"v${view.version}"`);
  if (status === 201) c.header('Location', `/api/v1${HERITAGE_API.place(view.id)}`);
  return c.json(view, status);
}

/** `"v3"` → 3; a weak or foreign tag matches nothing (412), as the registry's If-Match. */
function ifMatchVersion(header: string | undefined): number {
  if (!header) throw new DomainError('precondition-required', 'Send the ETag you read as If-Match, so that concurrent edits are never lost.');
  const match = /^"v(\d+)"$/.exec(header.trim());
  if (!match) throw new DomainError('precondition-failed', `If-Match ${header} is not a current ETag of this place.`);
  return Number(match[1]);
}

const isJson = (contentType: string | undefined) => /^application\/([\w.+-]+\+)?json\b/i.test(contentType ?? '');

/** The submission and photos of a multipart body: the JSON part validated as the JSON body would be, with `assessment.` before each field. */
async function readAssessmentUpload(c: Context<AppEnv>): Promise<{ submission: unknown; photos: SubmittedPhoto[] }> {
  if (Number(c.req.header('Content-Length') ?? 0) > MAX_ASSESSMENT_BYTES) throw new UploadTooLargeError(MAX_ASSESSMENT_BYTES);
  const upload = await readMultipartUpload(c.req.raw.body, c.req.header('Content-Type') ?? '', { fileFields: ['photos'], maxBytes: MAX_ASSESSMENT_BYTES, maxFilesPerField: MAX_ASSESSMENT_PHOTOS });
  try {
    const text = upload.fields['assessment'];
    if (text === undefined) throw invalid('The part `assessment` (the assessment as JSON) is missing.', [{ field: 'assessment', message: 'missing' }]);
    let submission: unknown;
    try {
      submission = JSON.parse(text);
    } catch {
      throw invalid('The part `assessment` is not JSON.', [{ field: 'assessment', message: 'not JSON' }]);
    }
    const files = (upload.fileLists['photos'] ?? []).filter((file) => file.size > 0);
    const photos = await Promise.all(files.map(async (file) => ({ bytes: await readFile(file.path), filename: file.filename })));
    return { submission, photos };
  } finally {
    await upload.discard();
  }
}

function parseSubmission(value: unknown, prefix: string) {
  const parsed = AssessmentSubmissionSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error.issues).map((issue) => ({ ...issue, field: `${prefix}${issue.field}` }));
  throw invalid(`The assessment has ${issues.length} invalid field(s): ${issues.map((i) => i.field).join(', ')}.`, issues);
}

function sendResult(c: Context<AppEnv>, result: AssessmentResult) {
  const { status, ...body } = result;
  return c.json(body, status);
}

export function heritagePlaceApi(places: HeritagePlaceService) {
  return createApiRouter()
    .openapi(listPlaces, async (c) => c.json(await places.list(c.get('principal'), c.req.valid('query')), 200))
    .openapi(createPlace, async (c) => sendPlace(c, await places.create(actor(c), c.req.valid('json')), 201))
    .openapi(getPlace, async (c) => sendPlace(c, await places.get(c.get('principal'), c.req.valid('param').id), 200))
    .openapi(updatePlace, async (c) => {
      const version = ifMatchVersion(c.req.header('If-Match'));
      try {
        return sendPlace(c, await places.update(actor(c), c.req.valid('param').id, c.req.valid('json'), version), 200);
      } catch (error) {
        if (error instanceof PlaceVersionConflict) c.header('ETag', `"v${error.currentVersion}"`);
        throw error;
      }
    })
    .openapi(listAssessments, async (c) => c.json({ items: await places.assessments(c.get('principal'), c.req.valid('param').id) }, 200))
    .openapi(createAssessment, async (c) => {
      const contentType = c.req.header('Content-Type');
      const key = c.req.valid('header')['idempotency-key'];
      const { id } = c.req.valid('param');
      if (isJson(contentType)) {
        // The JSON schema validated it (the route's types leave it out: the multipart body is a plain schema, streamed).
        const submission = (c.req.valid as unknown as (target: 'json') => unknown)('json');
        return sendResult(c, await places.assess(actor(c), id, parseSubmission(submission, ''), [], { idempotencyKey: key }));
      }
      if (!/^multipart\/form-data\b/i.test(contentType ?? '')) throw new HTTPException(415, { message: 'Send the assessment as JSON, or as multipart/form-data with the JSON in the part "assessment" and the photos as "photos" parts.' });
      const upload = await readAssessmentUpload(c).catch((error: unknown) => {
        if (error instanceof UploadTooLargeError) throw new HTTPException(413, { message: `The assessment is larger than ${Math.round(MAX_ASSESSMENT_BYTES / 1_000_000)} MB.` });
        throw error;
      });
      return sendResult(c, await places.assess(actor(c), id, parseSubmission(upload.submission, 'assessment.'), upload.photos, { idempotencyKey: key }));
    });
}
