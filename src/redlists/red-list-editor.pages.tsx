import { createHash } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import { DomainError, type FieldIssue } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { translator, type Translate } from '../i18n/i18n.js';
import { LANGUAGES } from '../i18n/languages.js';
import { photoErrorText } from '../registry/photos/photo-errors.js';
import { MAX_PHOTO_BYTES } from '../registry/photos/photo-image.js';
import { localizeIssues, type SchemaIssue } from '../web/form-errors.js';
import type { PageContext } from '../web/page-context.js';
import { forbiddenPage, loginRedirect, notFoundPage, refusalPage, renderPage } from '../web/page-responses.js';
import type { Principal } from '../roles.js';
import { RED_LIST_FORMAT, RedListDocumentSchema, type RedListDocument } from './red-list-document.js';
import {
  categoryValues,
  CATEGORY_GROUPS,
  changedFields,
  formIssues,
  generalValues,
  legalValues,
  LEGAL_GROUPS,
  newListInput,
  postedValues,
  uploadedImageName,
  withCategory,
  withGeneral,
  withLegal,
  withoutCategory,
  type ChangedField,
  type EditorValues,
  type RowGroup,
  type RowMap,
} from './red-list-editor.form.js';
import { editorCategoryPath, editorPath } from './red-list-editor.paths.js';
import { CategoriesPage, CategoryPage, GeneralPage, LegalPage, ListsPage, NoDraftPage, PublishPage, TooLargePage, type DraftContext } from './red-list-editor.views.js';
import type { RedListDraft, RedListService } from './red-list.service.js';

/** What the editor's pages ask of the Red List service. */
export type RedListEditing = Pick<
  RedListService,
  'listsForEditor' | 'createList' | 'getDraft' | 'saveDraft' | 'addDraftImage' | 'publish' | 'startEdition' | 'editions' | 'editorsOf' | 'addEditor' | 'removeEditor'
>;

type Status = 200 | 400 | 404 | 409 | 413;

/** A section of the draft as a form: where it is in the document, how it goes in, how it shows, where a save leads. */
interface Section {
  /** The section's place in the document (`categories.3`), stripped from the issues' paths. */
  prefix: string;
  /** The document arrays the form shows as rows (`legal.laws` → `laws`). */
  groups: Partial<Record<string, RowGroup>>;
  build: (document: RedListDocument) => { input: unknown; rowOf: RowMap };
  /** The section's values in a document as its form shows them; undefined when the document lacks it (a category not yet saved). */
  valuesIn: (document: RedListDocument) => EditorValues | undefined;
  show: (context: DraftContext, values: EditorValues, errors: FieldIssue[], conflict: ChangedField[] | null) => (page: PageContext) => JSX.Element;
  done: string;
}

/** The multipart envelope around the photos of one category form: boundaries, part headers, the other fields. */
const MULTIPART_ALLOWANCE = 256 * 1024;

/**
 * The pages where admins of the secretariat and Red List editors write drafts (a section per page:
 * general, legal and contacts, categories one at a time), upload example photos, publish an edition
 * and start the next; admins choose who edits a list. Anonymous visitors are sent to sign in,
 * other roles refused; a list one does not edit is, to them, as if it did not exist.
 */
export function redListEditorPages(redLists: RedListEditing, secureCookies: boolean) {
  const options = { secureCookies };
  const render = (c: Context<AppEnv>, body: (page: PageContext) => JSX.Element, status: Status = 200) => renderPage(c, options, body, status);

  const editorsOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    if (principal.role !== 'admin' && principal.role !== 'red-list-editor') return forbiddenPage(c, options);
    return next();
  };

  const photosLimit = bodyLimit({
    maxSize: MAX_PHOTO_BYTES + MULTIPART_ALLOWANCE,
    onError: (c) => render(c, (page) => <TooLargePage page={page} back={editorPath(c.get('lang'), c.req.param('slug') ?? '', 'categories')} />, 413),
  });

  const principalOf = (c: Context<AppEnv>): Principal => c.get('principal')!;

  /** The draft and what the pages show beside it (editions, editors); a list without a draft shows its editions. */
  const draftContext = async (c: Context<AppEnv>, draft: RedListDraft): Promise<DraftContext> => {
    const principal = principalOf(c);
    const [editions, editors] = await Promise.all([redLists.editions(principal, draft.slug), redLists.editorsOf(principal, draft.slug)]);
    return { draft, editions, editors, saved: c.req.query('saved') };
  };

  /** The draft of the list in the URL, or the answer to give instead (sign-in, 404, its editions when it has no draft). */
  const loadDraft = async (c: Context<AppEnv>): Promise<RedListDraft | Response> => {
    const slug = c.req.param('slug') ?? '';
    const principal = principalOf(c);
    const summary = (await redLists.listsForEditor(principal)).find((list) => list.slug === slug);
    if (!summary) return notFoundPage(c, options);
    if (!summary.draft) return c.redirect(editorPath(c.get('lang'), slug), 303);
    try {
      return await redLists.getDraft(principal, slug);
    } catch (error) {
      return refusalPage(c, options, error);
    }
  };

  /**
   * Saves a section: `build` puts the form into the draft's document, the schema checks it (messages
   * in the page's language, beside their fields), then the service (the tree, and that no one saved
   * meanwhile: a stale save is refused and what was typed is shown again on the newer version, with
   * the fields where it differs from what is now stored, so that saving again overwrites knowingly).
   */
  const saveSection = async (
    c: Context<AppEnv>,
    draft: RedListDraft,
    values: EditorValues,
    section: Section,
    preErrors: FieldIssue[] = [],
  ) => {
    const t = translator(c.get('lang'));
    const principal = principalOf(c);
    const { input, rowOf } = section.build(draft.document);
    const again = async (errors: FieldIssue[], status: Status, current = draft, conflict: ChangedField[] | null = null) =>
      render(c, section.show(await draftContext(c, current), { ...values, version: String(current.version) }, errors, conflict), status);
    const parsed = RedListDocumentSchema.safeParse(input, { reportInput: true });
    if (!parsed.success || preErrors.length > 0) {
      const issues = parsed.success ? [] : schemaIssues(parsed.error.issues, t);
      return again([...preErrors, ...formIssues(issues, section.prefix, section.groups, rowOf)], 400);
    }
    try {
      await redLists.saveDraft(principal, draft.slug, parsed.data, Number(values.version));
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'conflict') {
        const current = await redLists.getDraft(principal, draft.slug);
        const [written, stored] = [section.valuesIn(parsed.data), section.valuesIn(current.document)];
        return again([], 409, current, written && stored ? changedFields(written, stored) : []);
      }
      if (error instanceof DomainError && error.kind === 'invalid') return again(formIssues(treeIssues(error.issues, section.prefix, t), section.prefix, section.groups, rowOf), 400);
      return refusalPage(c, options, error);
    }
    return c.redirect(`${section.done}?saved=draft`, 303);
  };

  const readForm = async (c: Context<AppEnv>) => {
    const posted = (await c.req.parseBody({ all: true })) as Record<string, string | File | Array<string | File>>;
    return isValidCsrf(c, posted[CSRF_FIELD]) ? posted : null;
  };

  type PostedForm = NonNullable<Awaited<ReturnType<typeof readForm>>>;

  /** A form posted to a draft: refused without its CSRF token, then the draft (or the answer instead of it) with the form. */
  const draftPost = async (c: Context<AppEnv>): Promise<{ form: PostedForm; draft: RedListDraft } | Response> => {
    const form = await readForm(c);
    if (!form) return forbiddenPage(c, options);
    const draft = await loadDraft(c);
    return draft instanceof Response ? draft : { form, draft };
  };

  /** The handler saving a section whose form holds no photo: `sectionOf` says where the posted values go. */
  const saveSimpleSection = (sectionOf: (c: Context<AppEnv>, draft: RedListDraft, values: EditorValues) => Section) => async (c: Context<AppEnv>) => {
    const posted = await draftPost(c);
    if (posted instanceof Response) return posted;
    const values = postedValues(posted.form);
    return saveSection(c, posted.draft, values, sectionOf(c, posted.draft, values));
  };

  /** A list's page: its draft's general section, or its editions when it has no draft; `editorsError` tells why a change of editors was refused. */
  const showList = async (c: Context<AppEnv>, editorsError?: string) => {
    const slug = c.req.param('slug') ?? '';
    const principal = principalOf(c);
    const summary = (await redLists.listsForEditor(principal)).find((list) => list.slug === slug);
    if (!summary) return notFoundPage(c, options);
    const status = editorsError ? 400 : 200;
    if (!summary.draft) {
      const [editions, editors] = await Promise.all([redLists.editions(principal, slug), redLists.editorsOf(principal, slug)]);
      return render(c, (page) => <NoDraftPage page={page} slug={slug} title={summary.title} editions={editions} editors={editors} saved={c.req.query('saved')} editorsError={editorsError} />, status);
    }
    const context = { ...(await draftContext(c, await redLists.getDraft(principal, slug))), editorsError };
    return render(c, (page) => <GeneralPage page={page} context={context} values={{ ...generalValues(context.draft.document), version: String(context.draft.version) }} errors={[]} conflict={null} />, status);
  };

  /** Admins add or remove a list's editors by e-mail; a refusal (no such person, not a Red List editor) is told on the list's page. */
  const changeEditors = async (c: Context<AppEnv>, change: 'add' | 'remove') => {
    const form = await readForm(c);
    if (!form) return forbiddenPage(c, options);
    const slug = c.req.param('slug') ?? '';
    const email = postedValues(form).email?.trim() ?? '';
    const t = translator(c.get('lang'));
    try {
      await (change === 'add' ? redLists.addEditor(principalOf(c), slug, email) : redLists.removeEditor(principalOf(c), slug, email));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.kind === 'invalid') return showList(c, t('redlistEditor.editors.notEditor', { email }));
      // Not found: the list (a 404 page), or the person, or the person among the list's editors.
      if (error.kind === 'not-found' && (await redLists.listsForEditor(principalOf(c))).some((list) => list.slug === slug)) {
        return showList(c, change === 'add' ? t('redlistEditor.editors.unknown', { email }) : t('redlistEditor.editors.notListed', { email }));
      }
      return refusalPage(c, options, error);
    }
    return c.redirect(`${editorPath(c.get('lang'), slug)}?saved=${change === 'add' ? 'editor-added' : 'editor-removed'}#editors`, 303);
  };

  /** Saves the category form: first the photos it carries (each under a name of its own), then the document. */
  const saveCategory = async (c: Context<AppEnv>, id: string | null) => {
    const posted = await draftPost(c);
    if (posted instanceof Response) return posted;
    const { form, draft } = posted;
    const lang = c.get('lang');
    const t = translator(lang);
    const index = id === null ? null : draft.document.categories.findIndex((category) => category.id === id);
    if (index === -1) return notFoundPage(c, options);
    const values = postedValues(form);
    const uploaded = new Map<number, string>();
    const photoErrors: FieldIssue[] = [];
    for (const [name, value] of Object.entries(form)) {
      const match = /^examples\.(\d+)\.photo$/.exec(name);
      const file = Array.isArray(value) ? value[0] : value;
      if (!match || !(file instanceof File) || file.size === 0) continue;
      const bytes = Buffer.from(await file.arrayBuffer());
      const imageName = uploadedImageName(values.id?.trim() ?? '', createHash('sha256').update(bytes).digest('hex'), file.name);
      try {
        await redLists.addDraftImage(principalOf(c), draft.slug, imageName, bytes);
        uploaded.set(Number(match[1]), imageName);
        // Shown again with the form if the save is refused: the photo is kept, not to be chosen again.
        values[`examples.${match[1]}.image`] = imageName;
      } catch (error) {
        if (!(error instanceof DomainError && error.kind === 'invalid')) return refusalPage(c, options, error);
        photoErrors.push({ field: `examples.${match[1]}.photo`, message: error.issues.some((issue) => issue.field === 'name') ? t('form.error.format') : photoErrorText(error, t) });
      }
    }
    return saveSection(
      c,
      draft,
      values,
      {
        prefix: `categories.${index ?? draft.document.categories.length}`,
        groups: CATEGORY_GROUPS,
        build: (document) => withCategory(document, index, values, uploaded),
        // The category as it was (its id may be changed by this very save), or under its new id once written.
        valuesIn: (document) => {
          const category = document.categories.find((candidate) => candidate.id === id) ?? document.categories.find((candidate) => candidate.id === values.id?.trim());
          return category && categoryValues(category);
        },
        show: (context, shown, errors, conflict) => (page) => <CategoryPage page={page} context={context} id={id} values={shown} errors={errors} conflict={conflict} />,
        done: editorCategoryPath(lang, draft.slug, values.id?.trim() ?? ''),
      },
      photoErrors,
    );
  };

  return (
    new Hono<AppEnv>()
      .use('/:lang/red-lists/edit', editorsOnly)
      .use('/:lang/red-lists/edit/*', editorsOnly)
      .get('/:lang/red-lists/edit', async (c) => {
        const lists = await redLists.listsForEditor(principalOf(c));
        return render(c, (page) => <ListsPage page={page} lists={lists} values={{ 'edition.year': String(new Date().getUTCFullYear()), languages: LANGUAGES.join(' ') }} errors={[]} />);
      })
      .post('/:lang/red-lists/edit', async (c) => {
        const form = await readForm(c);
        if (!form) return forbiddenPage(c, options);
        const lang = c.get('lang');
        const t = translator(lang);
        const values = postedValues(form);
        const principal = principalOf(c);
        const again = async (errors: FieldIssue[], status: Status) => {
          const lists = await redLists.listsForEditor(principal);
          return render(c, (page) => <ListsPage page={page} lists={lists} values={values} errors={errors} />, status);
        };
        const disclaimer = Object.fromEntries(LANGUAGES.map((l) => [l, translator(l)('redlistEditor.defaultDisclaimer')]));
        const parsed = RedListDocumentSchema.safeParse(newListInput(values, disclaimer, RED_LIST_FORMAT), { reportInput: true });
        if (!parsed.success) return again(newListIssues(schemaIssues(parsed.error.issues, t)), 400);
        try {
          await redLists.createList(principal, parsed.data);
        } catch (error) {
          if (error instanceof DomainError && error.kind === 'conflict') return again([{ field: 'slug', message: t('redlistEditor.error.slugTaken') }], 409);
          if (error instanceof DomainError && error.kind === 'invalid') return again(newListIssues(error.issues), 400);
          return refusalPage(c, options, error);
        }
        return c.redirect(`${editorPath(lang, parsed.data.slug)}?saved=created`, 303);
      })
      .get('/:lang/red-lists/edit/:slug', (c) => showList(c))
      .post(
        '/:lang/red-lists/edit/:slug',
        saveSimpleSection((c, draft, values) => ({
          prefix: '',
          groups: {},
          build: (document) => ({ input: withGeneral(document, values), rowOf: {} }),
          valuesIn: generalValues,
          show: (context, shown, errors, conflict) => (page) => <GeneralPage page={page} context={context} values={shown} errors={errors} conflict={conflict} />,
          done: editorPath(c.get('lang'), draft.slug),
        })),
      )
      .get('/:lang/red-lists/edit/:slug/legal', async (c) => {
        const draft = await loadDraft(c);
        if (draft instanceof Response) return draft;
        const context = await draftContext(c, draft);
        return render(c, (page) => <LegalPage page={page} context={context} values={{ ...legalValues(draft.document), version: String(draft.version) }} errors={[]} conflict={null} />);
      })
      .post(
        '/:lang/red-lists/edit/:slug/legal',
        saveSimpleSection((c, draft, values) => ({
          prefix: '',
          groups: LEGAL_GROUPS,
          build: (document) => withLegal(document, values),
          valuesIn: legalValues,
          show: (context, shown, errors, conflict) => (page) => <LegalPage page={page} context={context} values={shown} errors={errors} conflict={conflict} />,
          done: editorPath(c.get('lang'), draft.slug, 'legal'),
        })),
      )
      .get('/:lang/red-lists/edit/:slug/categories', async (c) => {
        const draft = await loadDraft(c);
        if (draft instanceof Response) return draft;
        const context = await draftContext(c, draft);
        return render(c, (page) => <CategoriesPage page={page} context={context} />);
      })
      .get('/:lang/red-lists/edit/:slug/categories/new', async (c) => {
        const draft = await loadDraft(c);
        if (draft instanceof Response) return draft;
        const context = await draftContext(c, draft);
        const values = { parent: c.req.query('parent') ?? '', version: String(draft.version) };
        return render(c, (page) => <CategoryPage page={page} context={context} id={null} values={values} errors={[]} conflict={null} />);
      })
      .post('/:lang/red-lists/edit/:slug/categories', photosLimit, (c) => saveCategory(c, null))
      .get('/:lang/red-lists/edit/:slug/categories/:id', async (c) => {
        const draft = await loadDraft(c);
        if (draft instanceof Response) return draft;
        const category = draft.document.categories.find((candidate) => candidate.id === c.req.param('id'));
        if (!category) return notFoundPage(c, options);
        const context = await draftContext(c, draft);
        return render(c, (page) => <CategoryPage page={page} context={context} id={category.id} values={{ ...categoryValues(category), version: String(draft.version) }} errors={[]} conflict={null} />);
      })
      .post('/:lang/red-lists/edit/:slug/categories/:id', photosLimit, (c) => saveCategory(c, c.req.param('id')))
      .post('/:lang/red-lists/edit/:slug/categories/:id/delete', async (c) => {
        const posted = await draftPost(c);
        if (posted instanceof Response) return posted;
        const { form, draft } = posted;
        const lang = c.get('lang');
        const index = draft.document.categories.findIndex((category) => category.id === c.req.param('id'));
        if (index === -1) return notFoundPage(c, options);
        const t = translator(lang);
        const values = { ...categoryValues(draft.document.categories[index]!), version: postedValues(form).version ?? '' };
        const refuse = async (message: string, current: RedListDraft, conflict: ChangedField[] | null, status: Status) =>
          render(c, (page) => <CategoryPage page={page} context={{ ...context, draft: current }} id={c.req.param('id')} values={{ ...values, version: String(current.version) }} errors={message ? [{ field: 'delete', message }] : []} conflict={conflict} />, status);
        const context = await draftContext(c, draft);
        // A list keeps at least one category (the document needs one).
        if (draft.document.categories.length === 1) return refuse(t('redlistEditor.category.delete.last'), draft, null, 400);
        try {
          await redLists.saveDraft(principalOf(c), draft.slug, withoutCategory(draft.document, index), Number(values.version));
        } catch (error) {
          // Nothing was typed on a deletion: the notice only says the draft changed, to look again before deleting.
          if (error instanceof DomainError && error.kind === 'conflict') return refuse('', await redLists.getDraft(principalOf(c), draft.slug), [], 409);
          return refusalPage(c, options, error);
        }
        return c.redirect(`${editorPath(lang, draft.slug, 'categories')}?saved=deleted`, 303);
      })
      .get('/:lang/red-lists/edit/:slug/publish', async (c) => {
        const draft = await loadDraft(c);
        if (draft instanceof Response) return draft;
        const context = await draftContext(c, draft);
        return render(c, (page) => <PublishPage page={page} context={context} issues={draft.publishIssues} />);
      })
      .post('/:lang/red-lists/edit/:slug/publish', async (c) => {
        const posted = await draftPost(c);
        if (posted instanceof Response) return posted;
        const { draft } = posted;
        try {
          await redLists.publish(principalOf(c), draft.slug);
        } catch (error) {
          if (!(error instanceof DomainError && error.kind === 'invalid')) return refusalPage(c, options, error);
          const current = await draftContext(c, await redLists.getDraft(principalOf(c), draft.slug));
          return render(c, (page) => <PublishPage page={page} context={current} issues={error.issues} />, 400);
        }
        return c.redirect(`${editorPath(c.get('lang'), draft.slug)}?saved=published`, 303);
      })
      .post('/:lang/red-lists/edit/:slug/editions', async (c) => {
        const form = await readForm(c);
        if (!form) return forbiddenPage(c, options);
        const slug = c.req.param('slug');
        try {
          await redLists.startEdition(principalOf(c), slug);
        } catch (error) {
          // Someone started it meanwhile: their draft is the one to write.
          if (!(error instanceof DomainError && error.kind === 'conflict')) return refusalPage(c, options, error);
        }
        return c.redirect(`${editorPath(c.get('lang'), slug)}?saved=edition`, 303);
      })
      .post('/:lang/red-lists/edit/:slug/editors', (c) => changeEditors(c, 'add'))
      .post('/:lang/red-lists/edit/:slug/editors/remove', (c) => changeEditors(c, 'remove'))
      // The address a rejected form is shown at; the language switcher links to it, so lead it to the form.
      .get('/:lang/red-lists/edit/:slug/editions', (c) => c.redirect(editorPath(c.get('lang'), c.req.param('slug')), 303))
      .get('/:lang/red-lists/edit/:slug/editors', (c) => c.redirect(editorPath(c.get('lang'), c.req.param('slug')), 303))
  );
}

/** Schema issues in the page's language; a text typed in no language, and a period that ends before it starts, get their own words. */
function schemaIssues(issues: readonly SchemaIssue[], t: Translate): FieldIssue[] {
  const localized = localizeIssues(issues, t);
  return issues.map((issue, i) => {
    if (issue.code !== 'custom') return localized[i]!;
    const field = localized[i]!.field;
    return { field, message: field.endsWith('period') ? t('redlistEditor.error.period') : t('redlistEditor.error.oneLanguage') };
  });
}

/**
 * The service's refusals of the category tree in the page's language: a parent that would make a
 * cycle (or that no longer exists), a category id already taken. Other issues keep the service's words.
 */
function treeIssues(issues: readonly FieldIssue[], prefix: string, t: Translate): FieldIssue[] {
  const dotted = (field: string) => field.replace(/\[(\d+)\]/g, '.$1');
  return issues.map((issue) => {
    const field = dotted(issue.field);
    if (field === `${prefix}.parent`) return { field, message: t('redlistEditor.error.parent') };
    if (field === `${prefix}.id`) return { field, message: t('redlistEditor.error.categoryTaken') };
    return { ...issue, field };
  });
}

/** The "new list" form names the first category's fields `category.id` and `category.name`. */
function newListIssues(issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.map((issue) => ({ ...issue, field: issue.field.replace(/\[(\d+)\]/g, '.$1').replace(/^categories\.0\./, 'category.') }));
}
