import type { Partner } from '../network/partner.js';
import { PARTNER_CATEGORIES } from '../network/partner.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';

export function HomePage({ page, partners }: { page: PageContext; partners: Partner[] }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('home.title')}>
      <section class="hero">
        <h1>{t('site.tagline')}</h1>
        <p class="lead">{t('home.lead')}</p>
        <p>
          <a class="button" href={`/${lang}/identify`}>
            {t('home.cta.identify')}
          </a>{' '}
          <a class="button secondary" href={`/${lang}/alerts`}>
            {t('home.cta.alerts')}
          </a>{' '}
          <a class="button secondary" href={`/${lang}/partners`}>
            {t('home.cta.partners')}
          </a>
        </p>
      </section>
      <h2>{t('home.network')}</h2>
      <ul class="cards">
        {PARTNER_CATEGORIES.map((category) => (
          <li class="card">
            <h3>
              <a href={`/${lang}/partners#${category}`}>{t(`category.${category}`)}</a>
            </h3>
            <p>{t('partners.count', { count: partners.filter((partner) => partner.category === category).length })}</p>
          </li>
        ))}
      </ul>
      <h2>{t('home.entry')}</h2>
      <ul class="cards">
        <li class="card">
          <h3>
            <a href={`/${lang}/identify`}>{t('identify.title')}</a>
          </h3>
          <p>{t('home.entry.identify')}</p>
        </li>
        <li class="card">
          <h3>
            <a href={`/${lang}/alerts`}>{t('alerts.title')}</a>
          </h3>
          <p>{t('home.entry.alerts')}</p>
        </li>
        <li class="card">
          <h3>
            <a href={`/${lang}/search`}>{t('search.title')}</a>
          </h3>
          <p>{t('home.entry.search')}</p>
        </li>
        {(page.principal?.role === 'registrar' || page.principal?.role === 'admin') && (
          <li class="card">
            <h3>
              <a href={`/${lang}/inventory`}>{t('nav.inventory')}</a>
            </h3>
            <p>{t('home.entry.inventory')}</p>
          </li>
        )}
        <li class="card">
          <h3>
            <a href={`/${lang}/partners`}>{t('nav.partners')}</a>
          </h3>
          <p>{t('home.entry.partners')}</p>
        </li>
        <li class="card">
          <h3>
            <a href={`/${lang}/login`}>{t('home.entry.professionals')}</a>
          </h3>
          <p>{t('home.entry.professionals.body')}</p>
        </li>
      </ul>
      <h2>{t('home.exchange')}</h2>
      <ul class="cards">
        <li class="card">
          <h3>{t('home.exchange.imports')}</h3>
          <p>{t('home.exchange.imports.body')}</p>
        </li>
        <li class="card">
          <h3>
            <a href="/oai?verb=Identify">{t('home.exchange.oai')}</a>
          </h3>
          <p>{t('home.exchange.oai.body')}</p>
        </li>
        <li class="card">
          <h3>{t('home.exchange.iiif')}</h3>
          <p>{t('home.exchange.iiif.body')}</p>
        </li>
        <li class="card">
          <h3>
            <a href={`/${lang}/api`}>{t('nav.api')}</a>
          </h3>
          <p>{t('home.entry.api')}</p>
        </li>
      </ul>
    </Layout>
  );
}
