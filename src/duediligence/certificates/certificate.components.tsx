import type { FieldIssue } from '../../errors.js';
import { CSRF_FIELD } from '../../http/csrf.js';
import { describedBy, ErrorSummary, Field, fieldId, Flash, formatDateTime, formatPercent, issuesFor } from '../../registry/object.components.js';
import { Layout } from '../../web/layout.js';
import type { PageContext } from '../../web/page-context.js';
import { Pagination } from '../../web/pagination.js';
import type { CertifiableLot } from '../certifiable-lot.js';
import type { Certificate, CertificateContent, CertificateMatch, Revocation } from './certificate.js';
import type { CertificateVerdict } from './certificate-verification.js';
import { lotFieldRows } from './certificate-pdf.js';
import { certificateJsonPath, certificatePath, certificatePdfPath, certificateStatusListPath, verifyFormPath } from './certificate-paths.js';
import type { CertificateView } from './certificate.service.js';

/** Valid, or revoked with its date and reason: the answer first, in words. */
function StatusNotice({ revocation, page }: { revocation: Revocation | null; page: PageContext }) {
  const { t, lang } = page;
  if (!revocation) {
    return (
      <div class="notice success" role="status" data-status="valid">
        <p>
          <strong>{t('certificate.status.valid')}</strong> — {t('certificate.status.valid.body')}
        </p>
      </div>
    );
  }
  return (
    <div class="notice error" role="status" data-status="revoked">
      <p>
        <strong>{t('certificate.status.revoked')}</strong> — {t('certificate.status.revoked.body', { date: formatDateTime(revocation.revokedAt, lang), reason: t(`certificate.reason.${revocation.reason}`) })}
      </p>
    </div>
  );
}

/** What a certificate says: the lot, what was searched, when, by whom, and the statement. */
function ContentSummary({ content, page }: { content: CertificateContent; page: PageContext }) {
  const { t, lang } = page;
  const { registry } = content.searched;
  return (
    <>
      <dl class="facts">
        <dt>{t('certificate.id')}</dt>
        <dd>{content.id}</dd>
        <dt>{t('certificate.issuedAt')}</dt>
        <dd>
          <time datetime={content.issuedAt}>{formatDateTime(content.issuedAt, lang)}</time>
        </dd>
        <dt>{t('certificate.issuedTo')}</dt>
        <dd>{content.by.organisation.name}</dd>
        <dt>{t('certificate.outcome')}</dt>
        <dd>{t('certificate.outcome.noMatch')}</dd>
        <dt>{t('certificate.searchedAt')}</dt>
        <dd>
          <time datetime={content.searched.at}>{formatDateTime(content.searched.at, lang)}</time>
        </dd>
        <dt>{t('certificate.registry')}</dt>
        <dd>{t('certificate.registry.counts', { objects: registry.objects, alerts: registry.alerts, photos: registry.photos, version: registry.version })}</dd>
        <dt>{t('certificate.watched')}</dt>
        <dd>{t(content.watched ? 'certificate.watched.yes' : 'certificate.watched.no')}</dd>
      </dl>
      <h2>{t('certificate.lot')}</h2>
      <dl class="facts">
        {lotFieldRows(content.lot.fields, lang, t).map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      <h2>{t('certificate.searched')}</h2>
      <ul>
        {content.searched.scopes.map((scope) => (
          <li>{t(`certificate.scope.${scope}`)}</li>
        ))}
      </ul>
      <p class="notice">
        <strong>{t('certificate.notGuarantee')}.</strong> {content.statement[lang]}
      </p>
    </>
  );
}

/** `/{lang}/verify` and `/{lang}/verify/{id}`: the upload form, and what was found (an id's status or a file's verdict). */
export function VerifyPage({ page, status, verdict, unknownId, errors = [] }: { page: PageContext; status?: { content: CertificateContent; revocation: Revocation | null } | undefined; verdict?: CertificateVerdict | undefined; unknownId?: boolean; errors?: FieldIssue[] }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('certificate.verify.title')}>
      <h1>{t('certificate.verify.title')}</h1>
      {unknownId && <Verdict kind="unknown" page={page} />}
      {status && (
        <>
          <StatusNotice revocation={status.revocation} page={page} />
          <ContentSummary content={status.content} page={page} />
        </>
      )}
      {verdict && <FileVerdict verdict={verdict} page={page} />}
      <VerifyForm page={page} errors={errors} />
    </Layout>
  );
}

function FileVerdict({ verdict, page }: { verdict: CertificateVerdict; page: PageContext }) {
  switch (verdict.kind) {
    case 'valid':
      return verdict.status === 'good' ? (
        <>
          <StatusNotice revocation={null} page={page} />
          <ContentSummary content={verdict.certificate} page={page} />
        </>
      ) : (
        <>
          <div class="notice error" role="status" data-status="unknown">
            <p>{page.t('certificate.verify.notKnownHere')}</p>
          </div>
          <ContentSummary content={verdict.certificate} page={page} />
        </>
      );
    case 'revoked':
      return (
        <>
          <StatusNotice revocation={verdict.revocation} page={page} />
          <ContentSummary content={verdict.certificate} page={page} />
        </>
      );
    case 'altered':
    case 'forged':
    case 'malformed':
      return <Verdict kind={verdict.kind} page={page} />;
  }
}

function Verdict({ kind, page }: { kind: 'unknown' | 'forged' | 'altered' | 'malformed'; page: PageContext }) {
  const { t } = page;
  return (
    <div class="notice error" role="status" data-status={kind}>
      <p>
        <strong>{t(`certificate.verify.${kind}`)}</strong> — {t(`certificate.verify.${kind}.body`)}
      </p>
    </div>
  );
}

function VerifyForm({ page, errors }: { page: PageContext; errors: readonly FieldIssue[] }) {
  const { t } = page;
  const own = issuesFor(errors, 'certificate');
  return (
    <form method="post" action={verifyFormPath(page.lang)} enctype="multipart/form-data" class="panel">
      <p>{t('certificate.verify.lead')}</p>
      <ErrorSummary errors={errors} page={page} label={() => t('certificate.verify.file')} />
      <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
      <Field name="certificate" label={t('certificate.verify.file')} errors={own}>
        <input id={fieldId('certificate')} name="certificate" type="file" accept="application/json,.json,.jws" required {...describedBy('certificate', own, false)} />
      </Field>
      <button type="submit">{t('certificate.verify.submit')}</button>
      <p class="hint">{t('certificate.verify.offline', { keys: '/.well-known/jwks.json', statusList: certificateStatusListPath() })}</p>
    </form>
  );
}

/** `/{lang}/certificates/{id}`: the holder's (and investigators') view, with downloads, the evidence of a revocation, and withdrawal. */
export function CertificatePage({ page, view, withdrawn }: { page: PageContext; view: CertificateView; withdrawn: boolean }) {
  const { t, lang } = page;
  const { certificate, matches } = view;
  return (
    <Layout page={page} title={t('certificate.pageTitle', { id: certificate.id })}>
      <h1>{t('certificate.pageTitle', { id: certificate.id })}</h1>
      <Flash message={withdrawn ? t('certificate.withdrawn') : undefined} />
      <StatusNotice revocation={certificate.revocation} page={page} />
      <ul>
        <li>
          <a href={certificatePdfPath(lang, certificate.id)}>{t('certificate.download.pdf')}</a>
        </li>
        <li>
          <a href={certificateJsonPath(certificate.id)} download={`certificate-${certificate.id}.json`}>
            {t('certificate.download.json')}
          </a>
        </li>
      </ul>
      {matches.length > 0 && <Matches matches={matches} page={page} />}
      <ContentSummary content={certificate.content} page={page} />
      {view.canWithdraw && (
        <form method="post" action={`${certificatePath(lang, certificate.id)}/withdraw`} class="panel">
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <p class="hint">{t('certificate.withdraw.hint')}</p>
          <button type="submit" class="danger">
            {t('certificate.withdraw')}
          </button>
        </form>
      )}
    </Layout>
  );
}

function Matches({ matches, page }: { matches: readonly CertificateMatch[]; page: PageContext }) {
  const { t, lang } = page;
  return (
    <section aria-labelledby="matches-heading">
      <h2 id="matches-heading">{t('certificate.matches')}</h2>
      <ul>
        {matches.map((match) => {
          const evidence = match.evidence as { verdict: 'match' | 'possible'; score: number; lotPhoto?: string };
          const verdict = t(`certificate.match.verdict.${evidence.verdict}`);
          const score = formatPercent(evidence.score, lang);
          return (
            <li data-match={match.kind}>
              <a href={`/${lang}/objects/${encodeURIComponent(match.objectId)}`}>{t('certificate.match.object')}</a> ({match.objectId}) —{' '}
              {match.kind === 'photo' ? t('certificate.match.photo', { photo: evidence.lotPhoto ?? '', verdict, score }) : t('certificate.match.text', { verdict, score })} ·{' '}
              <time datetime={match.foundAt}>{formatDateTime(match.foundAt, lang)}</time>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** `/{lang}/certificates`: the organisation's certificates, newest first. */
export function CertificateListPage({ page, found }: { page: PageContext; found: { total: number; page: number; pageSize: number; items: Certificate[] } }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('certificate.list')}>
      <h1>{t('certificate.list')}</h1>
      {found.items.length === 0 ? (
        <p>{t('certificate.list.empty')}</p>
      ) : (
        <ul>
          {found.items.map((certificate) => (
            <li>
              <a href={certificatePath(lang, certificate.id)}>{certificate.content.lot.fields.title ?? certificate.content.lot.fields.reference ?? certificate.id}</a> · {certificate.id} ·{' '}
              <time datetime={certificate.issuedAt}>{formatDateTime(certificate.issuedAt, lang)}</time> · {t(certificate.revocation ? 'certificate.status.revoked' : 'certificate.status.valid')}
            </li>
          ))}
        </ul>
      )}
      <Pagination current={found.page} total={found.total} pageSize={found.pageSize} href={(n) => `/${lang}/certificates?page=${n}`} page={page} />
    </Layout>
  );
}

/** The form issuing a lot's certificate: what it will say, and the consent to keep the lot watched. */
export function IssueCertificatePage({ page, lot, action }: { page: PageContext; lot: CertifiableLot; action: string }) {
  const { t, lang } = page;
  const label = lot.fields.title ?? lot.fields.reference ?? String(lot.lotId);
  return (
    <Layout page={page} title={t('certificate.issue.title', { lot: label })}>
      <h1>{t('certificate.issue.title', { lot: label })}</h1>
      {lot.outcome !== 'no-match' ? (
        <p class="notice error">{t('certificate.issue.notCertifiable')}</p>
      ) : (
        <form method="post" action={action} class="panel">
          <p>{t('certificate.issue.lead')}</p>
          <dl class="facts">
            {lotFieldRows(lot.fields, lang, t).map(([name, value]) => (
              <>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </>
            ))}
          </dl>
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <div class="field">
            <label>
              <input id={fieldId('watch')} type="checkbox" name="watch" value="on" aria-describedby={`${fieldId('watch')}-hint`} /> {t('certificate.issue.watch')}
            </label>
            <p class="hint" id={`${fieldId('watch')}-hint`}>
              {t('certificate.issue.watch.hint')}
            </p>
          </div>
          <button type="submit">{t('certificate.issue.submit')}</button>
        </form>
      )}
    </Layout>
  );
}
