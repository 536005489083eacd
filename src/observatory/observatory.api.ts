import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { JSONValue } from 'hono/utils/types';
import type { AppEnv } from '../http/env.js';
import { DEFAULT_LANG, type Lang } from '../i18n/languages.js';
import type { ObservatoryChartId } from './observatory-figures.js';
import { createApiRouter, problemResponse } from '../http/openapi.js';
import { linksFor } from '../interop/base-url.js';
import { CSV_MEDIA_TYPE, chartsCsv, datasetJsonLd, JSON_LD_MEDIA_TYPE, OBSERVATORY_LICENCE, openDataPaths } from './observatory-open-data.js';
import { ChartParamSchema, ObservatoryChartSchema, ObservatoryQuerySchema, ObservatoryYearSchema, YearParamSchema, YearQuerySchema } from './observatory.schemas.js';
import type { ObservatoryService } from './observatory.service.js';

const TAG = 'Observatory';
const PUBLIC_FIGURES =
  'Counts cover every incident, private ones included. Without a token of an investigator or admin they are published: only groups of at least 5 similar objects are added up, each rounded to a multiple of 5; a category without such a group is left out of the rows, and a total under 5 is `{ "fewerThan": 5 }`. Licence CC BY 4.0.';
const badFilter = problemResponse('A bad filter, named: unknown country, region, type, status or measure, a year that is not one, `from` after `to`.');

const getChart = createRoute({
  method: 'get',
  path: openDataPaths.chart('{chart}'),
  operationId: 'getObservatoryChart',
  tags: [TAG],
  summary: 'One chart of the observatory',
  description: `Objects reported, recovered or sighted broken down by the chart's dimension, with the filters. ${PUBLIC_FIGURES}`,
  request: { params: ChartParamSchema, query: ObservatoryQuerySchema },
  responses: { 200: { description: 'The chart.', content: { 'application/json': { schema: ObservatoryChartSchema } } }, 400: badFilter },
});

const getChartCsv = createRoute({
  method: 'get',
  path: openDataPaths.chartCsv('{chart}'),
  operationId: 'getObservatoryChartCsv',
  tags: [TAG],
  summary: 'One chart of the observatory as CSV',
  description: `The same numbers as the JSON: columns chart, measure, key, label, from, to, count (\`<5\` when suppressed), exact, updated_at; a \`total\` row last. ${PUBLIC_FIGURES}`,
  request: { params: ChartParamSchema, query: ObservatoryQuerySchema },
  responses: { 200: { description: 'The chart’s rows.', content: { 'text/csv': { schema: z.string() } } }, 400: badFilter },
});

const describeDataset = createRoute({
  method: 'get',
  path: openDataPaths.dataset,
  operationId: 'describeObservatoryDataset',
  tags: [TAG],
  summary: 'The observatory’s dataset described in DCAT (JSON-LD)',
  description: 'Title and description in French, English and Spanish, licence (CC BY 4.0), last change, publisher, and a distribution for each chart (JSON, CSV) and each year’s complete file.',
  responses: {
    200: { description: 'A `dcat:Dataset`.', content: { 'application/ld+json': { schema: z.object({}).passthrough() } } },
    401: problemResponse('An invalid or expired API token was sent (the description itself is public).'),
  },
});

const getYear = createRoute({
  method: 'get',
  path: openDataPaths.year('{year}'),
  operationId: 'getObservatoryYear',
  tags: [TAG],
  summary: 'The complete public dataset of one year',
  description: 'Every chart of the year, for each measure, as the public sees it (whoever asks).',
  request: { params: YearParamSchema, query: YearQuerySchema },
  responses: { 200: { description: 'The year’s charts.', content: { 'application/json': { schema: ObservatoryYearSchema } } }, 400: problemResponse('Not a year.') },
});

const getYearCsv = createRoute({
  method: 'get',
  path: openDataPaths.yearCsv('{year}'),
  operationId: 'getObservatoryYearCsv',
  tags: [TAG],
  summary: 'The complete public dataset of one year as one CSV',
  description: 'Every chart of the year in one file, told apart by the `chart` and `measure` columns; suppressed counts written `<5`.',
  request: { params: YearParamSchema, query: YearQuerySchema },
  responses: { 200: { description: 'The year’s rows.', content: { 'text/csv': { schema: z.string() } } }, 400: problemResponse('Not a year.') },
});

function csv(c: Context<AppEnv>, text: string, filename: string): Response {
  return c.body(text, 200, { 'Content-Type': CSV_MEDIA_TYPE, 'Content-Disposition': `attachment; filename="${filename}"` });
}

/** The observatory's open data: charts (JSON, CSV), yearly files and the DCAT description. `apiBase` makes its URLs absolute. */
export function observatoryApi(observatory: ObservatoryService, apiBase: string) {
  const chartOf = async (c: Context<AppEnv>, chart: ObservatoryChartId, { lang, ...query }: z.infer<typeof ObservatoryQuerySchema>) =>
    observatory.chart(chart, observatory.filtersFromQuery(query), c.get('principal'), lang ?? DEFAULT_LANG);
  const yearOf = (year: string, lang: Lang | undefined) => observatory.datasetForYear(Number(year), lang ?? DEFAULT_LANG);
  return createApiRouter()
    .openapi(getChart, async (c) => c.json(await chartOf(c, c.req.valid('param').chart, c.req.valid('query')), 200))
    .openapi(getChartCsv, async (c) => {
      const { chart } = c.req.valid('param');
      return csv(c, chartsCsv([await chartOf(c, chart, c.req.valid('query'))]), `egide-observatory-${chart}.csv`);
    })
    .openapi(describeDataset, async (c) => {
      const document = datasetJsonLd(`${linksFor(c).base}${apiBase}`, await observatory.updatedAt(), await observatory.years());
      return c.json(document as Record<string, JSONValue>, 200, { 'Content-Type': JSON_LD_MEDIA_TYPE });
    })
    .openapi(getYear, async (c) => {
      const { year } = c.req.valid('param');
      const charts = await yearOf(year, c.req.valid('query').lang);
      return c.json({ year: Number(year), license: OBSERVATORY_LICENCE, updatedAt: await observatory.updatedAt(), charts }, 200);
    })
    .openapi(getYearCsv, async (c) => {
      const { year } = c.req.valid('param');
      return csv(c, chartsCsv(await yearOf(year, c.req.valid('query').lang)), `egide-observatory-${year}.csv`);
    });
}
