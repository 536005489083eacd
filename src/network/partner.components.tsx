import type { PageContext } from '../web/page-context.js';
import type { CooperationTheme, Partner } from './partner.js';
import { searchableText } from './partner.service.js';

export function partnerTitle(partner: Partner, page: PageContext): string {
  const acronym = partner.acronym[page.lang];
  return acronym && !partner.name[page.lang].includes(acronym) ? `${partner.name[page.lang]} (${acronym})` : partner.name[page.lang];
}

export function ThemeTags({ themes, page, current }: { themes: readonly CooperationTheme[]; page: PageContext; current?: CooperationTheme | undefined }) {
  return (
    <ul class="tags" aria-label={page.t('partners.themes')}>
      {themes.map((theme) => (
        <li>
          <a class="tag" href={`/${page.lang}/partners?theme=${theme}`} aria-current={theme === current ? 'true' : undefined}>
            {page.t(`theme.${theme}`)}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function PartnerCard({ partner, page, currentTheme }: { partner: Partner; page: PageContext; currentTheme?: CooperationTheme | undefined }) {
  const { lang } = page;
  return (
    <li class="card" data-partner-card data-search={searchableText(partner, lang)}>
      <h3>
        <a href={`/${lang}/partners/${partner.slug}`}>{partner.name[lang]}</a>
        {partner.acronym[lang] && !partner.name[lang].includes(partner.acronym[lang]) && <span class="acronym"> · {partner.acronym[lang]}</span>}
      </h3>
      <p>{partner.description[lang]}</p>
      <ThemeTags themes={partner.themes} page={page} current={currentTheme} />
    </li>
  );
}
