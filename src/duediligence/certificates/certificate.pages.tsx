import { Hono, type Context } from 'hono';
import { DomainError } from '../../errors.js';
import { CSRF_FIELD, isValidCsrf } from '../../http/csrf.js';
import type { AppEnv } from '../../http/env.js';
import { translator } from '../../i18n/i18n.js';
import { linksFor } from '../../interop/base-url.js';
import { pageNumber } from '../../web/pagination.js';
import { forbiddenPage, loginRedirect, refusalPage, renderPage, type PageOptions } from '../../web/page-responses.js';
import type { DueDiligenceService } from '../due-diligence.service.js';
import { MAX_CERTIFICATE_FILE_BYTES } from './certificate.api.js';
import { CertificateListPage, CertificatePage, IssueCertificatePage, VerifyPage } from './certificate.components.js';
import { certificatePath, issueCertificatePath } from './certificate-paths.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import type { CertificateService } from './certificate.service.js';

export interface CertificatePageDeps extends PageOptions {
  certificates: CertificateService;
  /** The due-diligence checks, whose lots are read with the reader's rights. */
  lots: Pick<DueDiligenceService, 'certifiableLot'>;
}

/**
 * The verification pages anyone opens (`/{lang}/verify/{id}` from the QR code, `/{lang}/verify` to
 * upload a file), the holder's certificate pages and PDF, and the form issuing a lot's certificate
 * (linked from the due-diligence check's page).
 */
export function certificatePages(deps: CertificatePageDeps) {
  const { certificates } = deps;
  const lotOf = (c: Context<AppEnv>) => ({ checkId: c.req.param('checkId') ?? '', lotId: Number(c.req.param('lotId')) });
  return new Hono<AppEnv>()
    .get('/:lang/verify', (c) => renderPage(c, deps, (page) => <VerifyPage page={page} />))
    .post('/:lang/verify', async (c) => {
      const t = translator(c.get('lang'));
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, deps);
      const file = form.certificate;
      if (!(file instanceof File) || file.size === 0 || file.size > MAX_CERTIFICATE_FILE_BYTES) {
        return renderPage(c, deps, (page) => <VerifyPage page={page} errors={[{ field: 'certificate', message: t('certificate.verify.required') }]} />, 400);
      }
      const verdict = await certificates.verifyFile(await file.text());
      return renderPage(c, deps, (page) => <VerifyPage page={page} verdict={verdict} />);
    })
    .get('/:lang/verify/:id', async (c) => {
      try {
        const status = await certificates.status(c.req.param('id'));
        return await renderPage(c, deps, (page) => <VerifyPage page={page} status={status} />);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'not-found') return renderPage(c, deps, (page) => <VerifyPage page={page} unknownId />, 404);
        throw error;
      }
    })
    .get('/:lang/certificates', async (c) => {
      if (!c.get('principal')) return loginRedirect(c);
      const found = await certificates.list(c.get('principal'), pageNumber(c.req.query('page')));
      return renderPage(c, deps, (page) => <CertificateListPage page={page} found={found} />);
    })
    .get('/:lang/certificates/:id', async (c) => {
      try {
        const view = await certificates.get(c.get('principal'), c.req.param('id'));
        return await renderPage(c, deps, (page) => <CertificatePage page={page} view={view} withdrawn={c.req.query('withdrawn') !== undefined} />);
      } catch (error) {
        return refusalPage(c, deps, error);
      }
    })
    .get('/:lang/certificates/:id/certificate.pdf', async (c) => {
      try {
        const { certificate } = await certificates.get(c.get('principal'), c.req.param('id'));
        const pdf = await renderCertificatePdf(certificate, c.get('lang'));
        c.header('Content-Type', 'application/pdf');
        c.header('Content-Disposition', `inline; filename="certificate-${certificate.id}.pdf"`);
        return c.body(new Uint8Array(pdf), 200);
      } catch (error) {
        return refusalPage(c, deps, error);
      }
    })
    .post('/:lang/certificates/:id/withdraw', async (c) => {
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, deps);
      const id = c.req.param('id');
      try {
        await certificates.withdraw(c.get('principal'), id);
      } catch (error) {
        // Withdrawn meanwhile (a second click): the page says so.
        if (!(error instanceof DomainError && error.kind === 'conflict')) return refusalPage(c, deps, error);
      }
      return c.redirect(`${certificatePath(c.get('lang'), id)}?withdrawn`, 303);
    })
    .get('/:lang/due-diligence/:checkId/lots/:lotId/certificate', async (c) => {
      const { checkId, lotId } = lotOf(c);
      try {
        const lot = await deps.lots.certifiableLot(c.get('principal'), checkId, lotId);
        return await renderPage(c, deps, (page) => <IssueCertificatePage page={page} lot={lot} action={issueCertificatePath(c.get('lang'), checkId, lotId)} />, lot.outcome === 'no-match' ? 200 : 409);
      } catch (error) {
        return refusalPage(c, deps, error);
      }
    })
    .post('/:lang/due-diligence/:checkId/lots/:lotId/certificate', async (c) => {
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, deps);
      const { checkId, lotId } = lotOf(c);
      try {
        const lot = await deps.lots.certifiableLot(c.get('principal'), checkId, lotId);
        if (lot.outcome !== 'no-match') return await renderPage(c, deps, (page) => <IssueCertificatePage page={page} lot={lot} action={issueCertificatePath(c.get('lang'), checkId, lotId)} />, 409);
        const certificate = await certificates.issue(c.get('principal'), { lot, watch: form.watch === 'on', origin: linksFor(c).base, lang: c.get('lang') });
        return c.redirect(certificatePath(c.get('lang'), certificate.id), 303);
      } catch (error) {
        return refusalPage(c, deps, error);
      }
    });
}
