/**
 * The editor's pages as they render: the lists one edits (and a new one), a draft's sections
 * (general, legal and contacts, categories, one category with its examples), publishing, and a
 * list's editions and editors.
 */
import type { Child } from 'hono/jsx';
import type { FieldIssue } from '../errors.js';
import { CSRF_FIELD } from '../http/csrf.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';
import { fieldId, Flash, formatDateTime } from '../registry/object.components.js';
import { MAX_PHOTO_BYTES } from '../registry/photos/photo-image.js';
import { assetUrl } from '../web/assets.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { CONTACT_KINDS, CONVENTIONS, EU_ANNEX_CATEGORIES, EXPORT_RULES, type RedListDocument, type Texts } from './red-list-document.js';
import { EditorErrorSummary, FormFields, LanguageColumns, Rows, RowsPanel, SectionForm, SectionNav, VersionField, type RowFields } from './red-list-editor.components.js';
import { CATEGORY_TEXTS, categoryTree, editorColumns, listInput, type ChangedField, type EditorValues } from './red-list-editor.form.js';
import { columnName, fieldLabel } from './red-list-editor.labels.js';
import { editorCategoryPath, editorListsPath, editorPath, type EditorSection } from './red-list-editor.paths.js';
import { redListImagePath, redListPath } from './red-list-paths.js';
import { plainText } from './red-list-text.js';
import type { RedListDraft, RedListEditionSummary, RedListEditor, RedListSummary } from './red-list.service.js';

/** A draft with what its pages show beside it. */
export interface DraftContext {
  draft: RedListDraft;
  editions: RedListEditionSummary[];
  editors: RedListEditor[];
  saved?: string | undefined;
  /** Why the last change of editors was refused. */
  editorsError?: string | undefined;
}

interface SectionProps {
  page: PageContext;
  context: DraftContext;
  values: EditorValues;
  errors: FieldIssue[];
  /** After a stale save: the fields where what was typed differs from what is now stored. */
  conflict: ChangedField[] | null;
}

const SAVED: Record<string, MessageKey> = {
  created: 'redlistEditor.saved.created',
  draft: 'redlistEditor.saved.draft',
  deleted: 'redlistEditor.saved.deleted',
  published: 'redlistEditor.saved.published',
  edition: 'redlistEditor.saved.edition',
  'editor-added': 'redlistEditor.saved.editorAdded',
  'editor-removed': 'redlistEditor.saved.editorRemoved',
};

const savedMessage = (t: Translate, saved: string | undefined) => (saved && saved in SAVED ? t(SAVED[saved]!) : undefined);

const ERA_OPTIONS = (t: Translate) => [['ce', t('redlistEditor.era.ce')], ['bce', t('redlistEditor.era.bce')]] as const;

// ---------------------------------------------------------------------------------------------
// The lists one edits.

export function ListsPage({ page, lists, values, errors }: { page: PageContext; lists: RedListSummary[]; values: EditorValues; errors: FieldIssue[] }) {
  const { t, lang } = page;
  const f = new FormFields(values, errors, page, editorColumns(listInput(values.languages, /[\s,;]+/)));
  return (
    <Layout page={page} title={t('redlistEditor.title')} scripts={[assetUrl('admin-form.js')]}>
      <h1>{t('redlistEditor.title')}</h1>
      <p class="lead">{t('redlistEditor.lead')}</p>
      {lists.length === 0 ? (
        <p class="empty">{t('redlistEditor.none')}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">{t('redlistEditor.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('redlistEditor.field.title')}</th>
                <th scope="col">{t('redlistEditor.draft')}</th>
                <th scope="col">{t('redlistEditor.published')}</th>
              </tr>
            </thead>
            <tbody>
              {lists.map((list) => (
                <tr>
                  <td>
                    <a href={editorPath(lang, list.slug)}>{list.title[lang] ?? Object.values(list.title)[0]}</a> <span class="muted">({list.slug})</span>
                  </td>
                  <td>{list.draft ? t('redlistEditor.draft.edition', { n: list.draft.edition, date: formatDateTime(list.draft.updatedAt, lang) }) : '—'}</td>
                  <td>{list.latestPublished === null ? '—' : <a href={redListPath(lang, list.slug)}>{t('redlistEditor.edition.n', { n: list.latestPublished })}</a>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="new">{t('redlistEditor.new')}</h2>
      <EditorErrorSummary page={page} errors={errors} />
      <form method="post" action={editorListsPath(lang)} class="stack object-form" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <fieldset class="panel">
          <legend>{t('redlistEditor.new.list')}</legend>
          <div class="row">
            {f.text('slug', t('redlistEditor.field.slug'), { hint: t('redlistEditor.field.slug.hint'), required: true, maxlength: 80, autocomplete: 'off' })}
            {f.text('edition.year', t('redlistEditor.field.year'), { type: 'number', min: 1900, max: 2100, inputmode: 'numeric', class: 'compact' })}
          </div>
          <div class="row">
            {f.text('languages', t('redlistEditor.field.languages'), { hint: t('redlistEditor.field.languages.hint'), autocomplete: 'off' })}
            {f.text('region.countries', t('redlistEditor.field.countries'), { hint: t('redlistEditor.field.countries.hint'), autocomplete: 'off' })}
          </div>
        </fieldset>
        <fieldset class="panel">
          <legend>{t('redlistEditor.texts')}</legend>
          <p class="hint">{t('redlistEditor.new.hint')}</p>
          {f.textErrors('title')}
          {f.textErrors('region.name')}
          {f.textErrors('introduction')}
          <LanguageColumns
            columns={f.columns}
            page={page}
            fields={(l) => (
              <>
                {f.text(`title.${l}`, t('redlistEditor.field.title'), { lang: l })}
                {f.text(`region.name.${l}`, t('redlistEditor.field.regionName'), { lang: l })}
                {f.textarea(`introduction.${l}`, t('redlistEditor.field.introduction'), { lang: l })}
              </>
            )}
          />
        </fieldset>
        <fieldset class="panel">
          <legend>{t('redlistEditor.new.category')}</legend>
          <p class="hint">{t('redlistEditor.new.category.hint')}</p>
          {f.text('category.id', t('redlistEditor.field.id'), { hint: t('redlistEditor.field.slug.hint'), maxlength: 80, autocomplete: 'off' })}
          {f.texts('category.name', t('redlistEditor.field.name'))}
        </fieldset>
        <p>
          <button type="submit">{t('redlistEditor.new.create')}</button>
        </p>
      </form>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// A draft's frame: back link, title, sections, notices.

function titleOf(document: RedListDocument, page: PageContext): string {
  return plainText(document.title, page.lang, document);
}

function DraftLayout({ page, context, section, heading, children, scripts = [] }: { page: PageContext; context: DraftContext; section: EditorSection | null; heading: string; children: Child; scripts?: string[] }) {
  const { t, lang } = page;
  const { draft } = context;
  const title = titleOf(draft.document, page);
  return (
    <Layout page={page} title={`${heading} · ${title}`} scripts={[assetUrl('admin-form.js'), ...scripts]}>
      <p>
        <a href={editorListsPath(lang)}>← {t('redlistEditor.title')}</a>
      </p>
      <h1>{title}</h1>
      <p class="muted">{t('redlistEditor.draft.of', { n: draft.edition, date: formatDateTime(draft.updatedAt, lang) })}</p>
      <SectionNav page={page} slug={draft.slug} current={section} />
      <Flash message={savedMessage(t, context.saved)} />
      <h2>{heading}</h2>
      {children}
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// General section.

export function GeneralPage({ page, context, values, errors, conflict }: SectionProps) {
  const { t, lang } = page;
  const { draft } = context;
  const f = new FormFields(values, errors, page, editorColumns(draft.document.languages));
  return (
    <DraftLayout page={page} context={context} section="general" heading={t('redlistEditor.section.general')}>
      <SectionForm page={page} f={f} action={editorPath(lang, draft.slug)} conflict={conflict}>
        <fieldset class="panel">
          <legend>{t('redlistEditor.list')}</legend>
          <div class="row">
            {f.text('edition.year', t('redlistEditor.field.year'), { type: 'number', min: 1900, max: 2100, inputmode: 'numeric', class: 'compact' })}
            {f.text('languages', t('redlistEditor.field.languages'), { hint: t('redlistEditor.field.languages.hint'), autocomplete: 'off' })}
            {f.text('region.countries', t('redlistEditor.field.countries'), { hint: t('redlistEditor.field.countries.hint'), autocomplete: 'off' })}
          </div>
          <div class="checkbox">
            <input type="checkbox" id={fieldId('demonstration')} name="demonstration" value="on" checked={f.value('demonstration') !== ''} />
            <label for={fieldId('demonstration')}>{t('redlistEditor.field.demonstration')}</label>
          </div>
        </fieldset>
        <fieldset class="panel">
          <legend>{t('redlistEditor.texts')}</legend>
          {(['title', 'region.name', 'edition.label', 'introduction', 'disclaimer'] as const).map((name) => f.textErrors(name))}
          <LanguageColumns
            columns={f.columns}
            page={page}
            fields={(l) => (
              <>
                {f.text(`title.${l}`, t('redlistEditor.field.title'), { lang: l })}
                {f.text(`region.name.${l}`, t('redlistEditor.field.regionName'), { lang: l })}
                {f.text(`edition.label.${l}`, t('redlistEditor.field.editionLabel'), { lang: l })}
                {f.textarea(`introduction.${l}`, t('redlistEditor.field.introduction'), { rows: 8, lang: l })}
                {f.textarea(`disclaimer.${l}`, t('redlistEditor.field.disclaimer'), { lang: l })}
              </>
            )}
          />
        </fieldset>
      </SectionForm>
      <EditionsPanel page={page} slug={draft.slug} editions={context.editions} />
      <EditorsPanel page={page} slug={draft.slug} editors={context.editors} error={context.editorsError} />
    </DraftLayout>
  );
}

// ---------------------------------------------------------------------------------------------
// Legal section and contacts.

export function LegalPage({ page, context, values, errors, conflict }: SectionProps) {
  const { t, lang } = page;
  const { draft } = context;
  const f = new FormFields(values, errors, page, editorColumns(draft.document.languages));
  const country = (row: RowFields) => row.text('country', { list: 'region-countries', maxlength: 2, class: 'compact', autocomplete: 'off', hint: t('redlistEditor.field.country.hint') });
  return (
    <DraftLayout page={page} context={context} section="legal" heading={t('redlistEditor.section.legal')} scripts={[assetUrl('object-form.js')]}>
      <datalist id="region-countries">
        {draft.document.region.countries.map((code) => (
          <option value={code}></option>
        ))}
      </datalist>
      <SectionForm page={page} f={f} action={editorPath(lang, draft.slug, 'legal')} conflict={conflict}>
        <RowsPanel
          legend={t('redlistEditor.legal.conventions')}
          group="conventions"
          f={f}
          render={(row) => (
            <>
              <div class="row">
                {row.select('convention', CONVENTIONS.map((c) => [c, t(`redlistEditor.convention.${c}`)]))}
                {country(row)}
                {row.text('ratified', { type: 'number', min: 1954, max: 2100, inputmode: 'numeric', class: 'compact', hint: t('redlistEditor.field.ratified.hint') })}
              </div>
              {row.texts('note')}
            </>
          )}
        />
        <RowsPanel
          legend={t('redlistEditor.legal.laws')}
          group="laws"
          f={f}
          render={(row) => (
            <>
              <div class="row">
                {country(row)}
                {row.text('reference', { maxlength: 300 })}
                {row.text('year', { type: 'number', min: 1000, max: 2100, inputmode: 'numeric', class: 'compact' })}
                {row.text('url', { type: 'url', maxlength: 500 })}
              </div>
              {row.texts('title')}
              {row.texts('summary', { textarea: true })}
            </>
          )}
        />
        <RowsPanel
          legend={t('redlistEditor.legal.exportRules')}
          group="exportRules"
          f={f}
          render={(row) => (
            <>
              <div class="row">
                {country(row)}
                {row.select('rule', EXPORT_RULES.map((rule) => [rule, t(`redlistEditor.rule.${rule}`)]))}
                {row.text('minimumAgeYears', { type: 'number', min: 0, max: 10000, inputmode: 'numeric', class: 'compact' })}
              </div>
              <div class="row">
                {row.text('categories', { hint: t('redlistEditor.field.ruleCategories.hint'), autocomplete: 'off' })}
                {row.text('law', { hint: t('redlistEditor.field.law.hint'), maxlength: 300 })}
              </div>
              {row.texts('note')}
            </>
          )}
        />
        <RowsPanel
          legend={t('redlistEditor.legal.contacts')}
          group="contacts"
          f={f}
          render={(row) => (
            <>
              <div class="row">
                {country(row)}
                {row.select('kind', CONTACT_KINDS.map((kind) => [kind, t(`redlistEditor.contactKind.${kind}`)]), { class: 'compact' })}
                {row.text('name', { maxlength: 300 })}
                {row.text('organisation', { maxlength: 300 })}
              </div>
              <div class="row">
                {row.text('email', { type: 'email', maxlength: 200 })}
                {row.text('phone', { type: 'tel', maxlength: 50 })}
                {row.text('url', { type: 'url', maxlength: 500 })}
                {row.text('address', { maxlength: 500 })}
              </div>
              {row.texts('note')}
            </>
          )}
        />
      </SectionForm>
    </DraftLayout>
  );
}

// ---------------------------------------------------------------------------------------------
// Categories.

export function CategoriesPage({ page, context }: { page: PageContext; context: DraftContext }) {
  const { t, lang } = page;
  const { draft } = context;
  const { document } = draft;
  const present = new Set(draft.images.map((image) => image.name));
  return (
    <DraftLayout page={page} context={context} section="categories" heading={t('redlistEditor.section.categories')}>
      <p>
        <a class="button" href={editorCategoryPath(lang, draft.slug)}>
          {t('redlistEditor.category.add')}
        </a>
      </p>
      <CategoryBranch page={page} context={context} parent={undefined} present={present} document={document} />
    </DraftLayout>
  );
}

/** The categories under `parent` (the top ones when undefined), each with its own below it. */
function CategoryBranch({ page, context, parent, present, document }: { page: PageContext; context: DraftContext; parent: string | undefined; present: ReadonlySet<string>; document: RedListDocument }) {
  const { t, lang } = page;
  const tree = categoryTree(document.categories);
  const level = tree.filter((node) => (parent === undefined ? node.depth === 0 : node.category.parent === parent && node.depth > 0));
  if (level.length === 0) return null;
  return (
    <ul class={parent === undefined ? 'category-tree' : undefined}>
      {level.map(({ category }) => {
        const missing = category.examples.filter((example) => !present.has(example.image)).length;
        return (
          <li>
            <a href={editorCategoryPath(lang, context.draft.slug, category.id)}>{plainText(category.name, lang, document)}</a> <span class="muted">({category.id})</span>
            {' · '}
            <span class="muted">{t('redlistEditor.category.examples', { count: category.examples.length })}</span>
            {missing > 0 && <span class="field-error"> · {t('redlistEditor.category.photosMissing', { count: missing })}</span>}
            {' · '}
            <a href={`${editorCategoryPath(lang, context.draft.slug)}?parent=${encodeURIComponent(category.id)}`} aria-label={t('redlistEditor.category.addUnder.named', { name: plainText(category.name, lang, document) })}>
              {t('redlistEditor.category.addUnder')}
            </a>
            <CategoryBranch page={page} context={context} parent={category.id} present={present} document={document} />
          </li>
        );
      })}
    </ul>
  );
}

export function CategoryPage({ page, context, id, values, errors, conflict }: SectionProps & { id: string | null }) {
  const { t, lang } = page;
  const { draft } = context;
  const { document } = draft;
  const f = new FormFields(values, errors, page, editorColumns(document.languages));
  const heading = id === null ? t('redlistEditor.category.new') : t('redlistEditor.category.edit', { name: plainText(document.categories.find((c) => c.id === id)?.name ?? { en: id }, lang, document) });
  // A category cannot go under itself or under one of its own: those parents are not offered (the service refuses cycles all the same).
  const below = new Set<string>(id === null ? [] : [id]);
  for (const { category } of categoryTree(document.categories)) if (category.parent !== undefined && below.has(category.parent)) below.add(category.id);
  const parents: Array<[string, string]> = [
    ['', t('redlistEditor.category.topLevel')],
    ...categoryTree(document.categories)
      .filter(({ category }) => !below.has(category.id))
      .map(({ category, depth }): [string, string] => [category.id, `${'— '.repeat(depth)}${plainText(category.name, lang, document)}`]),
  ];
  const images = new Set(draft.images.map((image) => image.name));
  const action = id === null ? `${editorPath(lang, draft.slug, 'categories')}` : editorCategoryPath(lang, draft.slug, id);
  return (
    <DraftLayout page={page} context={context} section="categories" heading={heading} scripts={[assetUrl('object-form.js')]}>
      <p>
        <a href={editorPath(lang, draft.slug, 'categories')}>← {t('redlistEditor.section.categories')}</a>
      </p>
      <SectionForm page={page} f={f} action={action} conflict={conflict} multipart>
        <fieldset class="panel">
          <legend>{t('redlistEditor.category.place')}</legend>
          <div class="row">
            {f.text('id', t('redlistEditor.field.id'), { hint: t('redlistEditor.field.id.hint'), maxlength: 80, autocomplete: 'off' })}
            {f.select('parent', t('redlistEditor.field.parent'), parents)}
            {f.select('euAnnex', t('redlistEditor.field.euAnnex'), [['', t('redlistEditor.euAnnex.none')], ...EU_ANNEX_CATEGORIES.map((letter): [string, string] => [letter, t('redlistEditor.euAnnex.letter', { letter })])], { hint: t('redlistEditor.field.euAnnex.hint') })}
          </div>
        </fieldset>
        <fieldset class="panel">
          <legend>{t('redlistEditor.texts')}</legend>
          {CATEGORY_TEXTS.map((name) => f.textErrors(name))}
          <LanguageColumns
            columns={f.columns}
            page={page}
            fields={(l) => (
              <>
                {f.text(`name.${l}`, t('redlistEditor.field.name'), { lang: l })}
                {f.text(`regionOrCulture.${l}`, t('redlistEditor.field.regionOrCulture'), { lang: l })}
                {f.textarea(`description.${l}`, t('redlistEditor.field.description'), { lang: l })}
                {f.textarea(`features.${l}`, t('redlistEditor.field.features'), { lang: l, hint: t('redlistEditor.field.features.hint') })}
                {f.text(`period.label.${l}`, t('redlistEditor.field.periodLabel'), { lang: l })}
              </>
            )}
          />
        </fieldset>
        <fieldset class="panel">
          <legend>{t('redlistEditor.field.period')}</legend>
          {f.textErrors('period')}
          <div class="row">
            {f.text('period.from', t('redlistEditor.field.periodFrom'), { type: 'number', min: 0, inputmode: 'numeric', class: 'compact' })}
            {f.select('period.fromEra', t('redlistEditor.field.era'), ERA_OPTIONS(t), { class: 'compact' })}
            {f.text('period.to', t('redlistEditor.field.periodTo'), { type: 'number', min: 0, inputmode: 'numeric', class: 'compact' })}
            {f.select('period.toEra', t('redlistEditor.field.era'), ERA_OPTIONS(t), { class: 'compact' })}
          </div>
        </fieldset>
        <fieldset class="panel">
          <legend>{t('redlistEditor.category.matching')}</legend>
          <p class="hint">{t('redlistEditor.category.matching.hint')}</p>
          <div class="row">
            {f.text('objectTypes', t('redlistEditor.field.objectTypes'), { hint: t('redlistEditor.field.keywords.hint'), autocomplete: 'off' })}
            {f.text('materials', t('redlistEditor.field.materials'), { hint: t('redlistEditor.field.keywords.hint'), autocomplete: 'off' })}
          </div>
          <h3 class="group-heading">{t('redlistEditor.field.aat')}</h3>
          <Rows
            group="aat"
            f={f}
            render={(row) => (
              <div class="row">
                {row.text('id', { type: 'url', placeholder: 'http://vocab.getty.edu/aat/300010662', maxlength: 100 })}
                {row.text('label', { maxlength: 200 })}
              </div>
            )}
          />
        </fieldset>
        <fieldset class="panel">
          <legend>{t('redlistEditor.category.examples.title')}</legend>
          <p class="hint">{t('redlistEditor.category.examples.hint')}</p>
          <Rows
            group="examples"
            f={f}
            render={(row) => {
              const image = row.value('image');
              return (
                <>
                  <input type="hidden" name={row.name('image')} value={image} />
                  {image && images.has(image) ? (
                    <img class="thumb" src={redListImagePath(draft.slug, 'draft', image, 'thumbnail')} alt={t('redlistEditor.example.photo.alt', { n: row.index + 1 })} />
                  ) : (
                    image && <p class="field-error">{t('redlistEditor.example.photo.missing', { name: image })}</p>
                  )}
                  <div class="row">{row.text('photo', { type: 'file', accept: 'image/*', ...(image ? { label: t('redlistEditor.field.photo.replace') } : {}) })}</div>
                  <div class="row">
                    {row.text('credit', { maxlength: 500 })}
                    {row.text('licence', { maxlength: 200 })}
                  </div>
                  <div class="row">
                    {row.text('institution', { maxlength: 300 })}
                    {row.text('inventoryNumber', { maxlength: 100 })}
                  </div>
                  {row.texts('description', { textarea: true })}
                </>
              );
            }}
          />
        </fieldset>
      </SectionForm>
      {id !== null && (
        <form method="post" action={`${editorCategoryPath(lang, draft.slug, id)}/delete`} data-confirm={t('redlistEditor.category.delete.confirm')}>
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <VersionField f={f} />
          {f.errors('delete').length > 0 && (
            <p class="field-error" id={fieldId('delete')}>
              {f.errors('delete')[0]!.message}
            </p>
          )}
          <button type="submit" class="danger">
            {t('redlistEditor.category.delete')}
          </button>
        </form>
      )}
    </DraftLayout>
  );
}

// ---------------------------------------------------------------------------------------------
// Publishing, editions, editors.

export function PublishPage({ page, context, issues }: { page: PageContext; context: DraftContext; issues: FieldIssue[] }) {
  const { t, lang } = page;
  const { draft } = context;
  return (
    <DraftLayout page={page} context={context} section="publish" heading={t('redlistEditor.publish.title', { n: draft.edition })}>
      {issues.length > 0 ? (
        <div class="notice error" role="alert" tabindex={-1} data-error-summary>
          <p>{t('redlistEditor.publish.incomplete', { count: issues.length })}</p>
          <ul>
            {issues.map((issue) => {
              const problem = describeProblem(draft.document, issue, page);
              return (
                <li>
                  <a href={problem.href}>{problem.label}</a>
                  {t('form.error.item', { message: problem.message })}
                </li>
              );
            })}
          </ul>
        </div>
      ) : (
        <p class="notice success">{t('redlistEditor.publish.ready', { n: draft.edition })}</p>
      )}
      <p>{t('redlistEditor.publish.final')}</p>
      <form method="post" action={editorPath(lang, draft.slug, 'publish')} data-confirm={t('redlistEditor.publish.confirm', { n: draft.edition })}>
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <button type="submit" disabled={issues.length > 0}>
          {t('redlistEditor.publish.button', { n: draft.edition })}
        </button>
      </form>
    </DraftLayout>
  );
}

export function NoDraftPage({ page, slug, title, editions, editors, saved, editorsError }: { page: PageContext; slug: string; title: Texts; editions: RedListEditionSummary[]; editors: RedListEditor[]; saved?: string | undefined; editorsError?: string | undefined }) {
  const { t, lang } = page;
  const shown = title[lang] ?? Object.values(title)[0] ?? slug;
  return (
    <Layout page={page} title={shown} scripts={[assetUrl('admin-form.js')]}>
      <p>
        <a href={editorListsPath(lang)}>← {t('redlistEditor.title')}</a>
      </p>
      <h1>{shown}</h1>
      <Flash message={savedMessage(t, saved)} />
      <p>{t('redlistEditor.noDraft')}</p>
      <form method="post" action={`${editorPath(lang, slug)}/editions`}>
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <button type="submit">{t('redlistEditor.edition.start')}</button>
      </form>
      <EditionsPanel page={page} slug={slug} editions={editions} />
      <EditorsPanel page={page} slug={slug} editors={editors} error={editorsError} />
    </Layout>
  );
}

function EditionsPanel({ page, slug, editions }: { page: PageContext; slug: string; editions: RedListEditionSummary[] }) {
  const { t, lang } = page;
  return (
    <section aria-labelledby="editions-heading">
      <h2 id="editions-heading">{t('redlistEditor.editions')}</h2>
      <ul class="plain">
        {editions.map((edition) => (
          <li>
            {edition.status === 'published' ? (
              <>
                <a href={redListPath(lang, slug, edition.number)}>{t('redlistEditor.edition.n', { n: edition.number })}</a> · {t('redlistEditor.edition.publishedAt', { date: formatDateTime(edition.publishedAt ?? edition.updatedAt, lang) })}
              </>
            ) : (
              <>
                <a href={editorPath(lang, slug)}>{t('redlistEditor.edition.n', { n: edition.number })}</a> · {t('redlistEditor.edition.draft')}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function EditorsPanel({ page, slug, editors, error }: { page: PageContext; slug: string; editors: RedListEditor[]; error: string | undefined }) {
  const { t, lang, principal } = page;
  const admin = principal?.role === 'admin';
  return (
    <section aria-labelledby="editors" class="actions">
      <h2 id="editors" tabindex={-1}>
        {t('redlistEditor.editors')}
      </h2>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {editors.length === 0 ? (
        <p class="empty">{t('redlistEditor.editors.none')}</p>
      ) : (
        <ul class="plain">
          {editors.map((editor) => (
            <li>
              {editor.displayName} {editor.email && <span class="muted">({editor.email})</span>}
              {admin && editor.email && (
                <form method="post" action={`${editorPath(lang, slug)}/editors/remove`} class="inline-form">
                  <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
                  <input type="hidden" name="email" value={editor.email} />
                  <button type="submit" class="secondary" aria-label={t('redlistEditor.editors.remove.named', { name: editor.displayName })}>
                    {t('redlistEditor.editors.remove')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {admin && (
        <form method="post" action={`${editorPath(lang, slug)}/editors`} class="panel stack">
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <div class="field">
            <label for="editor-email">{t('redlistEditor.editors.email')}</label>
            <input id="editor-email" type="email" name="email" required autocomplete="off" aria-describedby="editor-email-hint" />
            <p class="hint" id="editor-email-hint">
              {t('redlistEditor.editors.email.hint')}
            </p>
          </div>
          <p>
            <button type="submit">{t('redlistEditor.editors.add')}</button>
          </p>
        </form>
      )}
    </section>
  );
}

export function TooLargePage({ page, back }: { page: PageContext; back: string }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('redlistEditor.photo.tooLarge.title')}>
      <h1>{t('redlistEditor.photo.tooLarge.title')}</h1>
      <p class="notice error" role="alert">
        {t('redlistEditor.photo.tooLarge', { max: MAX_PHOTO_BYTES / 1_000_000 })}
      </p>
      <p>
        <a href={back}>← {t('redlistEditor.section.categories')}</a>
      </p>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// Field names and problems.

/** The texts at a document path, when it names texts. */
function textsAt(document: RedListDocument, path: string[]): Texts | undefined {
  let at: unknown = document;
  for (const part of path) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
  return at && typeof at === 'object' && !Array.isArray(at) ? (at as Texts) : undefined;
}

/**
 * What keeps a draft from being published, told where it is: the page and field to fix it at, its
 * label, and the problem (missing translations and photos in the page's language, the rest as the
 * service words them).
 */
export function describeProblem(document: RedListDocument, issue: FieldIssue, page: PageContext): { href: string; label: string; message: string } {
  const { t, lang } = page;
  const slug = document.slug;
  const path = issue.field.replace(/\[(\d+)\]/g, '.$1').split('.');
  let href: string;
  let field: string[];
  let context = '';
  if (path[0] === 'categories' && path[1] !== undefined && document.categories[Number(path[1])]) {
    const category = document.categories[Number(path[1])]!;
    href = editorCategoryPath(lang, slug, category.id);
    field = path.slice(2);
    context = `${plainText(category.name, lang, document)} › `;
  } else if (path[0] === 'legal' || path[0] === 'contacts') {
    href = editorPath(lang, slug, 'legal');
    field = path[0] === 'legal' ? path.slice(1) : path;
  } else {
    href = editorPath(lang, slug);
    field = path[0] === 'languages' ? ['languages'] : path;
  }
  const texts = textsAt(document, path);
  const missing = texts ? document.languages.filter((code) => texts[code] === undefined) : [];
  if (field.at(-1) === 'image') field = [...field.slice(0, -1), 'photo'];
  const anchor = missing.length > 0 ? [...field, missing[0]!] : field;
  const message =
    field.at(-1) === 'photo'
      ? t('redlistEditor.publish.photoMissing')
      : missing.length > 0
        ? t('redlistEditor.publish.missingTranslations', { languages: missing.map((code) => columnName(code, page)).join(', ') })
        : issue.message;
  return { href: `${href}#${fieldId(anchor.join('.'))}`, label: `${context}${fieldLabel(field.join('.'), page)}`, message };
}
