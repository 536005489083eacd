import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { refusalPage, type PageOptions } from '../../web/page-responses.js';
import { renderCheckReport } from './check-report.js';
import type { CustomsCheckService } from './customs-check.service.js';

/**
 * `/{lang}/customs-check/{id}/report.pdf`: the printable record of a check, for those who see the
 * check (its organisation's people and admins; anyone else gets 404), with its photos and the
 * evidence of its registry matches. Drawn on each request: the decision may come after a first print.
 */
export function checkReportRoutes(checks: Pick<CustomsCheckService, 'get' | 'photo' | 'evidence'>, options: PageOptions): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/:lang/customs-check/:id/report.pdf', async (c) => {
    const principal = c.get('principal');
    try {
      const view = await checks.get(principal, c.req.param('id'));
      const { check } = view;
      const pdf = await renderCheckReport(view, c.get('lang'), {
        photo: (n) => checks.photo(principal, check.id, n, 'display'),
        evidence: (objectId) => checks.evidence(principal, check.id, objectId),
      });
      c.header('Content-Type', 'application/pdf');
      c.header('Content-Disposition', `inline; filename="customs-check-${check.id}.pdf"`);
      return c.body(new Uint8Array(pdf), 200);
    } catch (error) {
      return refusalPage(c, options, error);
    }
  });
}
