import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { OrganisationRow } from '../db/schema.js';
import type { Principal } from '../roles.js';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import { DomainError, type FieldIssue } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { translator } from '../i18n/i18n.js';
import { LANGUAGES, type Lang } from '../i18n/languages.js';
import { assetUrl } from '../web/assets.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { DIMENSIONS, INSCRIPTION_KINDS, LENGTH_UNITS, pickLocalized, WEIGHT_UNITS } from './object-record.js';
import { CountryOptions, describedBy, descriptionFieldLabel, ErrorSummary, Field, fieldId, issuesFor, SelectField } from './object.components.js';
import {
  differingFields,
  formFieldLabel,
  formIssues,
  formValues,
  LOCALIZED_FIELDS,
  parseObjectForm,
  rowCount,
  ROW_GROUPS,
  valuesOf,
  type ObjectFormValues,
  type RowGroup,
} from './object-form.js';
import { CreateObjectSchema, UpdateObjectSchema } from './object.schemas.js';
import { VersionConflict } from './object.service.js';
import type { ObjectView } from './object-view.js';
import { forbiddenPage, loadEditable, refusalPage, render, requireEditorRole, type RegistryPageDeps } from './page-support.js';
import { MATERIALS, OBJECT_TYPES, TECHNIQUES, type VocabularyEntry } from './vocabulary.js';

type FormMode = { kind: 'new'; organisations: OrganisationRow[] | null } | { kind: 'edit'; view: ObjectView };

interface ConflictState {
  /** Labels of the fields where the user's input differs from the saved version. */
  fields: string[];
}

interface FormPageProps {
  page: PageContext;
  mode: FormMode;
  values: ObjectFormValues;
  errors: FieldIssue[];
  version?: number | undefined;
  conflict?: ConflictState | undefined;
}

/** Creating and editing objects: registrars of the owning organisation and admins. */
export function objectFormPages(deps: RegistryPageDeps) {
  const organisationsFor = async (principal: Principal) => (principal.role === 'admin' ? deps.accounts.listOrganisations() : null);

  const create = async (c: Context<AppEnv>) => {
    const principal = requireEditorRole(c, deps);
    if (!isPrincipal(principal)) return principal;
    const posted = await c.req.parseBody();
    if (!isValidCsrf(c, posted[CSRF_FIELD])) return forbiddenPage(c, deps);
    const lang = c.get('lang');
    const t = translator(lang);
    const values = formValues(posted);
    const mode: FormMode = { kind: 'new', organisations: await organisationsFor(principal) };
    const parsed = parseObjectForm(values, lang);
    const organisation = principal.role === 'admin' ? values.organisation || undefined : undefined;
    const checked = CreateObjectSchema.safeParse({ description: parsed.description, sensitive: parsed.sensitive, organisation }, { reportInput: true });
    const again = (errors: FieldIssue[], status: 400 | 409) => render(c, deps, (page) => <ObjectFormPage page={page} mode={mode} values={values} errors={errors} />, status);
    if (!checked.success) return again(formIssues(checked.error.issues, parsed.rowOf, t), 400);
    try {
      const view = await deps.objects.create(principal, checked.data);
      return c.redirect(`/${lang}/objects/${view.id}?saved=created`, 303);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'conflict') return again([{ field: 'inventoryNumber', message: t('objectForm.error.inventoryTaken') }], 409);
      if (error instanceof DomainError && error.kind === 'invalid') return again([{ field: 'organisation', message: t('form.error.choice') }], 400);
      return refusalPage(c, deps, error);
    }
  };

  const update = async (c: Context<AppEnv>) => {
    const posted = await c.req.parseBody();
    if (!isValidCsrf(c, posted[CSRF_FIELD])) return forbiddenPage(c, deps);
    const id = c.req.param('id') ?? '';
    const loaded = await loadEditable(c, deps, id);
    if (loaded instanceof Response) return loaded;
    const { principal, view } = loaded;
    const lang = c.get('lang');
    const t = translator(lang);
    const values = formValues(posted);
    const parsed = parseObjectForm(values, lang, view.description);
    const reason = (values.reason ?? '').trim() || undefined;
    const checked = UpdateObjectSchema.safeParse({ description: parsed.description, sensitive: parsed.sensitive, reason }, { reportInput: true });
    const again = (errors: FieldIssue[], status: 400 | 409, extra: Partial<FormPageProps> = {}) =>
      render(c, deps, (page) => <ObjectFormPage page={page} mode={{ kind: 'edit', view }} values={values} errors={errors} version={Number(values.version)} {...extra} />, status);
    if (!checked.success) return again(formIssues(checked.error.issues, parsed.rowOf, t), 400);
    const version = Number(values.version);
    try {
      await deps.objects.update(principal, id, checked.data, Number.isInteger(version) ? version : -1);
    } catch (error) {
      if (error instanceof VersionConflict) {
        // Keep what they typed; the next save is based on the version now stored, and says so.
        const current = await deps.objects.get(principal, id);
        const fields = differingFields(parsed.description, current.description, parsed.sensitive, current.sensitive).map((key) => descriptionFieldLabel(key, t));
        return again([], 409, { mode: { kind: 'edit', view: current }, version: current.version, conflict: { fields } });
      }
      if (error instanceof DomainError && error.kind === 'conflict') return again([{ field: 'inventoryNumber', message: t('objectForm.error.inventoryTaken') }], 409);
      return refusalPage(c, deps, error);
    }
    return c.redirect(`/${lang}/objects/${encodeURIComponent(id)}?saved=updated`, 303);
  };

  return new Hono<AppEnv>()
    .get('/:lang/objects/new', async (c) => {
      const principal = requireEditorRole(c, deps);
      if (!isPrincipal(principal)) return principal;
      const mode: FormMode = { kind: 'new', organisations: await organisationsFor(principal) };
      const values: ObjectFormValues = { dateDocumented: new Date().toISOString().slice(0, 10), organisation: principal.organisationSlug };
      return render(c, deps, (page) => <ObjectFormPage page={page} mode={mode} values={values} errors={[]} />);
    })
    // Where a rejected new-object form is shown; the language switcher links here.
    .get('/:lang/objects', (c) => c.redirect(`/${c.get('lang')}/inventory`, 303))
    .post('/:lang/objects', create)
    .get('/:lang/objects/:id/edit', async (c) => {
      const loaded = await loadEditable(c, deps, c.req.param('id'));
      if (loaded instanceof Response) return loaded;
      const { view } = loaded;
      const values = valuesOf(view.description, view.sensitive, c.get('lang'));
      return render(c, deps, (page) => <ObjectFormPage page={page} mode={{ kind: 'edit', view }} values={values} errors={[]} version={view.version} />);
    })
    .post('/:lang/objects/:id', update);
}

function isPrincipal(value: Principal | Promise<Response> | Response): value is Principal {
  return !(value instanceof Response) && !(value instanceof Promise);
}

// ---------------------------------------------------------------------------------------------
// The form.

function ObjectFormPage({ page, mode, values, errors, version, conflict }: FormPageProps) {
  const { t, lang } = page;
  const editing = mode.kind === 'edit' ? mode.view : null;
  const shownTitle = editing ? (pickLocalized(editing.description.title, lang)?.text ?? editing.title) : '';
  const title = editing ? t('objectForm.edit', { title: shownTitle }) : t('objectForm.new');
  const action = editing ? `/${lang}/objects/${editing.id}` : `/${lang}/objects`;
  const cancel = editing ? `/${lang}/objects/${editing.id}` : `/${lang}/inventory`;
  const f = new FormFields(values, errors);
  return (
    <Layout page={page} title={title} scripts={[assetUrl('admin-form.js'), assetUrl('object-form.js')]}>
      <p>
        <a href={cancel}>← {editing ? shownTitle : t('inventory.title')}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t('objectForm.lead')}</p>
      {conflict && editing && (
        <div class="notice error" role="alert" tabindex={-1} data-error-summary>
          <p>{t('objectForm.conflict')}</p>
          {conflict.fields.length > 0 && <p>{t('objectForm.conflict.fields', { fields: conflict.fields.join(', ') })}</p>}
          <p>
            <a href={`/${lang}/objects/${editing.id}`} target="_blank" rel="noopener">
              {t('objectForm.conflict.open')}
            </a>
          </p>
          <p>{t('objectForm.conflict.again')}</p>
        </div>
      )}
      <ErrorSummary errors={errors} page={page} label={(field) => formFieldLabel(field, t)} />
      <form method="post" action={action} class="stack object-form" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        {editing && <input type="hidden" name="version" value={String(version ?? editing.version)} />}

        <fieldset class="panel">
          <legend>{t('object.identification')}</legend>
          <div class="row">
            {f.text('inventoryNumber', t('objectId.inventoryNumber'), { maxlength: 100, autocomplete: 'off' })}
            {mode.kind === 'new' && mode.organisations && (
              <Field name="organisation" label={t('objectForm.organisation')} errors={f.errors('organisation')}>
                <select id={fieldId('organisation')} name="organisation" {...describedBy('organisation', f.errors('organisation'), false)}>
                  {mode.organisations.map((organisation) => (
                    <option value={organisation.slug} selected={organisation.slug === values.organisation}>
                      {organisation.name}
                    </option>
                  ))}
                </select>
              </Field>
            )}
          </div>
          <div class="row">
            <Field name="type" label={t('objectId.objectType')} hint={t('objectForm.type.hint')} errors={f.errors('type')}>
              <select id={fieldId('type')} name="type" {...describedBy('type', f.errors('type'), true)}>
                <option value="">{t('objectForm.type.none')}</option>
                {typeGroups(lang).map((group) => (
                  <optgroup label={group.label}>
                    {group.options.map((option) => (
                      <option value={option.key} selected={option.key === values.type}>
                        {option.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </Field>
            {f.text('typeFree', t('objectForm.type.free'), { hint: t('objectForm.type.free.hint'), maxlength: 300 })}
          </div>
        </fieldset>

        <fieldset class="panel">
          <legend>{t('objectForm.texts')}</legend>
          <p class="hint">{t('objectForm.texts.hint')}</p>
          <div class="langs">
            {LANGUAGES.map((l) => (
              <fieldset>
                <legend>
                  <span lang={l}>{t(`language.${l}`)}</span>
                </legend>
                <div class="stack">
                  {LOCALIZED_FIELDS.map((field) =>
                    field === 'title' || field === 'subject'
                      ? f.text(`${field}.${l}`, t(`objectId.${field}`), { maxlength: 20000, lang: l })
                      : f.textarea(`${field}.${l}`, t(`objectId.${field}`), { rows: 4, lang: l }),
                  )}
                </div>
              </fieldset>
            ))}
          </div>
        </fieldset>

        <fieldset class="panel">
          <legend>{t('objectId.materialsAndTechniques')}</legend>
          <p class="hint">{t('objectForm.terms.hint')}</p>
          <VocabularyList id="material-terms" entries={MATERIALS} lang={lang} />
          <VocabularyList id="technique-terms" entries={TECHNIQUES} lang={lang} />
          <h3 class="group-heading">{t('object.materials')}</h3>
          <Rows group="materials" values={values} page={page} label="objectForm.material.n" render={(row) => f.text(`materials.${row}`, t('objectForm.material.n', { n: row + 1 }), { list: 'material-terms', maxlength: 300 })} />
          <h3 class="group-heading">{t('object.techniques')}</h3>
          <Rows group="techniques" values={values} page={page} label="objectForm.technique.n" render={(row) => f.text(`techniques.${row}`, t('objectForm.technique.n', { n: row + 1 }), { list: 'technique-terms', maxlength: 300 })} />
        </fieldset>

        <fieldset class="panel">
          <legend>{t('objectId.measurements')}</legend>
          <Rows
            group="measurements"
            values={values}
            page={page}
            label="objectForm.measurement.n"
            render={(row) => (
              <div class="row">
                {f.select(`measurements.${row}.dimension`, t('objectForm.measurement.dimension'), DIMENSIONS.map((d) => [d, t(`dimension.${d}`)]), 'compact')}
                {f.text(`measurements.${row}.value`, t('objectForm.measurement.value'), { inputmode: 'decimal', class: 'compact', maxlength: 20 })}
                {f.select(`measurements.${row}.unit`, t('objectForm.measurement.unit'), [...LENGTH_UNITS, ...WEIGHT_UNITS].map((u) => [u, u]), 'compact', 'cm')}
                {f.text(`measurements.${row}.part`, t('objectForm.measurement.part'), { maxlength: 100 })}
              </div>
            )}
          />
        </fieldset>

        <fieldset class="panel">
          <legend>{t('objectId.inscriptions')}</legend>
          <Rows
            group="inscriptions"
            values={values}
            page={page}
            label="objectForm.inscription.n"
            render={(row) => (
              <div class="row">
                {f.select(`inscriptions.${row}.kind`, t('objectForm.inscription.kind'), INSCRIPTION_KINDS.map((k) => [k, t(`inscription.kind.${k}`)]), 'compact', 'inscription')}
                {f.text(`inscriptions.${row}.text`, t('objectForm.inscription.text'), { maxlength: 2000 })}
                {f.text(`inscriptions.${row}.position`, t('objectForm.inscription.position'), { maxlength: 200 })}
                {f.text(`inscriptions.${row}.language`, t('objectForm.inscription.language'), { maxlength: 20, class: 'compact' })}
              </div>
            )}
          />
        </fieldset>

        <fieldset class="panel">
          <legend>{t('objectId.dating')}</legend>
          <div class="row">
            {f.text('dating.display', t('objectForm.dating.display'), { hint: t('objectForm.dating.display.hint'), maxlength: 200 })}
            {f.text('dating.earliest', t('objectForm.dating.earliest'), { type: 'number', step: '1', min: '-10000', max: '2100', class: 'compact', hint: t('objectForm.dating.years.hint') })}
            {f.text('dating.latest', t('objectForm.dating.latest'), { type: 'number', step: '1', min: '-10000', max: '2100', class: 'compact' })}
          </div>
        </fieldset>

        <fieldset class="panel">
          <legend>{t('objectId.maker')}</legend>
          <Rows
            group="makers"
            values={values}
            page={page}
            label="objectForm.maker.n"
            render={(row) => (
              <div class="row">
                {f.text(`makers.${row}.name`, t('objectForm.maker.name'), { maxlength: 300 })}
                {f.text(`makers.${row}.role`, t('objectForm.maker.role'), { maxlength: 100 })}
              </div>
            )}
          />
        </fieldset>

        <fieldset class="panel">
          <legend>{t('objectId.places')}</legend>
          <Rows
            group="places"
            values={values}
            page={page}
            label="objectForm.place.n"
            render={(row) => (
              <div class="row">
                {f.text(`places.${row}.name`, t('objectForm.place.name'), { maxlength: 300 })}
                <Field name={`places.${row}.country`} label={t('objectForm.place.country')} errors={f.errors(`places.${row}.country`)}>
                  <select id={fieldId(`places.${row}.country`)} name={`places.${row}.country`} {...describedBy(`places.${row}.country`, f.errors(`places.${row}.country`), false)}>
                    <CountryOptions lang={lang} selected={values[`places.${row}.country`] ?? ''} emptyLabel={t('objectForm.choose')} />
                  </select>
                </Field>
                {f.select(`places.${row}.kind`, t('objectForm.place.kind'), [['', t('objectForm.choose')], ['origin', t('place.kind.origin')], ['discovery', t('place.kind.discovery')]], 'compact', '')}
              </div>
            )}
          />
        </fieldset>

        <fieldset class="panel">
          <legend>{t('objectForm.documentation')}</legend>
          {f.textarea('relatedWrittenMaterial', t('objectId.relatedWrittenMaterial'), { rows: 3, hint: t('objectForm.onePerLine') })}
          {f.textarea('crossReferences', t('objectId.crossReferences'), { rows: 3, hint: t('objectForm.onePerLine') })}
          <div class="row">{f.text('dateDocumented', t('objectId.dateDocumented'), { type: 'date', class: 'compact' })}</div>
        </fieldset>

        <fieldset class="panel restricted">
          <legend>{t('object.sensitive')}</legend>
          <p class="hint">{t('objectForm.sensitive.hint')}</p>
          {f.text('sensitive.storageLocation', t('object.sensitive.storageLocation'), { maxlength: 500 })}
          {f.text('sensitive.ownerContact', t('object.sensitive.ownerContact'), { maxlength: 500 })}
          {f.textarea('sensitive.address', t('object.sensitive.address'), { rows: 3 })}
        </fieldset>

        {editing && f.text('reason', t('objectForm.reason'), { hint: t('objectForm.reason.hint'), maxlength: 1000 })}

        <p class="action-links">
          <button type="submit">{editing ? t('objectForm.save') : t('objectForm.create')}</button>
          <a href={cancel}>{t('objectForm.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}

type InputAttributes = Record<string, string | number | boolean | undefined> & { hint?: string; class?: string };

/** Inputs bound to the form's values and errors. */
class FormFields {
  constructor(
    private readonly values: ObjectFormValues,
    private readonly allErrors: FieldIssue[],
  ) {}

  errors(name: string): FieldIssue[] {
    return issuesFor(this.allErrors, name);
  }

  text(name: string, label: string, { hint, class: className, type = 'text', ...attributes }: InputAttributes = {}) {
    const errors = this.errors(name);
    return (
      <Field name={name} label={label} hint={hint} errors={errors} class={className}>
        <input id={fieldId(name)} type={String(type)} name={name} value={this.values[name] ?? ''} {...attributes} {...describedBy(name, errors, hint !== undefined)} />
      </Field>
    );
  }

  textarea(name: string, label: string, { hint, rows = 3, lang }: { hint?: string; rows?: number; lang?: string } = {}) {
    const errors = this.errors(name);
    return (
      <Field name={name} label={label} hint={hint} errors={errors}>
        <textarea id={fieldId(name)} name={name} rows={rows} lang={lang} {...describedBy(name, errors, hint !== undefined)}>
          {this.values[name] ?? ''}
        </textarea>
      </Field>
    );
  }

  select(name: string, label: string, options: ReadonlyArray<readonly [string, string]>, className?: string, fallback?: string) {
    const selected = this.values[name] ?? fallback ?? options[0]?.[0] ?? '';
    return <SelectField name={name} label={label} options={options} selected={selected} errors={this.errors(name)} class={className} />;
  }
}

/** A repeated group: numbered rows, one spare, and a template for the "add a row" script. */
function Rows({ group, values, page, label, render }: { group: RowGroup; values: ObjectFormValues; page: PageContext; label: Parameters<PageContext['t']>[0]; render: (row: number) => Child }) {
  const { t } = page;
  const count = rowCount(values, group);
  const single = ROW_GROUPS[group].fields.length === 0;
  return (
    <div class="rows" data-rows={group} data-add-label={t('objectForm.addRow')} data-row-label={t(label, { n: 9999 })}>
      {Array.from({ length: count }, (_, row) =>
        single ? (
          <div class="row-item" data-row={row}>
            {render(row)}
          </div>
        ) : (
          <fieldset class="row-item" data-row={row}>
            <legend>{t(label, { n: row + 1 })}</legend>
            {render(row)}
          </fieldset>
        ),
      )}
    </div>
  );
}

/** Suggestions for free-text term inputs, in the page's language. */
function VocabularyList({ id, entries, lang }: { id: string; entries: readonly VocabularyEntry[]; lang: Lang }) {
  return (
    <datalist id={id}>
      {entries.map((entry) => (
        <option value={entry.label[lang]}></option>
      ))}
    </datalist>
  );
}

interface TypeGroup {
  label: string;
  options: Array<{ key: string; label: string }>;
}

const typeGroupCache = new Map<Lang, TypeGroup[]>();

/** The object types grouped by their broadest type, narrower ones written as paths ("paintings › oil paintings"). */
function typeGroups(lang: Lang): TypeGroup[] {
  const cached = typeGroupCache.get(lang);
  if (cached) return cached;
  const children = (parent: string | undefined) => OBJECT_TYPES.filter((entry) => entry.parent === parent);
  const groups = children(undefined).map((root) => {
    const options: TypeGroup['options'] = [{ key: root.key, label: root.label[lang] }];
    const walk = (entry: VocabularyEntry, trail: string[]) => {
      for (const child of children(entry.key)) {
        const path = [...trail, child.label[lang]];
        options.push({ key: child.key, label: path.join(' › ') });
        walk(child, path);
      }
    };
    walk(root, [root.label[lang]]);
    return { label: root.label[lang], options };
  });
  typeGroupCache.set(lang, groups);
  return groups;
}
