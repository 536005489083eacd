import { z } from '@hono/zod-openapi';
import { COUNTRY_CODES } from '../../registry/object.components.js';
import {
  ACTION_PRIORITIES,
  ASSESSMENT_PHASES,
  CONDITIONS,
  DAMAGE_EXTENTS,
  HERITAGE_PLACE_KINDS,
  LOCATION_CERTAINTIES,
  THREAT_CATEGORIES,
  THREAT_PROBABILITIES,
} from '../heritage-place-contract.js';
import { PROTECTIONS } from '../protection.js';

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** The earliest and latest years a period may name: prehistoric sites go back this far, and nothing is dated in the future's far. */
const YEAR = z.number().int().min(-100_000).max(2_100);

export const NamesSchema = z
  .record(z.string().regex(LANGUAGE_TAG, 'a language tag such as fr, ar or es-419'), z.string().trim().min(1).max(300))
  .refine((names) => Object.keys(names).length > 0, 'Give the place’s name in at least one language.')
  .openapi({ description: 'The place’s names by language tag (`{ "ar": "تدمر", "en": "Palmyra" }`).', example: { en: 'Palmyra', ar: 'تدمر' } });

export const CountrySchema = z
  .string()
  .transform((code) => code.toUpperCase())
  .refine((code) => COUNTRY_CODES.includes(code), 'an ISO 3166-1 alpha-2 code such as SY')
  .openapi({ type: 'string', example: 'SY' });

export const GeometrySchema = z
  .object({
    type: z.enum(['Point', 'Polygon', 'MultiPolygon']),
    coordinates: z.array(z.unknown()),
  })
  .openapi('PlaceGeometry', {
    description:
      'GeoJSON (RFC 7946, `[longitude, latitude]` in WGS 84): a Point, or a Polygon or MultiPolygon whose rings are closed, have at least 4 positions, do not cross themselves, and whose holes lie inside their outline. ' +
      'Each problem is named by its position (`geometry.coordinates[0][3]`).',
  });

const PeriodSchema = z
  .object({
    text: z.string().trim().min(1).max(300).optional().openapi({ example: 'Roman, 1st–3rd century' }),
    earliestYear: YEAR.optional().openapi({ description: 'Years before the common era are negative.', example: 1 }),
    latestYear: YEAR.optional().openapi({ example: 300 }),
  })
  .refine((p) => p.earliestYear === undefined || p.latestYear === undefined || p.earliestYear <= p.latestYear, { message: 'earliestYear is after latestYear', path: ['earliestYear'] });

const ProtectionSchema = z.enum(PROTECTIONS).openapi({
  description:
    'Its protection under the 1954 Hague Convention, as the no-strike lists give it: `general` (the Blue Shield emblem), `special` (International Register), `enhanced` (Second Protocol, 1999), or `none` recorded.',
});

export const PlaceInputSchema = z
  .object({
    names: NamesSchema,
    kind: z.enum(HERITAGE_PLACE_KINDS),
    geometry: GeometrySchema,
    locationCertainty: z.enum(LOCATION_CERTAINTIES).default('exact'),
    country: CountrySchema,
    period: PeriodSchema.optional(),
    culturalAffiliation: z.string().trim().min(1).max(300).optional().openapi({ example: 'Roman, Palmyrene' }),
    organisation: z
      .string()
      .max(100)
      .optional()
      .openapi({ description: 'The responsible organisation’s slug (for a museum, the museum). A registrar’s museum place defaults to their museum.', example: 'national-museum-damascus' }),
    description: z.string().trim().max(10_000).optional(),
    sensitive: z
      .boolean()
      .optional()
      .openapi({ description: 'Whether its exact position is withheld from the public (who see a 1° region). By default true for archaeological sites, false otherwise.' }),
    protection: ProtectionSchema.default('none'),
  })
  .openapi('HeritagePlaceInput');
export type PlaceInput = z.infer<typeof PlaceInputSchema>;

export const RegionSchema = z
  .object({ west: z.number().int(), south: z.number().int(), east: z.number().int(), north: z.number().int() })
  .openapi('GeneralisedRegion', { description: 'The whole-degree box (cells of a 1° grid) that contains the place: all the public sees of a sensitive place’s position.' });

const BoundingBoxSchema = z.object({ minLon: z.number(), minLat: z.number(), maxLon: z.number(), maxLat: z.number() });
const OrganisationRefSchema = z.object({ slug: z.string(), name: z.string() });

const ThreatSchema = z.object({
  category: z.enum(THREAT_CATEGORIES),
  type: z.string().trim().min(1).max(200).openapi({ example: 'illegal digging' }),
  probability: z.enum(THREAT_PROBABILITIES),
});

const PositionSchema = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });

export const AssessmentSubmissionSchema = z
  .object({
    assessedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').openapi({ example: '2026-03-14' }),
    phase: z.enum(ASSESSMENT_PHASES),
    condition: z.enum(CONDITIONS),
    damageExtent: z.enum(DAMAGE_EXTENTS),
    threats: z.array(ThreatSchema).max(50),
    recommendation: z.string().trim().max(10_000),
    priority: z.enum(ACTION_PRIORITIES),
    notes: z.string().trim().max(10_000).optional(),
    placeVersion: z.number().int().min(1).optional().openapi({ description: 'The place’s version the assessor saw: if it changed since, the assessment is saved all the same and the answer says so (`conflict`).' }),
    photoPositions: z.array(PositionSchema.nullable()).max(20).optional().openapi({ description: 'Where each photo was taken, in the order of the `photos` parts; null (or missing) keeps the photo with a warning.' }),
  })
  .openapi('AssessmentSubmission');
export type AssessmentSubmissionInput = z.infer<typeof AssessmentSubmissionSchema>;

const AssessmentPhotoSchema = z.object({
  id: z.string(),
  url: z.string(),
  thumbnailUrl: z.string(),
  position: PositionSchema.nullable().optional().openapi({ description: 'Where it was taken; only for those who see the place’s exact position.' }),
});

export const AssessmentSchema = z
  .object({
    id: z.string(),
    placeId: z.string(),
    assessedOn: z.string(),
    phase: z.enum(ASSESSMENT_PHASES),
    condition: z.enum(CONDITIONS),
    damageExtent: z.enum(DAMAGE_EXTENTS),
    threats: z.array(ThreatSchema),
    recommendation: z.string().optional().openapi({ description: 'Withheld from the public for a sensitive place, as the notes.' }),
    priority: z.enum(ACTION_PRIORITIES),
    notes: z.string().optional(),
    signed: z.object({
      by: z.string().optional().openapi({ description: 'The assessor’s name: for signed-in callers.' }),
      organisation: z.string(),
      at: z.string(),
    }),
    placeVersion: z.number().int().describe('The place’s version when the assessment was saved.'),
    photos: z.array(AssessmentPhotoSchema),
  })
  .openapi('HeritageAssessment');

export const PlaceSchema = z
  .object({
    id: z.string(),
    names: z.record(z.string(), z.string()),
    kind: z.enum(HERITAGE_PLACE_KINDS),
    country: z.string(),
    locationCertainty: z.enum(LOCATION_CERTAINTIES),
    period: z.object({ text: z.string().optional(), earliestYear: z.number().int().optional(), latestYear: z.number().int().optional() }).nullable(),
    culturalAffiliation: z.string().nullable(),
    organisation: OrganisationRefSchema.nullable(),
    description: z.string().nullable(),
    sensitive: z.boolean(),
    protection: ProtectionSchema.optional().openapi({ description: 'Its protection under the 1954 Hague Convention: only for those who see its exact position (as the no-strike lists).' }),
    position: z.enum(['exact', 'generalised']).describe('`generalised`: the caller sees the region only, no geometry.'),
    geometry: GeometrySchema.optional(),
    bbox: BoundingBoxSchema.optional(),
    region: RegionSchema,
    latestAssessment: AssessmentSchema.nullable(),
    canEdit: z.boolean().describe('Whether the caller may edit the place and assess it.'),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('HeritagePlace');

export const PlaceListSchema = z.object({ items: z.array(PlaceSchema), total: z.number().int() }).openapi('HeritagePlaceList');

export const AssessmentListSchema = z.object({ items: z.array(AssessmentSchema) }).openapi('HeritageAssessmentList');

export const AssessmentResultSchema = z
  .object({
    assessment: AssessmentSchema,
    placeVersion: z.number().int().describe('The place’s current version.'),
    conflict: z.object({ placeVersion: z.number().int(), seenVersion: z.number().int() }).optional().describe('The place changed after the assessor saw it (`seenVersion`): the assessment is saved; review the place.'),
    warnings: z.array(z.object({ field: z.string(), message: z.string() })),
  })
  .openapi('HeritageAssessmentResult');

const BBOX = /^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/;

export const PlaceListQuerySchema = z.object({
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as SY')
    .transform((code) => code.toUpperCase())
    .optional(),
  kind: z.enum(HERITAGE_PLACE_KINDS).optional(),
  condition: z.enum(CONDITIONS).optional().openapi({ description: 'The condition of the latest assessment.' }),
  bbox: z
    .string()
    .regex(BBOX, 'west,south,east,north in decimal degrees')
    .transform((value) => value.split(',').map(Number) as [number, number, number, number])
    .refine(([w, s, e, n]) => w >= -180 && e <= 180 && s >= -90 && n <= 90 && w <= e && s <= n, 'west ≤ east within −180…180, south ≤ north within −90…90')
    .optional()
    .openapi({ type: 'string', description: 'Places meeting this box (`west,south,east,north`). A sensitive place the caller does not see exactly is matched by its 1° region.', example: '35,33,40,37' }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type PlaceListQuery = z.infer<typeof PlaceListQuerySchema>;

export const PlaceIdParamSchema = z.object({ id: z.string().regex(/^[0-9a-z]{16}$/).openapi({ param: { name: 'id', in: 'path' }, example: '0a1b2c3d4e5f6g7h' }) });
