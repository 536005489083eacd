/**
 * The editor's form pieces: inputs bound to the form's values and errors, texts in every language
 * of a list side by side (a column per language on a desk, one under the other with its language
 * as heading on a phone), repeated rows (a blank one to add, a "remove" box on the others; with
 * JavaScript an "add a row" button, object-form.js), the links between the draft's sections, and
 * the form every section is saved with.
 */
import type { Child } from 'hono/jsx';
import type { FieldIssue } from '../errors.js';
import { CSRF_FIELD } from '../http/csrf.js';
import type { MessageKey } from '../i18n/i18n.js';
import { describedBy, ErrorSummary, Field, fieldId, issuesFor, SelectField } from '../registry/object.components.js';
import type { PageContext } from '../web/page-context.js';
import { rowCount, type ChangedField, type EditorValues, type RowGroup } from './red-list-editor.form.js';
import { columnName, fieldLabel, fieldLanguage, ROW_LABELS, rowFieldLabel, summaryAnchor } from './red-list-editor.labels.js';
import { editorPath, type EditorSection } from './red-list-editor.paths.js';

type InputAttributes = Record<string, string | number | boolean | undefined> & { hint?: string | undefined; class?: string | undefined };

/** Inputs bound to the form's values and errors; a text gets an input per language of `columns`. */
export class FormFields {
  constructor(
    readonly values: EditorValues,
    readonly allErrors: readonly FieldIssue[],
    readonly page: PageContext,
    readonly columns: readonly string[],
  ) {}

  errors(name: string): FieldIssue[] {
    return issuesFor(this.allErrors, name);
  }

  value(name: string): string {
    return this.values[name] ?? '';
  }

  text(name: string, label: string, { hint, class: className, type = 'text', ...attributes }: InputAttributes = {}) {
    const errors = this.errors(name);
    return (
      <Field name={name} label={label} hint={hint} errors={errors} class={className}>
        <input id={fieldId(name)} type={String(type)} name={name} value={this.value(name)} dir={attributes.lang === undefined ? undefined : 'auto'} {...attributes} {...describedBy(name, errors, hint !== undefined)} />
      </Field>
    );
  }

  textarea(name: string, label: string, { hint, rows = 4, lang }: { hint?: string | undefined; rows?: number; lang?: string } = {}) {
    const errors = this.errors(name);
    return (
      <Field name={name} label={label} hint={hint} errors={errors}>
        <textarea id={fieldId(name)} name={name} rows={rows} lang={lang} dir={lang === undefined ? undefined : 'auto'} {...describedBy(name, errors, hint !== undefined)}>
          {this.value(name)}
        </textarea>
      </Field>
    );
  }

  select(name: string, label: string, options: ReadonlyArray<readonly [string, string]>, { hint, class: className }: { hint?: string; class?: string } = {}) {
    return <SelectField name={name} label={label} options={options} selected={this.value(name)} hint={hint} errors={this.errors(name)} class={className} />;
  }

  /** The errors about a whole text (none typed in any language), shown above its inputs (the error summary links here). */
  textErrors(name: string) {
    const own = this.allErrors.filter((issue) => issue.field === name);
    if (own.length === 0) return null;
    return (
      <p class="field-error" id={fieldId(name)}>
        {[...new Set(own.map((issue) => issue.message))].join(' ')}
      </p>
    );
  }

  /** One text in every language side by side: a fieldset with the text's name, an input per language. */
  texts(name: string, label: string, { textarea = false }: { textarea?: boolean } = {}) {
    return (
      <fieldset class="texts-inline">
        <legend>{label}</legend>
        {this.textErrors(name)}
        <div class="texts-inline-columns">
          {this.columns.map((lang) => {
            const column = columnName(lang, this.page);
            return textarea ? this.textarea(`${name}.${lang}`, column, { rows: 3, lang }) : this.text(`${name}.${lang}`, column, { lang });
          })}
        </div>
      </fieldset>
    );
  }

  /** The inputs of row `index` of a repeated group. */
  row(group: RowGroup, index: number): RowFields {
    return new RowFields(this, group, index, this.page);
  }
}

/** The inputs of one row of a repeated group, named and labelled after the group's fields (`laws.2.reference`, "Reference"). */
export class RowFields {
  constructor(
    private readonly f: FormFields,
    readonly group: RowGroup,
    readonly index: number,
    private readonly page: PageContext,
  ) {}

  name(field: string): string {
    return `${this.group}.${this.index}.${field}`;
  }

  value(field: string): string {
    return this.f.value(this.name(field));
  }

  /** An input; `label` replaces the field's usual label where the row's state changes it. */
  text(field: string, { label, ...attributes }: InputAttributes & { label?: string } = {}) {
    return this.f.text(this.name(field), label ?? this.label(field), attributes);
  }

  select(field: string, options: ReadonlyArray<readonly [string, string]>, attributes: { hint?: string; class?: string } = {}) {
    return this.f.select(this.name(field), this.label(field), options, attributes);
  }

  texts(field: string, options: { textarea?: boolean } = {}) {
    return this.f.texts(this.name(field), this.label(field), options);
  }

  private label(field: string): string {
    return this.page.t(rowFieldLabel(this.group, field));
  }
}

/**
 * The list's texts, a column per language: `fields` renders one language's inputs. Each column is a
 * fieldset whose legend names its language, so a phone shows the languages one after the other.
 */
export function LanguageColumns({ columns, page, fields }: { columns: readonly string[]; page: PageContext; fields: (lang: string) => Child }) {
  return (
    <div class="langs editor-langs">
      {columns.map((lang) => (
        // The language goes on the inputs, not the fieldset: the legend and labels are in the page's language.
        <fieldset>
          <legend>{columnName(lang, page)}</legend>
          <div class="stack">{fields(lang)}</div>
        </fieldset>
      ))}
    </div>
  );
}

/** A repeated group: the rows there are, with a box to remove each, and a blank one to add another. */
export function Rows({ group, f, render }: { group: RowGroup; f: FormFields; render: (row: RowFields) => Child }) {
  const { t } = f.page;
  const count = rowCount(f.values, group);
  const label = ROW_LABELS[group];
  return (
    <div class="rows" data-rows={group} data-add-label={t('redlistEditor.addRow')} data-row-label={t(label, { n: 9999 })}>
      {Array.from({ length: count }, (_, row) => {
        const blank = row === count - 1;
        return (
          <fieldset class="row-item" data-row={row}>
            <legend>{t(label, { n: row + 1 })}</legend>
            {render(f.row(group, row))}
            {!blank && (
              <div class="checkbox">
                <input type="checkbox" id={fieldId(`${group}.${row}.remove`)} name={`${group}.${row}.remove`} value="on" checked={f.values[`${group}.${row}.remove`] !== undefined} />
                <label for={fieldId(`${group}.${row}.remove`)}>{t('redlistEditor.removeRow', { n: row + 1 })}</label>
              </div>
            )}
          </fieldset>
        );
      })}
    </div>
  );
}

const SECTIONS: ReadonlyArray<readonly [EditorSection, MessageKey]> = [
  ['general', 'redlistEditor.section.general'],
  ['legal', 'redlistEditor.section.legal'],
  ['categories', 'redlistEditor.section.categories'],
  ['publish', 'redlistEditor.section.publish'],
];

/** The draft's sections, the current one marked. */
export function SectionNav({ page, slug, current }: { page: PageContext; slug: string; current: EditorSection | null }) {
  const { t, lang } = page;
  return (
    <nav aria-label={t('redlistEditor.sections')} class="editor-sections">
      <ul class="tags">
        {SECTIONS.map(([section, key]) => (
          <li>
            <a class="tag" href={editorPath(lang, slug, section)} aria-current={section === current ? 'page' : undefined}>
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A repeated group in a panel of its own, under its legend. */
export function RowsPanel({ legend, group, f, render }: { legend: string; group: RowGroup; f: FormFields; render: (row: RowFields) => Child }) {
  return (
    <fieldset class="panel">
      <legend>{legend}</legend>
      <Rows group={group} f={f} render={render} />
    </fieldset>
  );
}

/** Stored values are shown in the conflict notice up to this length: enough to recognise a text. */
const STORED_EXCERPT = 120;

/**
 * Told after a refused save whose draft someone else changed meanwhile: what was typed is kept, and
 * the fields where it differs from what is now stored are listed with the stored value, so that
 * saving again (which writes the whole section) overwrites the other person's work knowingly.
 */
function ConflictNotice({ page, changes }: { page: PageContext; changes: readonly ChangedField[] }) {
  const { t } = page;
  return (
    <div class="notice error" role="alert" tabindex={-1} data-error-summary>
      <p>{t('redlistEditor.conflict')}</p>
      {changes.length === 0 ? (
        <p>{t('redlistEditor.conflict.unchanged')}</p>
      ) : (
        <>
          <p>{t('redlistEditor.conflict.changed', { count: changes.length })}</p>
          <ul class="conflict-changes">
            {changes.map(({ field, stored }) => (
              <li>
                <a href={`#${summaryAnchor(field)}`}>{fieldLabel(field, page)}</a>
                {' — '}
                {stored === '' ? (
                  t('redlistEditor.conflict.storedEmpty')
                ) : (
                  <>
                    {t('redlistEditor.conflict.stored')} <q lang={fieldLanguage(field)} dir={fieldLanguage(field) === undefined ? undefined : 'auto'}>{stored.length > STORED_EXCERPT ? `${stored.slice(0, STORED_EXCERPT)}…` : stored}</q>
                  </>
                )}
              </li>
            ))}
          </ul>
          <p>{t('redlistEditor.conflict.again')}</p>
        </>
      )}
    </div>
  );
}

/**
 * A section's form: the notice of a stale save (`conflict`: the fields that differ from what is now
 * stored), the error summary, the draft's version the save is based on, and the save button.
 */
export function SectionForm({ page, f, action, conflict, multipart = false, children }: { page: PageContext; f: FormFields; action: string; conflict: readonly ChangedField[] | null; multipart?: boolean; children: Child }) {
  const { t } = page;
  return (
    <>
      {conflict && <ConflictNotice page={page} changes={conflict} />}
      <EditorErrorSummary page={page} errors={f.allErrors} />
      <form method="post" action={action} enctype={multipart ? 'multipart/form-data' : undefined} class="stack object-form" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <VersionField f={f} />
        {children}
        <p>
          <button type="submit">{t('redlistEditor.save')}</button>
        </p>
      </form>
    </>
  );
}

/** The version of the draft a form was filled from: a save based on an older one is refused. */
export function VersionField({ f }: { f: FormFields }) {
  return <input type="hidden" name="version" value={f.value('version')} />;
}

/** The errors of an editor's form, each linking to its field (or to the input holding a list, for an item of it). */
export function EditorErrorSummary({ page, errors }: { page: PageContext; errors: readonly FieldIssue[] }) {
  return <ErrorSummary errors={errors} page={page} label={(field) => fieldLabel(field, page)} anchor={summaryAnchor} />;
}
