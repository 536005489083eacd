import { z } from '@hono/zod-openapi';
import { LANGUAGES } from '../i18n/languages.js';
import { OBSERVATORY_CHARTS, OBSERVATORY_MEASURES } from './observatory-figures.js';
import { OBSERVATORY_STATUSES } from './observatory-filters.js';

/**
 * The filters stay strings here: observatory-filters.ts checks them (countries, regions, types) and
 * names the parameter in its 400, as the pages do.
 */
export const ObservatoryQuerySchema = z.object({
  from: z.string().optional().openapi({ description: 'First year included (incident, recovery or sighting year).', example: '2020' }),
  to: z.string().optional().openapi({ description: 'Last year included; not before `from`.', example: '2025' }),
  region: z.string().optional().openapi({ description: 'A UN M49 region code (`150` Europe, `002` Africa…).', example: '150' }),
  country: z.string().optional().openapi({ description: 'An ISO 3166-1 alpha-2 code (within `region` when both are given).', example: 'FR' }),
  type: z.string().optional().openapi({ description: 'A key of the object-type vocabulary; narrower types are included.', example: 'paintings' }),
  status: z.string().optional().openapi({ description: `The objects' current status: ${OBSERVATORY_STATUSES.join(', ')}.` }),
  measure: z.string().optional().openapi({ description: `What is counted: ${OBSERVATORY_MEASURES.join(', ')} (flows always count sightings, outcomes reports).` }),
  lang: z.enum(LANGUAGES).optional().openapi({ description: 'Language of the labels (default en).' }),
});

export const ChartParamSchema = z.object({ chart: z.enum(OBSERVATORY_CHARTS).openapi({ param: { name: 'chart', in: 'path' }, example: 'by-country' }) });

export const YearParamSchema = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, 'a year such as 2025')
    .openapi({ param: { name: 'year', in: 'path' }, example: '2025' }),
});

export const YearQuerySchema = z.object({ lang: z.enum(LANGUAGES).optional().openapi({ description: 'Language of the labels (default en).' }) });

const PublishedCountSchema = z
  .union([z.object({ value: z.number().int() }), z.object({ fewerThan: z.number().int() })])
  .openapi('PublishedCount', { description: 'A count; `{ fewerThan: 5 }` when suppressed (public figures only).' });

export const ObservatoryChartSchema = z
  .object({
    chart: z.enum(OBSERVATORY_CHARTS),
    measure: z.enum(OBSERVATORY_MEASURES),
    filters: z.record(z.string(), z.union([z.string(), z.number()])),
    rows: z.array(
      z.object({
        key: z.string().openapi({ description: 'Country, region, year, `YYYY-MM`, vocabulary key, period, place kind, method, `FR>DE` for a flow; `other` merges the public cells under 5.' }),
        label: z.string(),
        count: PublishedCountSchema,
        from: z.string().optional(),
        to: z.string().optional(),
      }),
    ),
    total: PublishedCountSchema,
    exact: z.boolean().openapi({ description: 'True for investigators and admins, who see exact counts.' }),
    outcome: z.object({ shareRecovered: z.number().nullable(), medianDaysToRecovery: z.number().nullable() }).optional(),
    updatedAt: z.string(),
  })
  .openapi('ObservatoryChart');

export const ObservatoryYearSchema = z
  .object({ year: z.number().int(), license: z.string(), updatedAt: z.string(), charts: z.array(ObservatoryChartSchema) })
  .openapi('ObservatoryYear');
