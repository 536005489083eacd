import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { DomainError } from '../errors.js';
import { assetUrl } from '../web/assets.js';
import { Layout } from '../web/layout.js';
import { pageContext, type PageContext } from '../web/page-context.js';
import { renderHtml } from '../web/render.js';
import { NotFoundPage } from '../web/not-found.page.js';
import { COOPERATION_THEMES, PARTNER_CATEGORIES, type CooperationTheme, type Partner } from './partner.js';
import { PartnerCard, partnerTitle, ThemeTags } from './partner.components.js';
import type { PartnerService } from './partner.service.js';

export function partnerPages(partners: PartnerService, secureCookies: boolean) {
  return new Hono<AppEnv>()
    .get('/:lang/partners', async (c) => {
      const page = pageContext(c, c.get('lang'), secureCookies);
      const themeParam = c.req.query('theme');
      const theme = COOPERATION_THEMES.find((candidate) => candidate === themeParam);
      const q = (c.req.query('q') ?? '').trim().slice(0, 200);
      const found = await partners.list({ theme, q, lang: page.lang });
      return renderHtml(c, <DirectoryPage page={page} partners={found} theme={theme} q={q} />);
    })
    .get('/:lang/partners/:slug', async (c) => {
      const page = pageContext(c, c.get('lang'), secureCookies);
      try {
        const partner = await partners.get(c.req.param('slug'));
        return renderHtml(c, <PartnerPage page={page} partner={partner} />);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'not-found') return renderHtml(c, <NotFoundPage page={page} />, 404);
        throw error;
      }
    });
}

function DirectoryPage({ page, partners, theme, q }: { page: PageContext; partners: Partner[]; theme: CooperationTheme | undefined; q: string }) {
  const { t, lang } = page;
  const keepQuery = q ? `&q=${encodeURIComponent(q)}` : '';
  return (
    <Layout page={page} title={t('partners.title')} scripts={[assetUrl('partner-filter.js')]}>
      <h1>{t('partners.title')}</h1>
      <p class="lead">{t('partners.lead')}</p>
      <form class="filters" method="get" action={`/${lang}/partners`} role="search" data-partner-filter>
        <div class="row">
          <div class="field">
            <label for="partner-q">{t('partners.search.label')}</label>
            <input id="partner-q" type="search" name="q" value={q} placeholder={t('partners.search.placeholder')} autocomplete="off" />
          </div>
          {theme && <input type="hidden" name="theme" value={theme} />}
          <button type="submit">{t('partners.search.submit')}</button>
        </div>
        <div>
          <span id="theme-filter-label">{t('partners.filter.theme')}</span>
          <ul class="tags" aria-labelledby="theme-filter-label">
            <li>
              <a class="tag" href={`/${lang}/partners${q ? `?q=${encodeURIComponent(q)}` : ''}`} aria-current={theme ? undefined : 'true'}>
                {t('partners.filter.allThemes')}
              </a>
            </li>
            {COOPERATION_THEMES.map((option) => (
              <li>
                <a class="tag" href={`/${lang}/partners?theme=${option}${keepQuery}`} aria-current={option === theme ? 'true' : undefined}>
                  {t(`theme.${option}`)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </form>
      <p
        class="count"
        role="status"
        aria-live="polite"
        data-partner-count
        data-one={t('partners.count', { count: 1 }).replace('1', '{count}')}
        data-other={t('partners.count', { count: 2 }).replace('2', '{count}')}
      >
        {t('partners.count', { count: partners.length })}
      </p>
      <p class="empty" data-partner-empty hidden={partners.length > 0}>
        {t('partners.none')} <a href={`/${lang}/partners`}>{t('partners.filter.clear')}</a>
      </p>
      {PARTNER_CATEGORIES.map((category) => {
        const members = partners.filter((partner) => partner.category === category);
        if (members.length === 0) return null;
        return (
          <section id={category} aria-labelledby={`heading-${category}`} data-partner-group>
            <h2 id={`heading-${category}`}>{t(`category.${category}`)}</h2>
            <ul class="cards">
              {members.map((partner) => (
                <PartnerCard partner={partner} page={page} currentTheme={theme} />
              ))}
            </ul>
          </section>
        );
      })}
    </Layout>
  );
}

function PartnerPage({ page, partner }: { page: PageContext; partner: Partner }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={partnerTitle(partner, page)} description={partner.description[lang]}>
      <p>
        <a href={`/${lang}/partners`}>← {t('partners.back')}</a>
      </p>
      <h1>{partnerTitle(partner, page)}</h1>
      <dl class="facts">
        <dt>{t('partner.category')}</dt>
        <dd>
          <a href={`/${lang}/partners#${partner.category}`}>{t(`category.${partner.category}`)}</a>
        </dd>
        {partner.since && (
          <>
            <dt>{t('partner.since')}</dt>
            <dd>
              {partner.since.year}
              {partner.since.agreement && ` · ${partner.since.agreement[lang]}`}
            </dd>
          </>
        )}
        <dt>{t('partner.website')}</dt>
        <dd>
          <a href={partner.website} rel="noopener noreferrer">
            {partner.website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
          </a>
        </dd>
      </dl>
      <h2>{t('partner.about')}</h2>
      <p>{partner.description[lang]}</p>
      <h2>{t('partner.cooperation')}</h2>
      <p>{partner.cooperation[lang]}</p>
      <h2>{t('partners.themes')}</h2>
      <ThemeTags themes={partner.themes} page={page} />
    </Layout>
  );
}
