import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { Lang } from '../i18n/languages.js';
import { formatDateTime, formatNumber, formatPercent } from '../registry/object.components.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { renderPage } from '../web/page-responses.js';
import type { EvaluationService } from './evaluation/evaluation.service.js';
import type { EvaluationReport } from './evaluation/report.js';

export interface AccuracyPageDeps {
  evaluations: Pick<EvaluationService, 'latest' | 'list' | 'version'>;
  secureCookies: boolean;
}

/** The path of the accuracy page, linked from the identify page. */
export const accuracyPath = (lang: Lang) => `/${lang}/identify/accuracy`;

/**
 * `/{lang}/identify/accuracy` (public): the latest accuracy report of this release explained for the
 * people who act on a match, and the earlier reports. Mounted before `/{lang}/identify/{id}`.
 */
export function accuracyPages(deps: AccuracyPageDeps) {
  return new Hono<AppEnv>().get('/:lang/identify/accuracy', async (c) => {
    const [latest, reports] = await Promise.all([deps.evaluations.latest(), deps.evaluations.list()]);
    return renderPage(c, deps, (page) => <AccuracyPage page={page} version={deps.evaluations.version} latest={latest} reports={reports} />);
  });
}

function AccuracyPage({ page, version, latest, reports }: { page: PageContext; version: string; latest: EvaluationReport | undefined; reports: EvaluationReport[] }) {
  const { t } = page;
  const previous = reports.filter((report) => report.id !== latest?.id);
  return (
    <Layout page={page} title={t('identify.accuracy.title')} description={t('identify.accuracy.lead')}>
      <h1>{t('identify.accuracy.title')}</h1>
      <p class="lead">{t('identify.accuracy.lead')}</p>
      {latest ? (
        <LatestReport page={page} report={latest} />
      ) : (
        <div class="panel">
          <p>{t('identify.accuracy.none', { version })}</p>
          <p class="hint">{t('identify.accuracy.none.how')}</p>
        </div>
      )}
      <section aria-labelledby="accuracy-trust">
        <h2 id="accuracy-trust">{t('identify.accuracy.trust.heading')}</h2>
        <p>{t('identify.accuracy.trust.text')}</p>
      </section>
      {previous.length > 0 && <PreviousReports page={page} reports={previous} />}
      <p>
        <a href="/api/v1/identify/accuracy" type="application/json">
          {t('identify.accuracy.json')}
        </a>
      </p>
    </Layout>
  );
}

function LatestReport({ page, report }: { page: PageContext; report: EvaluationReport }) {
  const { t, lang } = page;
  const { results, queries, registry, settings } = report;
  const number = (value: number) => formatNumber(value, lang);
  const percent = (value: number) => formatPercent(value, lang);
  const rows: Array<[string, string, string]> = [
    [t('identify.accuracy.recall1'), percent(results.recallAt1), t('identify.accuracy.recall1.meaning')],
    [t('identify.accuracy.recall5'), percent(results.recallAt5), t('identify.accuracy.recall5.meaning')],
    [
      t('identify.accuracy.falseMatches'),
      t('identify.accuracy.falseMatches.value', { count: number(results.falseMatches.count), total: number(queries.total), rate: percent(results.falseMatches.rate) }),
      t('identify.accuracy.falseMatches.meaning'),
    ],
    [
      t('identify.accuracy.possible'),
      t('identify.accuracy.possible.value', { count: number(results.possible.count), total: number(queries.total), rate: percent(results.possible.rate) }),
      t('identify.accuracy.possible.meaning'),
    ],
    [t('identify.accuracy.latency'), t('identify.accuracy.latency.value', { p50: number(Math.round(results.latencyMs.p50)), p95: number(Math.round(results.latencyMs.p95)) }), t('identify.accuracy.latency.meaning')],
  ];
  const ranges = queries.fieldPhotos;
  return (
    <section aria-labelledby="accuracy-latest">
      <h2 id="accuracy-latest">{t('identify.accuracy.latest')}</h2>
      <p>{t('identify.accuracy.measured', { date: formatDateTime(report.createdAt, lang), version: report.version })}</p>
      <p>{t('identify.accuracy.registry', { objects: number(registry.objects), photographed: number(registry.photographedObjects), photos: number(registry.photos) })}</p>
      <p>{t('identify.accuracy.queries', { total: number(queries.total), positives: number(queries.positives), negatives: number(queries.negatives) })}</p>
      <div class="table-scroll">
        <table class="accuracy-figures">
          <caption>{t('identify.accuracy.table.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('identify.accuracy.table.measure')}</th>
              <th scope="col">{t('identify.accuracy.table.value')}</th>
              <th scope="col">{t('identify.accuracy.table.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([measure, value, meaning]) => (
              <tr>
                <th scope="row">{measure}</th>
                <td>{value}</td>
                <td>{meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('identify.accuracy.photos.heading')}</h3>
      <p>{t('identify.accuracy.photos.text', { tilt: ranges.tiltDegrees[1], rotation: ranges.rotationDegrees[1], hidden: percent(ranges.hiddenShare[1]) })}</p>
      <p>{t('identify.accuracy.photos.positives')}</p>
      <p>{t('identify.accuracy.photos.negatives')}</p>
      <details>
        <summary>{t('identify.accuracy.settings')}</summary>
        <dl>
          <dt>{t('identify.accuracy.settings.seed')}</dt>
          <dd>{report.seed}</dd>
          <dt>{t('identify.accuracy.settings.thresholds')}</dt>
          <dd>
            {settings.matchInliers} / {settings.possibleInliers}
          </dd>
          <dt>{t('identify.accuracy.settings.engine')}</dt>
          <dd>
            <code>{Object.entries(settings.engine).map(([key, value]) => `${key} ${value}`).join(', ')}</code>
          </dd>
          <dt>{t('identify.accuracy.settings.searchedAs')}</dt>
          <dd>{settings.searchedAs === 'admin' ? t('identify.accuracy.settings.searchedAs.admin') : settings.searchedAs}</dd>
          <dt>{t('identify.accuracy.settings.excluded')}</dt>
          <dd>{number(queries.negativesExcluded)}</dd>
          <dt>{t('identify.accuracy.settings.notEnoughDetail')}</dt>
          <dd>{number(results.notEnoughDetail)}</dd>
          <dt>{t('identify.accuracy.settings.duration')}</dt>
          <dd>{t('identify.accuracy.settings.duration.value', { seconds: number(report.durationSeconds), cores: settings.cores })}</dd>
        </dl>
      </details>
    </section>
  );
}

function PreviousReports({ page, reports }: { page: PageContext; reports: EvaluationReport[] }) {
  const { t, lang } = page;
  const percent = (value: number) => formatPercent(value, lang);
  return (
    <section aria-labelledby="accuracy-previous">
      <h2 id="accuracy-previous">{t('identify.accuracy.previous')}</h2>
      <div class="table-scroll">
        <table>
          <caption>{t('identify.accuracy.previous.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('identify.accuracy.previous.date')}</th>
              <th scope="col">{t('identify.accuracy.previous.version')}</th>
              <th scope="col">{t('identify.accuracy.previous.photos')}</th>
              <th scope="col">{t('identify.accuracy.previous.queries')}</th>
              <th scope="col">{t('identify.accuracy.recall1')}</th>
              <th scope="col">{t('identify.accuracy.recall5')}</th>
              <th scope="col">{t('identify.accuracy.falseMatches')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((report) => (
              <tr>
                <td>{formatDateTime(report.createdAt, lang)}</td>
                <td>{report.version}</td>
                <td>{formatNumber(report.registry.photos, lang)}</td>
                <td>{formatNumber(report.queries.total, lang)}</td>
                <td>{percent(report.results.recallAt1)}</td>
                <td>{percent(report.results.recallAt5)}</td>
                <td>{formatNumber(report.results.falseMatches.count, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
