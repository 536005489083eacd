import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { refusalPage, renderPage, type PageOptions } from '../web/page-responses.js';
import type { Category } from './red-list-document.js';
import { ContactsSection, LegalSection } from './red-list-legal.components.js';
import { redListBookletPath, redListPath, redListSearchPath } from './red-list-paths.js';
import { categoryOf, childrenOf, isLatest, type PublishedRedList, type PublishedRedLists } from './red-list-public.js';
import type { RedListSearch, SearchOptions } from './red-list-search.js';
import { readSearchForm, RedListSearchForm, RedListSearchPage } from './red-list-search.page.js';
import { ancestorsOf, textFor } from './red-list-text.js';
import {
  Breadcrumb,
  CategoryCard,
  CategoryFacts,
  categoryHref,
  countryName,
  DemonstrationBadge,
  Disclaimer,
  languageName,
  ExampleFigure,
  listHref,
  OtherNames,
  Prose,
  Text,
  type ShownList,
} from './red-list.components.js';

/** The public Red List pages: every list, one list (any published edition), a category, the search. */
export function redListPages(lists: PublishedRedLists, search: RedListSearch, options: PageOptions) {
  const show = async (c: Context<AppEnv>, slug: string, edition: number | undefined, categoryId?: string) => {
    try {
      const published = await lists.getPublished(slug, edition);
      if (categoryId === undefined) return await renderPage(c, options, (page) => <ListPage page={page} published={published} />);
      const category = categoryOf(published, categoryId);
      return await renderPage(c, options, (page) => <CategoryPage page={page} published={published} category={category} />);
    } catch (error) {
      return refusalPage(c, options, error);
    }
  };
  const edition = (raw: string) => Number(raw);
  return new Hono<AppEnv>()
    .get('/:lang/red-lists', async (c) => {
      const [published, searchOptions] = await Promise.all([lists.listPublished(), search.options()]);
      return renderPage(c, options, (page) => <IndexPage page={page} lists={published} options={searchOptions} />);
    })
    .get('/:lang/red-lists/search', async (c) => {
      const form = readSearchForm(c.req.query());
      const [result, searchOptions] = await Promise.all([search.search(form.query), search.options()]);
      return renderPage(c, options, (page) => <RedListSearchPage page={page} form={form} result={result} options={searchOptions} />);
    })
    .get('/:lang/red-lists/:slug', (c) => show(c, c.req.param('slug'), undefined))
    .get('/:lang/red-lists/:slug/editions/:edition{[1-9][0-9]{0,3}}', (c) => show(c, c.req.param('slug'), edition(c.req.param('edition'))))
    .get('/:lang/red-lists/:slug/categories/:id', (c) => show(c, c.req.param('slug'), undefined, c.req.param('id')))
    .get('/:lang/red-lists/:slug/editions/:edition{[1-9][0-9]{0,3}}/categories/:id', (c) =>
      show(c, c.req.param('slug'), edition(c.req.param('edition')), c.req.param('id')),
    );
}

function shownList(published: PublishedRedList): ShownList {
  return { slug: published.slug, edition: published.edition, latest: isLatest(published), languages: published.document.languages };
}

function IndexPage({ page, lists, options }: { page: PageContext; lists: PublishedRedList[]; options: SearchOptions }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('redlists.title')} description={t('redlists.lead')}>
      <h1>{t('redlists.title')}</h1>
      <p class="lead">{t('redlists.lead')}</p>
      <RedListSearchForm page={page} options={options} />
      {lists.length === 0 ? (
        <p class="empty">{t('redlists.none')}</p>
      ) : (
        <ul class="cards rl-lists">
          {lists.map((published) => {
            const { document } = published;
            return (
              <li class="card">
                <h2 class="rl-card-title">
                  <a href={redListPath(lang, published.slug)}>
                    <Text texts={document.title} page={page} languages={document.languages} />
                  </a>
                </h2>
                {document.demonstration && (
                  <p>
                    <DemonstrationBadge page={page} />
                  </p>
                )}
                <p>
                  <Text texts={document.region.name} page={page} languages={document.languages} /> · {document.region.countries.map((code) => countryName(code, lang)).join(', ')}
                </p>
                <p>
                  {t('redlists.edition', { number: published.edition, year: document.edition.year })} · {t('redlists.categoryCount', { count: document.categories.length })}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}

/** Where an earlier edition says so, with the way to the latest. */
function EditionNotice({ page, published }: { page: PageContext; published: PublishedRedList }) {
  if (isLatest(published)) return null;
  return (
    <p class="notice rl-old-edition">
      {page.t('redlists.olderEdition', { number: published.edition, year: published.document.edition.year })}{' '}
      <a href={redListPath(page.lang, published.slug)}>{page.t('redlists.latestEdition')}</a>
    </p>
  );
}

function ListHeading({ page, published }: { page: PageContext; published: PublishedRedList }) {
  const { t, lang } = page;
  const { document } = published;
  return (
    <>
      <p class="rl-edition">
        {document.demonstration && (
          <>
            <DemonstrationBadge page={page} />{' '}
          </>
        )}
        {t('redlists.edition', { number: published.edition, year: document.edition.year })}
        {document.edition.label && (
          <>
            {' · '}
            <Text texts={document.edition.label} page={page} languages={document.languages} />
          </>
        )}
      </p>
      {document.demonstration && <p class="notice rl-demo-notice">{t('redlists.demonstration.notice')}</p>}
      <dl class="facts">
        <dt>{t('redlists.region')}</dt>
        <dd>
          <Text texts={document.region.name} page={page} languages={document.languages} />
        </dd>
        <dt>{t('redlists.countries')}</dt>
        <dd>{document.region.countries.map((code) => countryName(code, lang)).join(', ')}</dd>
        <dt>{t('redlists.languages')}</dt>
        <dd>{document.languages.map((code) => languageName(code, lang)).join(', ')}</dd>
      </dl>
    </>
  );
}

function ListPage({ page, published }: { page: PageContext; published: PublishedRedList }) {
  const { t, lang } = page;
  const { document } = published;
  const list = shownList(published);
  const title = textFor(document.title, lang, document.languages);
  const latest = isLatest(published);
  return (
    <Layout page={page} title={title.text}>
      <Breadcrumb page={page} trail={[]} />
      <h1 lang={title.lang === lang ? undefined : title.lang}>{title.text}</h1>
      <OtherNames texts={document.title} page={page} languages={document.languages} />
      <EditionNotice page={page} published={published} />
      <Disclaimer texts={document.disclaimer} page={page} languages={document.languages} />
      <ListHeading page={page} published={published} />
      <p class="action-links rl-actions">
        <a class="button" href={redListBookletPath(lang, published.slug, latest ? undefined : published.edition)} type="application/pdf">
          {t('redlists.booklet')}
        </a>
        <a href={`${redListSearchPath(lang)}?list=${published.slug}`}>{t('redlists.searchThisList')}</a>
      </p>
      <section aria-labelledby="rl-introduction">
        <h2 id="rl-introduction">{t('redlists.introduction')}</h2>
        <Prose texts={document.introduction} page={page} languages={document.languages} />
      </section>
      <section aria-labelledby="rl-categories">
        <h2 id="rl-categories">{t('redlists.categories')}</h2>
        {childrenOf(document).map((top) => (
          <section class="rl-category" aria-labelledby={`rl-category-${top.id}`}>
            <h3 id={`rl-category-${top.id}`}>
              <a href={categoryHref(page, list, top.id)}>
                <Text texts={top.name} page={page} languages={document.languages} />
              </a>
            </h3>
            <CategoryFacts page={page} list={list} category={top} brief />
            <CategoryCards page={page} list={list} categories={descendantsOf(document.categories, top.id)} level={4} />
          </section>
        ))}
      </section>
      <LegalSection page={page} document={document} />
      <ContactsSection page={page} document={document} />
      {published.editions.length > 1 && (
        <section class="rl-editions" aria-labelledby="rl-editions">
          <h2 id="rl-editions">{t('redlists.editions')}</h2>
          <ul>
            {published.editions.map((number) => (
              <li>
                {number === published.edition ? (
                  <span aria-current="page">{t('redlists.editionLink', { number })}</span>
                ) : (
                  <a href={redListPath(lang, published.slug, number === Math.max(...published.editions) ? undefined : number)}>{t('redlists.editionLink', { number })}</a>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

/** Every category under `id`, depth first, so that a list page shows the whole tree under each top category. */
function descendantsOf(categories: readonly Category[], id: string): Category[] {
  return categories.filter((category) => category.parent === id).flatMap((child) => [child, ...descendantsOf(categories, child.id)]);
}

function CategoryCards({ page, list, categories, level }: { page: PageContext; list: ShownList; categories: Category[]; level: 3 | 4 }) {
  if (categories.length === 0) return null;
  return (
    <ul class="rl-cards">
      {categories.map((category) => (
        <CategoryCard page={page} list={list} category={category} level={level} />
      ))}
    </ul>
  );
}

function CategoryPage({ page, published, category }: { page: PageContext; published: PublishedRedList; category: Category }) {
  const { t, lang } = page;
  const { document } = published;
  const list = shownList(published);
  const name = textFor(category.name, lang, document.languages);
  const ancestors = ancestorsOf(category, document.categories).reverse();
  const children = childrenOf(document, category.id);
  return (
    <Layout page={page} title={name.text}>
      <Breadcrumb
        page={page}
        trail={[
          { href: listHref(page, list), label: <Text texts={document.title} page={page} languages={document.languages} /> },
          ...ancestors.map((ancestor) => ({ href: categoryHref(page, list, ancestor.id), label: <Text texts={ancestor.name} page={page} languages={document.languages} /> })),
        ]}
      />
      <h1 lang={name.lang === lang ? undefined : name.lang}>{name.text}</h1>
      <OtherNames texts={category.name} page={page} languages={document.languages} />
      {document.demonstration && (
        <p>
          <DemonstrationBadge page={page} />
        </p>
      )}
      <EditionNotice page={page} published={published} />
      <Disclaimer texts={document.disclaimer} page={page} languages={document.languages} />
      <CategoryFacts page={page} list={list} category={category} />
      {category.description && (
        <section aria-labelledby="rl-description">
          <h2 id="rl-description">{t('redlists.description')}</h2>
          <Prose texts={category.description} page={page} languages={document.languages} />
        </section>
      )}
      {category.features && (
        <section aria-labelledby="rl-features">
          <h2 id="rl-features">{t('redlists.features')}</h2>
          <Prose texts={category.features} page={page} languages={document.languages} />
        </section>
      )}
      {category.examples.length > 0 && (
        <section aria-labelledby="rl-examples">
          <h2 id="rl-examples">{t('redlists.examples')}</h2>
          <div class="rl-examples">
            {category.examples.map((example) => (
              <ExampleFigure page={page} list={list} example={example} name={category.name} />
            ))}
          </div>
        </section>
      )}
      {children.length > 0 && (
        <section aria-labelledby="rl-subcategories">
          <h2 id="rl-subcategories">{t('redlists.subcategories')}</h2>
          <CategoryCards page={page} list={list} categories={children} level={3} />
        </section>
      )}
      <p class="rl-jsonld">
        <a href={`/api/v1/red-lists/${published.slug}/categories/${category.id}.jsonld${list.latest ? '' : `?edition=${published.edition}`}`} type="application/ld+json">
          {t('redlists.jsonld')}
        </a>
      </p>
    </Layout>
  );
}

