import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { Lang } from '../i18n/languages.js';
import { CountryOptions, countryName } from '../registry/object.components.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { refusalPage, renderPage, type PageOptions } from '../web/page-responses.js';
import { pageNumber, Pagination, queryString } from '../web/pagination.js';
import { datasetsPath } from './external-figures.components.js';
import { LIBRARY_KINDS, LIBRARY_THEMES, textIn, type LibraryItem } from './library.js';
import { observatoryPath } from './observatory.components.js';
import { LibraryQuerySchema } from './library.schemas.js';
import type { LibraryQuery, LibraryService, RedListLaw } from './library.service.js';

export const libraryPath = (lang: string) => `/${lang}/observatory/library`;
export const libraryItemPath = (lang: string, id: number) => `${libraryPath(lang)}/${id}`;
const FILTERS = ['q', 'kind', 'country', 'theme'] as const;
type Raw = Partial<Record<(typeof FILTERS)[number], string>>;

/** The public library: search with filters, an item, its PDF, and the laws of the published Red Lists by country. */
export function libraryPages(library: LibraryService, options: PageOptions) {
  return new Hono<AppEnv>()
    .get('/:lang/observatory/library', async (c) => {
      const raw: Raw = Object.fromEntries(FILTERS.map((name) => [name, c.req.query(name)?.trim() ?? '']).filter(([, value]) => value));
      const parsed = LibraryQuerySchema.safeParse({ ...raw, page: String(pageNumber(c.req.query('page'))) });
      const invalid = parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
      const query: LibraryQuery = parsed.success ? parsed.data : { page: 1 };
      const principal = c.get('principal') ?? null;
      const [result, laws] = await Promise.all([library.search(principal, query), query.country ? library.redListLaws(query.country) : Promise.resolve(new Map<string, RedListLaw[]>())]);
      return renderPage(c, options, (page) => <SearchPage page={page} raw={raw} invalid={invalid} result={result} laws={laws.get(query.country ?? '') ?? []} />, invalid.length > 0 ? 400 : 200);
    })
    .get('/:lang/observatory/library/laws', async (c) => {
      const laws = await library.redListLaws();
      return renderPage(c, options, (page) => <LawsPage page={page} laws={laws} />);
    })
    .get('/:lang/observatory/library/:id{[0-9]{1,15}}', async (c) => {
      try {
        const item = await library.get(c.get('principal') ?? null, Number(c.req.param('id')));
        return await renderPage(c, options, (page) => <ItemPage page={page} item={item} saved={c.req.query('saved') !== undefined} />);
      } catch (error) {
        return refusalPage(c, options, error);
      }
    })
    .get('/:lang/observatory/library/:id{[0-9]{1,15}}/document', async (c) => {
      try {
        const document = await library.readDocument(c.get('principal') ?? null, Number(c.req.param('id')));
        return c.body(new Uint8Array(document.bytes), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${document.fileName}"` });
      } catch (error) {
        return refusalPage(c, options, error);
      }
    });
}

/** A text of the item in the page's language, or in another one marked with its `lang`. */
function ItemTitle({ item, lang }: { item: LibraryItem; lang: Lang }) {
  const { text, lang: shown } = textIn(item.texts, lang);
  return <span lang={shown === lang ? undefined : shown}>{text.title}</span>;
}

function ItemFacts({ page, item }: { page: PageContext; item: LibraryItem }) {
  const { t, lang } = page;
  return (
    <p class="muted">
      {t(`library.kind.${item.kind}`)} · <time datetime={item.publishedOn}>{item.publishedOn}</time> · {item.source}
      {item.countries.length > 0 && ` · ${item.countries.map((code) => countryName(code, lang)).join(', ')}`}
      {item.themes.length > 0 && ` · ${item.themes.map((theme) => t(`library.theme.${theme}`)).join(', ')}`}
      {!item.listed && (
        <>
          {' · '}
          <strong>{t('library.notListed')}</strong>
        </>
      )}
    </p>
  );
}

function SearchPage({ page, raw, invalid, result, laws }: { page: PageContext; raw: Raw; invalid: string[]; result: Awaited<ReturnType<LibraryService['search']>>; laws: RedListLaw[] }) {
  const { t, lang, principal } = page;
  const choice = (name: 'kind' | 'theme', label: string, options: ReadonlyArray<readonly [string, string]>) => (
    <div class="field">
      <label for={`lib-${name}`}>{label}</label>
      <select id={`lib-${name}`} name={name}>
        <option value="">{t('library.search.any')}</option>
        {options.map(([value, text]) => (
          <option value={value} selected={raw[name] === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Layout page={page} title={t('library.title')} description={t('library.lead')}>
      <h1>{t('library.title')}</h1>
      <p class="lead">{t('library.lead')}</p>
      <ul class="obs-links">
        <li>
          <a href={observatoryPath(lang)}>{t('observatory.title')}</a>
        </li>
        <li>
          <a href={datasetsPath(lang)}>{t('observatory.links.datasets')}</a>
        </li>
      </ul>
      {principal?.role === 'admin' && (
        <p>
          <a class="button" href={`${libraryPath(lang)}/new`}>
            {t('library.add')}
          </a>
        </p>
      )}
      {(principal?.role === 'admin' || principal?.role === 'registrar') && (
        <p>
          <a href={`${libraryPath(lang)}/consent`}>{t('library.consent.title')}</a>
        </p>
      )}
      <form class="filters wrap-rows" method="get" action={libraryPath(lang)} role="search">
        <div class="row">
          <div class="field">
            <label for="lib-q">{t('library.search.words')}</label>
            <input id="lib-q" type="search" name="q" value={raw.q ?? ''} maxlength={200} aria-invalid={invalid.includes('q') ? 'true' : undefined} />
          </div>
          {choice('kind', t('library.search.kind'), LIBRARY_KINDS.map((kind) => [kind, t(`library.kind.${kind}`)]))}
          <div class="field">
            <label for="lib-country">{t('library.search.country')}</label>
            <select id="lib-country" name="country" aria-invalid={invalid.includes('country') ? 'true' : undefined}>
              <CountryOptions lang={lang} selected={raw.country?.toUpperCase() ?? ''} emptyLabel={t('library.search.any')} />
            </select>
          </div>
          {choice('theme', t('library.search.theme'), LIBRARY_THEMES.map((theme) => [theme, t(`library.theme.${theme}`)]))}
          <button type="submit">{t('library.search.submit')}</button>
        </div>
      </form>
      {invalid.length > 0 && (
        <p class="notice error" role="alert">
          {t('library.search.invalid', { fields: invalid.join(', ') })}
        </p>
      )}
      {raw.country && laws.length > 0 && (
        <section aria-labelledby="lib-laws">
          <h2 id="lib-laws">{t('library.laws.of', { country: countryName(raw.country, lang) })}</h2>
          <LawList page={page} laws={laws} />
        </section>
      )}
      <p class="count" role="status">
        {t('library.count', { count: result.total })}
      </p>
      {result.total === 0 && <p class="empty">{t('library.none')}</p>}
      <ol class="object-list">
        {result.items.map((item) => {
          const { text, lang: shown } = textIn(item.texts, lang);
          return (
            <li class="object-item">
              <div class="object-item-body">
                <h2>
                  <a href={libraryItemPath(lang, item.id)}>
                    <ItemTitle item={item} lang={lang} />
                  </a>
                </h2>
                <ItemFacts page={page} item={item} />
                {text.summary && <p lang={shown === lang ? undefined : shown}>{text.summary}</p>}
              </div>
            </li>
          );
        })}
      </ol>
      <Pagination page={page} current={result.page} total={result.total} pageSize={result.pageSize} href={(n) => `${libraryPath(lang)}${queryString([...FILTERS.map((name): [string, string | undefined] => [name, raw[name]]), ['page', n]])}`} />
      <p>
        <a href={`${libraryPath(lang)}/laws`}>{t('library.laws.title')}</a>
      </p>
    </Layout>
  );
}

function LawList({ page, laws }: { page: PageContext; laws: RedListLaw[] }) {
  const { t, lang } = page;
  return (
    <ul>
      {laws.map((law) => {
        const title = law.title[lang] ?? Object.values(law.title)[0]!;
        const titleLang = law.title[lang] ? undefined : Object.keys(law.title)[0];
        const listTitle = law.list.title[lang] ?? Object.values(law.list.title)[0]!;
        return (
          <li>
            {law.url ? (
              <a href={law.url} lang={titleLang}>
                {title}
              </a>
            ) : (
              <span lang={titleLang}>{title}</span>
            )}{' '}
            ({law.reference}
            {law.year !== undefined && `, ${law.year}`}) — {t('library.laws.fromList')} <a href={`/${lang}/red-lists/${law.list.slug}`}>{listTitle}</a>
          </li>
        );
      })}
    </ul>
  );
}

function LawsPage({ page, laws }: { page: PageContext; laws: Map<string, RedListLaw[]> }) {
  const { t, lang } = page;
  const countries = [...laws.keys()].sort((a, b) => countryName(a, lang).localeCompare(countryName(b, lang), lang));
  return (
    <Layout page={page} title={t('library.laws.title')}>
      <p>
        <a href={libraryPath(lang)}>← {t('library.title')}</a>
      </p>
      <h1>{t('library.laws.title')}</h1>
      <p class="lead">{t('library.laws.lead')}</p>
      {countries.length === 0 && <p class="empty">{t('library.laws.none')}</p>}
      {countries.map((code) => (
        <section aria-labelledby={`laws-${code}`}>
          <h2 id={`laws-${code}`}>
            <a href={`${libraryPath(lang)}?country=${code}`}>{countryName(code, lang)}</a>
          </h2>
          <LawList page={page} laws={laws.get(code)!} />
        </section>
      ))}
    </Layout>
  );
}

function ItemPage({ page, item, saved }: { page: PageContext; item: LibraryItem; saved: boolean }) {
  const { t, lang, principal } = page;
  const { text, lang: shown } = textIn(item.texts, lang);
  const textLang = shown === lang ? undefined : shown;
  return (
    <Layout page={page} title={text.title}>
      <p>
        <a href={libraryPath(lang)}>← {t('library.title')}</a>
      </p>
      {saved && (
        <p class="notice success" role="status">
          {t('library.saved')}
        </p>
      )}
      <h1 lang={textLang}>{text.title}</h1>
      <ItemFacts page={page} item={item} />
      {text.summary && (
        <p class="lead" lang={textLang}>
          {text.summary}
        </p>
      )}
      {text.body?.split(/\n{2,}/).map((paragraph) => <p lang={textLang}>{paragraph}</p>)}
      <dl class="facts">
        <dt>{t('library.field.source')}</dt>
        <dd>{item.source}</dd>
        <dt>{t('library.field.licence')}</dt>
        <dd>{item.licence}</dd>
        {item.url && (
          <>
            <dt>{t('library.field.url')}</dt>
            <dd>
              <a href={item.url}>{item.url}</a>
            </dd>
          </>
        )}
        {item.document && (
          <>
            <dt>{t('library.field.document')}</dt>
            <dd>
              <a href={`${libraryItemPath(lang, item.id)}/document`} type="application/pdf">
                {item.document.fileName}
              </a>{' '}
              ({Math.ceil(item.document.size / 1024)} KB)
            </dd>
          </>
        )}
        {item.objectId && (
          <>
            <dt>{t('library.field.object')}</dt>
            <dd>
              <a href={`/${lang}/objects/${encodeURIComponent(item.objectId)}`}>{t('library.object.link')}</a>
            </dd>
          </>
        )}
      </dl>
      {principal?.role === 'admin' && (
        <p>
          <a class="button" href={`${libraryItemPath(lang, item.id)}/edit`}>
            {t('library.edit')}
          </a>
        </p>
      )}
    </Layout>
  );
}
