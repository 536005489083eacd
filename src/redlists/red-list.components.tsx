import type { Child } from 'hono/jsx';
import type { Lang } from '../i18n/languages.js';
import type { PageContext } from '../web/page-context.js';
import type { Category, Example, Texts } from './red-list-document.js';
import { redListCategoryPath, redListImagePath, redListPath, redListsPath } from './red-list-paths.js';
import { formatPeriod, otherTexts, textFor } from './red-list-text.js';

/** What the components need to know of the edition shown. */
export interface ShownList {
  slug: string;
  edition: number;
  /** Links name the edition only when it is not the latest. */
  latest: boolean;
  languages: string[];
}

export function languageName(code: string, lang: Lang): string {
  return new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' }).of(code) ?? code;
}

export function countryName(code: string, lang: Lang): string {
  return new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' }).of(code) ?? code;
}

/** The text in the visitor's language, or marked with its own when the list lacks theirs. */
export function Text({ texts, page, languages }: { texts: Texts; page: PageContext; languages: readonly string[] }) {
  const shown = textFor(texts, page.lang, languages);
  return shown.lang === page.lang ? <>{shown.text}</> : <span lang={shown.lang} dir="auto">{shown.text}</span>;
}

/** A longer text (a paragraph per line), then the same in the list's other languages, folded. */
export function Prose({ texts, page, languages }: { texts: Texts; page: PageContext; languages: readonly string[] }) {
  const shown = textFor(texts, page.lang, languages);
  return (
    <div class="rl-text">
      <p class="prose" lang={shown.lang === page.lang ? undefined : shown.lang} dir="auto">
        {shown.text}
      </p>
      <OtherLanguages texts={texts} shown={shown.lang} page={page} languages={languages} />
    </div>
  );
}

/** The text in the list's other languages, in a disclosure that keyboards and screen readers open like any. */
export function OtherLanguages({ texts, shown, page, languages }: { texts: Texts; shown: string; page: PageContext; languages: readonly string[] }) {
  const others = otherTexts(texts, shown, languages);
  if (others.length === 0) return null;
  return (
    <details class="rl-other-languages">
      <summary>
        {page.t('redlists.otherLanguages')} ({others.map((other) => languageName(other.lang, page.lang)).join(', ')})
      </summary>
      <dl>
        {others.map((other) => (
          <>
            <dt>{languageName(other.lang, page.lang)}</dt>
            <dd lang={other.lang} dir="auto" class="prose">
              {other.text}
            </dd>
          </>
        ))}
      </dl>
    </details>
  );
}

/** A name in the other languages of the list, side by side under it. */
export function OtherNames({ texts, page, languages }: { texts: Texts; page: PageContext; languages: readonly string[] }) {
  const others = otherTexts(texts, textFor(texts, page.lang, languages).lang, languages);
  if (others.length === 0) return null;
  return (
    <ul class="rl-names" aria-label={page.t('redlists.otherLanguages')}>
      {others.map((other) => (
        <li>
          <span class="visually-hidden">{languageName(other.lang, page.lang)}: </span>
          <span lang={other.lang} dir="auto">
            {other.text}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** That the objects shown are not stolen: on every list and category page, before anything else. */
export function Disclaimer({ texts, page, languages }: { texts: Texts; page: PageContext; languages: readonly string[] }) {
  return (
    <aside class="rl-disclaimer" aria-labelledby="rl-disclaimer-heading">
      <h2 id="rl-disclaimer-heading">{page.t('redlists.disclaimer.heading')}</h2>
      <Prose texts={texts} page={page} languages={languages} />
    </aside>
  );
}

export function DemonstrationBadge({ page }: { page: PageContext }) {
  return <span class="badge rl-demo">{page.t('redlists.demonstration')}</span>;
}

export function listHref(page: PageContext, list: ShownList): string {
  return redListPath(page.lang, list.slug, list.latest ? undefined : list.edition);
}

export function categoryHref(page: PageContext, list: ShownList, id: string): string {
  return redListCategoryPath(page.lang, list.slug, id, list.latest ? undefined : list.edition);
}

export function Breadcrumb({ page, trail }: { page: PageContext; trail: Array<{ href: string; label: Child }> }) {
  return (
    <nav class="rl-breadcrumb" aria-label={page.t('redlists.breadcrumb')}>
      <ol>
        <li>
          <a href={redListsPath(page.lang)}>{page.t('redlists.title')}</a>
        </li>
        {trail.map((step) => (
          <li>
            <a href={step.href}>{step.label}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * A category in a list of categories: its first example's thumbnail, name, period and region. Its
 * name is a heading one level below the one the list stands under (`level`), so headings never skip.
 */
export function CategoryCard({ page, list, category, level }: { page: PageContext; list: ShownList; category: Category; level: 3 | 4 }) {
  const first = category.examples[0];
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <li class="rl-card">
      {first && <img class="thumb" src={redListImagePath(list.slug, list.edition, first.image, 'thumbnail')} alt="" loading="lazy" />}
      <div>
        <Heading>
          <a href={categoryHref(page, list, category.id)}>
            <Text texts={category.name} page={page} languages={list.languages} />
          </a>
        </Heading>
        <CategoryFacts page={page} list={list} category={category} brief />
      </div>
    </li>
  );
}

/** Period and region or culture (and, unless brief, the rest of the category's facts). */
export function CategoryFacts({ page, list, category, brief = false }: { page: PageContext; list: ShownList; category: Category; brief?: boolean }) {
  const { t, lang } = page;
  return (
    <dl class={brief ? 'object-item-facts' : 'facts rl-facts'}>
      {category.period && (
        <div>
          <dt>{t('redlists.period')}</dt>
          <dd>
            {category.period.label && (
              <>
                <Text texts={category.period.label} page={page} languages={list.languages} />{' '}
              </>
            )}
            {category.period.label ? `(${formatPeriod(category.period, t, lang)})` : formatPeriod(category.period, t, lang)}
          </dd>
        </div>
      )}
      {category.regionOrCulture && (
        <div>
          <dt>{t('redlists.regionOrCulture')}</dt>
          <dd>
            <Text texts={category.regionOrCulture} page={page} languages={list.languages} />
          </dd>
        </div>
      )}
      {!brief && category.objectTypes.length > 0 && (
        <div>
          <dt>{t('redlists.objectTypes')}</dt>
          <dd lang="en">{category.objectTypes.join(', ')}</dd>
        </div>
      )}
      {!brief && category.materials.length > 0 && (
        <div>
          <dt>{t('redlists.materials')}</dt>
          <dd lang="en">{category.materials.join(', ')}</dd>
        </div>
      )}
      {!brief && category.aat.length > 0 && (
        <div>
          <dt>{t('redlists.aat')}</dt>
          <dd>
            <ul class="plain">
              {category.aat.map((concept) => (
                <li>
                  <a href={concept.id} rel="noopener noreferrer" lang="en">
                    {concept.label}
                  </a>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      )}
      {!brief && category.euAnnex && (
        <div>
          <dt>{t('redlists.euAnnex')}</dt>
          <dd>{t('redlists.euAnnex.value', { letter: category.euAnnex })}</dd>
        </div>
      )}
    </dl>
  );
}

/** An example: the photo (display size, the original linked), what it is and whose it is. */
export function ExampleFigure({ page, list, example, name }: { page: PageContext; list: ShownList; example: Example; name: Texts }) {
  const { t } = page;
  const alt = t('redlists.example.alt', { name: textFor(name, page.lang, list.languages).text, institution: example.institution });
  return (
    <figure class="rl-example">
      <a href={redListImagePath(list.slug, list.edition, example.image, 'original')}>
        <img src={redListImagePath(list.slug, list.edition, example.image, 'display')} alt={alt} loading="lazy" />
      </a>
      <figcaption>
        {example.description && <Prose texts={example.description} page={page} languages={list.languages} />}
        <dl class="object-item-facts">
          <div>
            <dt>{t('redlists.example.institution')}</dt>
            <dd>{example.institution}</dd>
          </div>
          {example.inventoryNumber && (
            <div>
              <dt>{t('redlists.example.inventoryNumber')}</dt>
              <dd>{example.inventoryNumber}</dd>
            </div>
          )}
          <div>
            <dt>{t('redlists.example.credit')}</dt>
            <dd>{example.credit}</dd>
          </div>
          <div>
            <dt>{t('redlists.example.licence')}</dt>
            <dd>{example.licence}</dd>
          </div>
        </dl>
      </figcaption>
    </figure>
  );
}
