import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import { DomainError, type FieldIssue } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { invalidAttributes, localizeIssues } from '../web/form-errors.js';
import { isLang, LANGUAGES, type Lang } from '../i18n/languages.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { forbiddenPage, loginRedirect, notFoundPage, renderPage } from '../web/page-responses.js';
import { assetUrl } from '../web/assets.js';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { COOPERATION_THEMES, PARTNER_CATEGORIES, type Partner } from './partner.js';
import { PartnerSchema } from './partner.schemas.js';
import type { PartnerService } from './partner.service.js';

type FormValues = Record<string, string | string[]>;
const LOCALIZED_FIELDS = ['name', 'acronym', 'description', 'cooperation', 'agreement'] as const;

/** Admin pages to edit the directory, with the three languages side by side. */
export function partnerAdminPages(partners: PartnerService, secureCookies: boolean) {
  const options = { secureCookies };
  const render = (c: Context<AppEnv>, body: (page: PageContext) => JSX.Element, status: 200 | 400 | 404 | 409 = 200) => renderPage(c, options, body, status);

  const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    if (principal.role !== 'admin') return forbiddenPage(c, options);
    return next();
  };

  /** Validates the form and saves; on failure re-renders it with each error beside its field. */
  const save = async (c: Context<AppEnv>, existingSlug: string | null) => {
    const form = (await c.req.parseBody({ all: true })) as FormValues;
    if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
    const parsed = PartnerSchema.safeParse(partnerFromForm(form), { reportInput: true });
    const values = formFromValues(form);
    if (!parsed.success) {
      const issues = parsed.error.issues;
      return render(c, (page) => <EditPage page={page} slug={existingSlug} values={values} errors={localizeIssues(issues, page.t)} />, 400);
    }
    try {
      if (existingSlug) await partners.replace(existingSlug, parsed.data);
      else await partners.create(parsed.data);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.kind === 'not-found') return notFoundPage(c, options);
      return render(c, (page) => <EditPage page={page} slug={existingSlug} values={values} errors={[{ field: 'slug', message: error.message }]} />, 409);
    }
    return c.redirect(`/${c.get('lang')}/admin/partners?saved=${parsed.data.slug}`, 303);
  };

  return new Hono<AppEnv>()
    .use('/:lang/admin/*', adminOnly)
    .get('/:lang/admin/partners', async (c) => {
      const list = await partners.list();
      return render(c, (page) => <AdminListPage page={page} partners={list} saved={c.req.query('saved')} deleted={c.req.query('deleted')} />);
    })
    .get('/:lang/admin/partners/new', (c) => render(c, (page) => <EditPage page={page} slug={null} values={{}} errors={[]} />))
    .post('/:lang/admin/partners', (c) => save(c, null))
    .get('/:lang/admin/partners/:slug/edit', async (c) => {
      const slug = c.req.param('slug');
      const partner = (await partners.list()).find((candidate) => candidate.slug === slug);
      if (!partner) return notFoundPage(c, options);
      return render(c, (page) => <EditPage page={page} slug={slug} values={partnerFormValues(partner)} errors={[]} />);
    })
    // The address a rejected form is shown at; the language switcher links to it, so lead it to the form.
    .get('/:lang/admin/partners/:slug', (c) => c.redirect(`/${c.get('lang')}/admin/partners/${encodeURIComponent(c.req.param('slug'))}/edit`, 303))
    .post('/:lang/admin/partners/:slug', (c) => save(c, c.req.param('slug')))
    .post('/:lang/admin/partners/:slug/delete', async (c) => {
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      const slug = c.req.param('slug');
      try {
        await partners.delete(slug);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'not-found') return notFoundPage(c, options);
        throw error;
      }
      return c.redirect(`/${c.get('lang')}/admin/partners?deleted=${slug}`, 303);
    });
}

function partnerFromForm(form: FormValues): unknown {
  const text = (name: string) => String(form[name] ?? '').trim();
  const localized = (field: string) => Object.fromEntries(LANGUAGES.map((lang) => [lang, text(`${field}_${lang}`)]));
  const themes = form.themes === undefined ? [] : ([] as string[]).concat(form.themes);
  const year = text('since_year');
  const agreement = localized('agreement');
  const hasAgreement = Object.values(agreement).some(Boolean);
  return {
    slug: text('slug'),
    category: text('category'),
    name: localized('name'),
    acronym: localized('acronym'),
    description: localized('description'),
    cooperation: localized('cooperation'),
    themes,
    // An agreement needs its year: keep `since` when either is given, so a missing year is reported.
    since:
      year || hasAgreement ? { year: year ? Number(year) : undefined, agreement: hasAgreement ? agreement : null } : null,
    website: text('website'),
  };
}

/** Form values, keyed as the inputs are named (`name_fr`, `themes`, …). */
function formFromValues(form: FormValues): Record<string, string | string[]> {
  const { [CSRF_FIELD]: _csrf, ...values } = form;
  return values;
}

/** The admin form's fields for `partner`, named as the inputs are. */
export function partnerFormValues(partner: Partner): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {
    slug: partner.slug,
    category: partner.category,
    website: partner.website,
    since_year: partner.since ? String(partner.since.year) : '',
    themes: partner.themes,
  };
  for (const lang of LANGUAGES) {
    for (const field of LOCALIZED_FIELDS) {
      values[`${field}_${lang}`] = field === 'agreement' ? (partner.since?.agreement?.[lang] ?? '') : partner[field][lang];
    }
  }
  return values;
}

function AdminListPage({ page, partners, saved, deleted }: { page: PageContext; partners: Partner[]; saved?: string | undefined; deleted?: string | undefined }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('admin.partners.title')}>
      <h1>{t('admin.partners.title')}</h1>
      {saved && <p class="notice success" role="status">{t('admin.partners.saved', { slug: saved })}</p>}
      {deleted && <p class="notice success" role="status">{t('admin.partners.deleted', { slug: deleted })}</p>}
      <p>
        <a class="button" href={`/${lang}/admin/partners/new`}>
          {t('admin.partners.add')}
        </a>
      </p>
      <table>
        <caption class="visually-hidden">{t('admin.partners.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.partner.name')}</th>
            <th scope="col">{t('partner.category')}</th>
            <th scope="col">{t('admin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {partners.map((partner) => (
            <tr>
              <td>
                <a href={`/${lang}/partners/${partner.slug}`}>{partner.name[lang]}</a>
              </td>
              <td>{t(`category.${partner.category}`)}</td>
              <td>
                <a href={`/${lang}/admin/partners/${partner.slug}/edit`} aria-label={t('admin.edit.named', { name: partner.name[lang] })}>
                  {t('admin.edit')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

interface EditPageProps {
  page: PageContext;
  slug: string | null;
  values: Record<string, string | string[]>;
  errors: FieldIssue[];
}

function EditPage({ page, slug, values, errors }: EditPageProps) {
  const { t, lang } = page;
  const value = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  };
  const errorFor = (field: string) => errors.filter((issue) => issue.field === field || issue.field.startsWith(`${field}.`));
  const themes = ([] as string[]).concat(values.themes ?? []);
  const title = slug ? t('admin.partner.edit', { name: value(`name_${lang}`) || slug }) : t('admin.partners.add');
  const action = slug ? `/${lang}/admin/partners/${slug}` : `/${lang}/admin/partners`;
  return (
    <Layout page={page} title={title} scripts={[assetUrl('admin-form.js')]}>
      <p>
        <a href={`/${lang}/admin/partners`}>← {t('admin.partners.title')}</a>
      </p>
      <h1>{title}</h1>
      {errors.length > 0 && (
        <div class="notice error" role="alert" tabindex={-1} data-error-summary>
          <p>{t('form.error.summary', { count: errors.length })}</p>
          <ul>
            {errors.map((issue) => (
              <li>
                <a href={`#field-${fieldAnchor(issue.field)}`}>{fieldLabel(issue.field, t)}</a>
                {t('form.error.item', { message: issue.message })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action={action} class="stack">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <div class="filters">
          <div class="row">
            <Field id="slug" label={t('admin.partner.slug')} hint={t('admin.partner.slug.hint')} errors={errorFor('slug')}>
              <input id="field-slug" type="text" name="slug" value={value('slug')} required pattern="[a-z0-9]+(-[a-z0-9]+)*" {...invalidAttributes(errorFor('slug'), 'field-slug')} />
            </Field>
            <Field id="category" label={t('partner.category')} errors={errorFor('category')}>
              <select id="field-category" name="category" {...invalidAttributes(errorFor('category'), 'field-category')}>
                {PARTNER_CATEGORIES.map((category) => (
                  <option value={category} selected={value('category') === category}>
                    {t(`category.${category}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="website" label={t('partner.website')} errors={errorFor('website')}>
              <input id="field-website" type="url" name="website" value={value('website')} required {...invalidAttributes(errorFor('website'), 'field-website')} />
            </Field>
            <Field id="since_year" label={t('partner.since')} errors={errorFor('since.year')}>
              <input id="field-since_year" type="number" name="since_year" value={value('since_year')} min="1800" max="2100" inputmode="numeric" {...invalidAttributes(errorFor('since.year'), 'field-since_year')} />
            </Field>
          </div>
          <fieldset class="checkboxes">
            <legend>{t('partners.themes')}</legend>
            {COOPERATION_THEMES.map((theme) => (
              <label>
                <input type="checkbox" name="themes" value={theme} checked={themes.includes(theme)} />
                {t(`theme.${theme}`)}
              </label>
            ))}
          </fieldset>
        </div>
        <div class="langs">
          {LANGUAGES.map((l) => (
            <LanguageFieldset lang={l} page={page} value={value} errorFor={errorFor} />
          ))}
        </div>
        <p>
          <button type="submit">{t('admin.save')}</button>
        </p>
      </form>
      {slug && (
        <form method="post" action={`/${lang}/admin/partners/${slug}/delete`} data-confirm={t('admin.delete.confirm')}>
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <button type="submit" class="danger">
            {t('admin.delete')}
          </button>
        </form>
      )}
    </Layout>
  );
}

function LanguageFieldset({ lang, page, value, errorFor }: { lang: Lang; page: PageContext; value: (name: string) => string; errorFor: (field: string) => FieldIssue[] }) {
  const { t } = page;
  const id = (field: string) => `field-${field}_${lang}`;
  return (
    <fieldset lang={lang}>
      <legend>{t(`language.${lang}`)}</legend>
      <div class="stack">
        <Field id={`name_${lang}`} label={t('admin.partner.name')} errors={errorFor(`name.${lang}`)}>
          <input id={id('name')} type="text" name={`name_${lang}`} value={value(`name_${lang}`)} required {...invalidAttributes(errorFor(`name.${lang}`), id('name'))} />
        </Field>
        <Field id={`acronym_${lang}`} label={t('admin.partner.acronym')} errors={errorFor(`acronym.${lang}`)}>
          <input id={id('acronym')} type="text" name={`acronym_${lang}`} value={value(`acronym_${lang}`)} {...invalidAttributes(errorFor(`acronym.${lang}`), id('acronym'))} />
        </Field>
        <Field id={`description_${lang}`} label={t('partner.about')} errors={errorFor(`description.${lang}`)}>
          <textarea id={id('description')} name={`description_${lang}`} required {...invalidAttributes(errorFor(`description.${lang}`), id('description'))}>
            {value(`description_${lang}`)}
          </textarea>
        </Field>
        <Field id={`cooperation_${lang}`} label={t('partner.cooperation')} errors={errorFor(`cooperation.${lang}`)}>
          <textarea id={id('cooperation')} name={`cooperation_${lang}`} required {...invalidAttributes(errorFor(`cooperation.${lang}`), id('cooperation'))}>
            {value(`cooperation_${lang}`)}
          </textarea>
        </Field>
        <Field id={`agreement_${lang}`} label={t('admin.partner.agreement')} errors={errorFor(`since.agreement.${lang}`)}>
          <input id={id('agreement')} type="text" name={`agreement_${lang}`} value={value(`agreement_${lang}`)} {...invalidAttributes(errorFor(`since.agreement.${lang}`), id('agreement'))} />
        </Field>
      </div>
    </fieldset>
  );
}

function Field({ id, label, hint, errors, children }: { id: string; label: string; hint?: string; errors: FieldIssue[]; children: JSX.Element }) {
  return (
    <div class="field">
      <label for={`field-${id}`}>{label}</label>
      {children}
      {hint && <p class="count">{hint}</p>}
      {errors.length > 0 && (
        <p class="field-error" id={`field-${id}-error`}>
          {errors.map((issue) => issue.message).join(' ')}
        </p>
      )}
    </div>
  );
}

/** A field's name as the form shows it: "Name (Español)". */
function fieldLabel(field: string, t: PageContext['t']): string {
  const parts = field.split('.');
  const lang = parts.at(-1) ?? '';
  const labels: Record<string, string> = {
    slug: t('admin.partner.slug'),
    category: t('partner.category'),
    website: t('partner.website'),
    since: t('partner.since'),
    themes: t('partners.themes'),
    name: t('admin.partner.name'),
    acronym: t('admin.partner.acronym'),
    description: t('partner.about'),
    cooperation: t('partner.cooperation'),
    agreement: t('admin.partner.agreement'),
  };
  const key = isLang(lang) ? (parts.at(-2) ?? '') : (parts[0] ?? '');
  const label = labels[key] ?? field;
  return isLang(lang) ? `${label} (${t(`language.${lang}`)})` : label;
}

/** Maps a schema path (`name.fr`, `since.agreement.es`, `since.year`) to the id of its input. */
function fieldAnchor(field: string): string {
  const parts = field.split('.');
  const last = parts.at(-1) ?? '';
  if (isLang(last)) return `${parts.at(-2)}_${last}`;
  return parts[0] === 'since' ? 'since_year' : (parts[0] ?? field);
}
