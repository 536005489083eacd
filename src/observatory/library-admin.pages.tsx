import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DomainError, type FieldIssue } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import { LANGUAGES } from '../i18n/languages.js';
import { countriesByName } from '../registry/object.components.js';
import { invalidAttributes } from '../web/form-errors.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { forbiddenPage, loginRedirect, refusalPage, renderPage, type PageOptions } from '../web/page-responses.js';
import { IssuesNotice } from './form-issues.components.js';
import { LIBRARY_KINDS, LIBRARY_THEMES, textIn, type LibraryItem, type LibraryItemInput } from './library.js';
import { libraryItemPath, libraryPath } from './library.pages.js';
import { MAX_DOCUMENT_BYTES, type LibraryService } from './library.service.js';

type FormValues = Record<string, string | string[]>;
const TEXT_PARTS = ['title', 'summary', 'body'] as const;
const PAGE_UPLOAD = /^\/(fr|en|es)\/observatory\/library(\/\d{1,15})?$/;

/** The library's create and edit forms (with a PDF) may exceed the app's general 1 MiB limit: they have their own, after the role check. */
export function isLibraryPageUpload(method: string, path: string): boolean {
  return method === 'POST' && PAGE_UPLOAD.test(path);
}

/** Admins write the library (three languages side by side, a PDF); registrars and admins give the consent of case studies drawn from objects. */
export function libraryAdminPages(library: LibraryService, options: PageOptions) {
  const signedIn = (roles: readonly string[]): MiddlewareHandler<AppEnv> => async (c, next) => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    if (!roles.includes(principal.role)) return forbiddenPage(c, options);
    return next();
  };
  const admins = signedIn(['admin']);
  const uploadLimit = bodyLimit({ maxSize: MAX_DOCUMENT_BYTES + 256 * 1024, onError: (c) => c.text(`The document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`, 413) });
  const edit = (c: Context<AppEnv>, id: number | null, values: FormValues, errors: FieldIssue[], status: 200 | 400 = 200) =>
    renderPage(c, options, (page) => <EditPage page={page} id={id} values={values} errors={errors} />, status);

  const save = async (c: Context<AppEnv>, id: number | null) => {
    const form = (await c.req.parseBody({ all: true })) as Record<string, string | File | Array<string | File>>;
    if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
    const values = textValues(form);
    const principal = c.get('principal')!;
    try {
      const input = inputOf(values);
      const item = id === null ? await library.create(principal, input) : await library.update(principal, id, input);
      const file = form.document;
      if (file instanceof File && file.size > 0) await library.attachDocument(principal, item.id, file.name, Buffer.from(await file.arrayBuffer()));
      return c.redirect(`${libraryItemPath(c.get('lang'), item.id)}?saved=1`, 303);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'invalid') return edit(c, id, values, error.issues, 400);
      return refusalPage(c, options, error);
    }
  };

  return new Hono<AppEnv>()
    .get('/:lang/observatory/library/new', admins, (c) => edit(c, null, { kind: 'document' }, []))
    .post('/:lang/observatory/library', admins, uploadLimit, (c) => save(c, null))
    .get('/:lang/observatory/library/consent', signedIn(['admin', 'registrar']), async (c) => {
      const items = await library.consentRequests(c.get('principal')!);
      return renderPage(c, options, (page) => <ConsentPage page={page} items={items} />);
    })
    .get('/:lang/observatory/library/:id{[0-9]{1,15}}/edit', admins, async (c) => {
      try {
        const item = await library.get(c.get('principal')!, Number(c.req.param('id')));
        return await edit(c, item.id, valuesOf(item), []);
      } catch (error) {
        return refusalPage(c, options, error);
      }
    })
    .post('/:lang/observatory/library/:id{[0-9]{1,15}}', admins, uploadLimit, (c) => save(c, Number(c.req.param('id'))))
    .post('/:lang/observatory/library/:id{[0-9]{1,15}}/delete', admins, async (c) => {
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      try {
        await library.delete(c.get('principal')!, Number(c.req.param('id')));
      } catch (error) {
        return refusalPage(c, options, error);
      }
      return c.redirect(libraryPath(c.get('lang')), 303);
    })
    .post('/:lang/observatory/library/:id{[0-9]{1,15}}/consent', signedIn(['admin', 'registrar']), async (c) => {
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      try {
        await library.setConsent(c.get('principal')!, Number(c.req.param('id')), form.consent === 'true');
      } catch (error) {
        return refusalPage(c, options, error);
      }
      return c.redirect(`${libraryPath(c.get('lang'))}/consent`, 303);
    });
}

/** The posted text fields (files aside), as the inputs are named (`title_fr`, `countries`, …). */
function textValues(form: Record<string, string | File | Array<string | File>>): FormValues {
  const values: FormValues = {};
  for (const [name, value] of Object.entries(form)) {
    if (name === CSRF_FIELD) continue;
    const texts = ([] as Array<string | File>).concat(value).filter((entry): entry is string => typeof entry === 'string');
    if (texts.length > 0) values[name] = Array.isArray(value) ? texts : texts[0]!;
  }
  return values;
}

/** The item the form describes, as the API takes it (the service checks it and names each problem). */
function inputOf(values: FormValues): LibraryItemInput {
  const text = (name: string) => String(values[name] ?? '').trim();
  const list = (name: string) => ([] as string[]).concat(values[name] ?? []).filter(Boolean);
  const texts = Object.fromEntries(
    LANGUAGES.flatMap((lang) => {
      const [title, summary, body] = TEXT_PARTS.map((part) => text(`${part}_${lang}`));
      return title || summary || body ? [[lang, { title, ...(summary && { summary }), ...(body && { body }) }]] : [];
    }),
  );
  return {
    kind: text('kind') as LibraryItemInput['kind'],
    texts,
    countries: list('countries'),
    themes: list('themes') as LibraryItemInput['themes'],
    source: text('source'),
    licence: text('licence'),
    publishedOn: text('publishedOn'),
    ...(text('url') && { url: text('url') }),
    ...(text('objectId') && { objectId: text('objectId') }),
  };
}

function valuesOf(item: LibraryItem): FormValues {
  const values: FormValues = {
    kind: item.kind,
    countries: item.countries,
    themes: item.themes,
    source: item.source,
    licence: item.licence,
    publishedOn: item.publishedOn,
    url: item.url ?? '',
    objectId: item.objectId ?? '',
  };
  for (const lang of LANGUAGES) for (const part of TEXT_PARTS) values[`${part}_${lang}`] = item.texts[lang]?.[part] ?? '';
  return values;
}

function EditPage({ page, id, values, errors }: { page: PageContext; id: number | null; values: FormValues; errors: FieldIssue[] }) {
  const { t, lang } = page;
  const value = (name: string) => String(values[name] ?? '');
  const chosen = (name: string) => ([] as string[]).concat(values[name] ?? []);
  const errorsOf = (field: string) => errors.filter((issue) => issue.field === field || issue.field.startsWith(`${field}.`));
  const input = (name: string, label: string, type = 'text', required = false) => (
    <div class="field">
      <label for={`lib-${name}`}>{label}</label>
      <input id={`lib-${name}`} name={name} type={type} value={value(name)} required={required} {...invalidAttributes(errorsOf(name), `lib-${name}`)} />
      <FieldErrors id={`lib-${name}`} issues={errorsOf(name)} />
    </div>
  );
  return (
    <Layout page={page} title={id === null ? t('library.add') : t('library.edit')}>
      <h1>{id === null ? t('library.add') : t('library.edit')}</h1>
      <IssuesNotice summary={t('library.form.errors', { count: errors.length })} errors={errors} />
      <form method="post" action={id === null ? libraryPath(lang) : libraryItemPath(lang, id)} enctype="multipart/form-data" class="stack">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <div class="field">
          <label for="lib-kind">{t('library.field.kind')}</label>
          <select id="lib-kind" name="kind">
            {LIBRARY_KINDS.map((kind) => (
              <option value={kind} selected={value('kind') === kind}>
                {t(`library.kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="langs">
          {LANGUAGES.map((textLang) => (
            <fieldset lang={textLang}>
              <legend>{t(`language.${textLang}`)}</legend>
              {input(`title_${textLang}`, t('library.field.title'))}
              <div class="field">
                <label for={`lib-summary_${textLang}`}>{t('library.field.summary')}</label>
                <textarea id={`lib-summary_${textLang}`} name={`summary_${textLang}`} rows={3}>
                  {value(`summary_${textLang}`)}
                </textarea>
              </div>
              <div class="field">
                <label for={`lib-body_${textLang}`}>{t('library.field.body')}</label>
                <textarea id={`lib-body_${textLang}`} name={`body_${textLang}`} rows={8}>
                  {value(`body_${textLang}`)}
                </textarea>
              </div>
            </fieldset>
          ))}
        </div>
        <FieldErrors id="lib-texts" issues={errorsOf('texts')} />
        <div class="field">
          <label for="lib-countries">{t('library.field.countries')}</label>
          <select id="lib-countries" name="countries" multiple size={6} {...invalidAttributes(errorsOf('countries'), 'lib-countries')}>
            {countriesByName(lang).map(({ code, name }) => (
              <option value={code} selected={chosen('countries').includes(code)}>
                {name}
              </option>
            ))}
          </select>
          <FieldErrors id="lib-countries" issues={errorsOf('countries')} />
        </div>
        <fieldset>
          <legend>{t('library.field.themes')}</legend>
          {LIBRARY_THEMES.map((theme) => (
            <label class="check">
              <input type="checkbox" name="themes" value={theme} checked={chosen('themes').includes(theme)} /> {t(`library.theme.${theme}`)}
            </label>
          ))}
        </fieldset>
        {input('source', t('library.field.source'), 'text', true)}
        {input('licence', t('library.field.licence'), 'text', true)}
        {input('publishedOn', t('library.field.publishedOn'), 'date', true)}
        {input('url', t('library.field.url'), 'url')}
        {input('objectId', t('library.field.objectId'))}
        <p class="hint">{t('library.field.objectId.hint')}</p>
        <div class="field">
          <label for="lib-document">{t('library.field.document')}</label>
          <input id="lib-document" name="document" type="file" accept="application/pdf,.pdf" {...invalidAttributes(errorsOf('document'), 'lib-document')} />
          <FieldErrors id="lib-document" issues={errorsOf('document')} />
        </div>
        <button type="submit">{t('library.form.save')}</button>
      </form>
      {id !== null && (
        <form method="post" action={`${libraryItemPath(lang, id)}/delete`}>
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <button type="submit" class="danger">
            {t('library.delete')}
          </button>
        </form>
      )}
    </Layout>
  );
}

function FieldErrors({ id, issues }: { id: string; issues: FieldIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <p class="field-error" id={`${id}-error`}>
      {issues.map((issue) => issue.message).join(' ')}
    </p>
  );
}

function ConsentPage({ page, items }: { page: PageContext; items: LibraryItem[] }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('library.consent.title')}>
      <h1>{t('library.consent.title')}</h1>
      <p class="lead">{t('library.consent.lead')}</p>
      {items.length === 0 && <p class="empty">{t('library.consent.none')}</p>}
      <ul class="cards">
        {items.map((item) => {
          const { text, lang: shown } = textIn(item.texts, lang);
          return (
            <li class="card">
              <h2>
                <a href={libraryItemPath(lang, item.id)} lang={shown === lang ? undefined : shown}>
                  {text.title}
                </a>
              </h2>
              <p>
                <a href={`/${lang}/objects/${encodeURIComponent(item.objectId!)}`}>{t('library.object.link')}</a> · {item.consent ? t('library.consent.given') : t('library.consent.missing')}
              </p>
              <form method="post" action={`${libraryItemPath(lang, item.id)}/consent`}>
                <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
                <input type="hidden" name="consent" value={item.consent ? 'false' : 'true'} />
                <button type="submit">{item.consent ? t('library.consent.withdraw') : t('library.consent.give')}</button>
              </form>
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}
