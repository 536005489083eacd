import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { sendKeptFile } from '../http/conditional.js';
import { refusalPage, type PageOptions } from '../web/page-responses.js';
import type { ObservatoryReportService } from './observatory-report.service.js';

/** Ten minutes: the figures change as incidents are reported; a changed report has another ETag. */
const MAX_AGE = 600;

/** Where the yearly report of `year` is, in `lang` (the observatory page links it). */
export const observatoryReportPath = (lang: string, year: number) => `/${lang}/observatory/report/${year}.pdf`;

/** `GET /{lang}/observatory/report/{year}.pdf`: public, as the figures it holds. */
export function observatoryReportRoutes(reports: ObservatoryReportService, options: PageOptions): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/:lang/observatory/report/:file{[0-9]{4}\\.pdf}', (c) => sendReport(c, reports).catch((error: unknown) => refusalPage(c, options, error)));
  return routes;
}

async function sendReport(c: Context<AppEnv>, reports: ObservatoryReportService): Promise<Response> {
  const year = Number((c.req.param('file') ?? '').slice(0, 4));
  const file = await reports.report(year, c.get('lang'));
  return sendKeptFile(c, file, { cacheControl: `public, max-age=${MAX_AGE}`, contentType: 'application/pdf', filename: `observatory-report-${year}-${c.get('lang')}.pdf` });
}
