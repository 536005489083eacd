import { z } from '@hono/zod-openapi';
import { COUNTRY_CODES } from '../registry/object.components.js';
import { LanguageMapSchema } from '../registry/object.schemas.js';
import { CONDITIONS, HERITAGE_PLACE_KINDS } from './heritage-place-contract.js';
import { geometryIssues } from './places/geometry.js';
import { PROTECTIONS } from './protection.js';

export const EMERGENCY_KINDS = ['armed-conflict', 'earthquake', 'flood', 'fire', 'storm', 'other'] as const;
export type EmergencyKind = (typeof EMERGENCY_KINDS)[number];
export const EMERGENCY_STATUSES = ['active', 'closed'] as const;
export type EmergencyStatus = (typeof EMERGENCY_STATUSES)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isoDate = z
  .string()
  .regex(DATE, 'a date YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'not a date of the calendar');

const COUNTRIES = new Set(COUNTRY_CODES);

const AreaSchema = z
  .object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) })
  .passthrough()
  .openapi({
    description: 'A GeoJSON Polygon or MultiPolygon ([longitude, latitude], WGS 84): rings closed, not crossing themselves, holes inside their outline. An area across the antimeridian is two polygons.',
    example: { type: 'Polygon', coordinates: [[[36, 33], [39, 33], [39, 36], [36, 36], [36, 33]]] },
  });

export const EmergencyInputSchema = z
  .object({
    kind: z.enum(EMERGENCY_KINDS),
    names: LanguageMapSchema.refine((names) => Object.values(names).some((name) => name.trim() !== ''), 'a name in at least one language'),
    descriptions: LanguageMapSchema.default({}),
    countries: z
      .array(z.string().transform((code) => code.trim().toUpperCase()).refine((code) => COUNTRIES.has(code), 'an ISO 3166-1 alpha-2 code such as SY'))
      .max(300)
      .default([])
      .openapi({ example: ['SY'] }),
    area: AreaSchema.nullable().default(null),
    startsOn: isoDate.openapi({ example: '2026-02-06' }),
    endsOn: isoDate.nullable().default(null),
    status: z.enum(EMERGENCY_STATUSES).default('active'),
  })
  .superRefine((input, context) => {
    if (input.countries.length === 0 && !input.area) context.addIssue({ code: 'custom', path: ['countries'], message: 'countries, an area, or both' });
    if (input.endsOn && input.endsOn < input.startsOn) context.addIssue({ code: 'custom', path: ['endsOn'], message: 'before the start' });
    if (input.area) for (const issue of geometryIssues(input.area, 'area')) context.addIssue({ code: 'custom', path: issue.field.split(/[.[\]]+/).filter(Boolean), message: issue.message });
  })
  .openapi('EmergencyInput');
export type EmergencyInput = z.output<typeof EmergencyInputSchema>;

export const EmergencySchema = z
  .object({
    id: z.string(),
    kind: z.enum(EMERGENCY_KINDS),
    names: z.record(z.string(), z.string()),
    descriptions: z.record(z.string(), z.string()),
    countries: z.array(z.string()),
    area: AreaSchema.nullable(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    status: z.enum(EMERGENCY_STATUSES),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Emergency');

export const EmergencyListSchema = z.object({ items: z.array(EmergencySchema) }).openapi('EmergencyList');

export const EmergencyIdParamSchema = z.object({ id: z.string().min(1).max(40).openapi({ param: { name: 'id', in: 'path' } }) });

export const InsidePlaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(HERITAGE_PLACE_KINDS),
    country: z.string(),
    protection: z.enum(PROTECTIONS),
    latestCondition: z.enum(CONDITIONS).nullable(),
    latestAssessedOn: z.string().nullable(),
    organisation: z.object({ slug: z.string(), name: z.string() }).nullable(),
    /** For those who see positions: the centre of the place; otherwise null and `region` only. */
    position: z.object({ lon: z.number(), lat: z.number() }).nullable(),
    region: z.object({ west: z.number(), south: z.number(), east: z.number(), north: z.number() }),
  })
  .openapi('EmergencyPlace');

export const EmergencySummarySchema = z
  .object({
    emergency: EmergencySchema,
    places: z.object({
      total: z.number().int(),
      assessed: z.number().int(),
      notAssessed: z.number().int(),
      byCondition: z.record(z.enum(CONDITIONS), z.number().int()),
    }),
    museums: z.array(z.object({ slug: z.string(), name: z.string() })),
    objects: z.object({ evacuated: z.number().int(), missing: z.number().int(), found: z.number().int() }),
    items: z.array(InsidePlaceSchema).describe('The places inside, museums first, then by name; at most `limit`.'),
  })
  .openapi('EmergencySummary');

export const SummaryQuerySchema = z.object({
  lang: z.enum(['fr', 'en', 'es']).optional(),
  limit: z.coerce.number().int().min(0).max(5000).default(500),
});

export const NO_STRIKE_FORMATS = ['geojson', 'kml', 'csv'] as const;
export type NoStrikeFormat = (typeof NO_STRIKE_FORMATS)[number];

export const NoStrikeParamsSchema = EmergencyIdParamSchema.extend({
  format: z.enum(NO_STRIKE_FORMATS).openapi({ param: { name: 'format', in: 'path' } }),
});
