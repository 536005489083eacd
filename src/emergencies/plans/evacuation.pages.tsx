import { PassThrough, Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DomainError, type FieldIssue } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { CSRF_FIELD, isValidCsrf } from '../../http/csrf.js';
import { translator } from '../../i18n/i18n.js';
import { LANGUAGES } from '../../i18n/languages.js';
import { formatDate } from '../../registry/object.components.js';
import { localizeIssues } from '../../web/form-errors.js';
import { pageNumber } from '../../web/pagination.js';
import { forbiddenPage, loginRedirect, refusalPage, renderPage, type PageOptions } from '../../web/page-responses.js';
import { formText, type FormValues } from '../../web/posted-text.js';
import { moveInput, moveValues, planInput, planValues } from './evacuation-form.js';
import { PRIORITIES } from './evacuation-plan.js';
import { BatchMovementSchema, MovementInputSchema, PlanInputSchema } from './evacuation-plan.schemas.js';
import type { EvacuationPlanService } from './evacuation-plan.service.js';
import { MovementsPage, type BatchFormState } from './evacuation-movements.page.js';
import { EvacuationObjectPage, type MoveFormState, type PlanFormState } from './evacuation-object.page.js';
import { EvacuationIndexPage, type ImportOutcome } from './evacuation-index.page.js';

/** A CSV sent from the page: as the API allows. */
const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
const IMPORT_PAGE = new RegExp(`^/(${LANGUAGES.join('|')})/evacuation/import$`);

/** POST /{lang}/evacuation/import: the page's CSV upload, whose body may exceed the app's general limit (it has its own). */
export function isEvacuationImportPage(method: string, path: string): boolean {
  return method === 'POST' && IMPORT_PAGE.test(path);
}

/** `organisation=` carried by admins from page to page (registrars work on their own museum). */
const orgQuery = (slug: string | undefined) => (slug ? `?organisation=${encodeURIComponent(slug)}` : '');

/**
 * The pages of museum emergency plans, for the museum's registrars and admins: the objects with
 * their plans (filtered) and the CSV import, one object's plan and movements, the movements list
 * with the batch form, and the printed evacuation list.
 */
export function evacuationPages(plans: EvacuationPlanService, options: PageOptions): Hono<AppEnv> {
  const staffOnly = (c: Context<AppEnv>) => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    if (principal.role !== 'admin' && principal.role !== 'registrar') return forbiddenPage(c, options);
    return undefined;
  };

  const index = async (c: Context<AppEnv>, outcome?: ImportOutcome, status: 200 | 400 = 200) => {
    const refused = staffOnly(c);
    if (refused) return refused;
    const priorityParam = c.req.query('priority');
    const priority = priorityParam === 'none' ? ('none' as const) : PRIORITIES.find((p) => String(p) === priorityParam);
    const filters = { organisation: c.req.query('organisation') || undefined, priority, building: c.req.query('building')?.trim() || undefined, q: c.req.query('q')?.trim() || undefined };
    try {
      const view = await plans.list(c.get('principal'), { ...filters, page: pageNumber(c.req.query('page')) });
      return await renderPage(c, options, (page) => <EvacuationIndexPage page={page} view={view} filters={filters} outcome={outcome} />, status);
    } catch (error) {
      return refusalPage(c, options, error);
    }
  };

  const objectPage = async (c: Context<AppEnv>, forms: { plan?: PlanFormState; move?: MoveFormState } = {}, status: 200 | 400 = 200) => {
    const refused = staffOnly(c);
    if (refused) return refused;
    try {
      const view = await plans.get(c.get('principal'), c.req.param('id') ?? '');
      return await renderPage(c, options, (page) => <EvacuationObjectPage page={page} view={view} saved={c.req.query('saved')} planForm={forms.plan} moveForm={forms.move} />, status);
    } catch (error) {
      return refusalPage(c, options, error);
    }
  };

  const movementsPage = async (c: Context<AppEnv>, batch?: BatchFormState, status: 200 | 400 = 200) => {
    const refused = staffOnly(c);
    if (refused) return refused;
    const since = /^\d{4}-\d{2}-\d{2}$/.test(c.req.query('since') ?? '') ? c.req.query('since') : undefined;
    try {
      const view = await plans.movements(c.get('principal'), { organisation: c.req.query('organisation') || undefined, since, page: pageNumber(c.req.query('page')) });
      return await renderPage(c, options, (page) => <MovementsPage page={page} view={view} since={since} batch={batch} recorded={c.req.query('recorded')} />, status);
    } catch (error) {
      return refusalPage(c, options, error);
    }
  };

  /** The posted form, once its CSRF token is checked (undefined: refused). */
  const postedForm = async (c: Context<AppEnv>): Promise<FormValues | undefined> => {
    const form = (await c.req.parseBody({ all: true })) as FormValues;
    return isValidCsrf(c, form[CSRF_FIELD]) ? form : undefined;
  };

  return new Hono<AppEnv>()
    .get('/:lang/evacuation', (c) => index(c))
    .post(
      '/:lang/evacuation/import',
      async (c, next) => staffOnly(c) ?? next(),
      bodyLimit({ maxSize: MAX_IMPORT_BYTES, onError: (c) => index(c, { errors: [{ field: 'file', message: translator(c.get('lang'))('form.error.tooLong', { max: MAX_IMPORT_BYTES }) }] }, 400) }),
      async (c) => {
        const form = await postedForm(c);
        if (!form) return forbiddenPage(c, options);
        const file = form.file;
        const t = translator(c.get('lang'));
        if (!(file instanceof File) || file.size === 0) return index(c, { errors: [{ field: 'file', message: t('form.error.required') }] }, 400);
        try {
          const result = await plans.importCsv(c.get('principal'), await file.text(), formText(form, 'organisation') || undefined);
          return await index(c, { imported: result.updated, warnings: result.warnings, errors: [] });
        } catch (error) {
          if (error instanceof DomainError && error.kind === 'invalid') return index(c, { errors: error.issues.length > 0 ? error.issues : [{ field: 'file', message: error.message }] }, 400);
          return refusalPage(c, options, error);
        }
      },
    )
    .get('/:lang/evacuation/list.pdf', async (c) => {
      const refused = staffOnly(c);
      if (refused) return refused;
      const principal = c.get('principal');
      const lang = c.get('lang');
      const organisation = c.req.query('organisation') || undefined;
      let museum;
      try {
        museum = await plans.museum(principal, organisation);
      } catch (error) {
        return refusalPage(c, options, error);
      }
      // Streamed as it is drawn: a 50,000-object list is larger than what a process should hold.
      const body = new PassThrough();
      plans.writeList(principal, body, { lang, date: formatDate(new Date().toISOString(), lang), organisation }).catch((error: unknown) => body.destroy(error as Error));
      c.header('Content-Type', 'application/pdf');
      c.header('Content-Disposition', `inline; filename="evacuation-list-${museum.slug}.pdf"`);
      return c.body(Readable.toWeb(body) as ReadableStream<Uint8Array>, 200);
    })
    .get('/:lang/evacuation/objects/:id', (c) => objectPage(c))
    .post('/:lang/evacuation/objects/:id', async (c) => {
      const refused = staffOnly(c);
      if (refused) return refused;
      const form = await postedForm(c);
      if (!form) return forbiddenPage(c, options);
      const id = c.req.param('id');
      const values = planValues(form);
      const parsed = PlanInputSchema.safeParse(planInput(values), { reportInput: true });
      if (!parsed.success) return objectPage(c, { plan: { values, errors: localizeIssues(parsed.error.issues, translator(c.get('lang'))) } }, 400);
      try {
        await plans.set(c.get('principal'), id, parsed.data);
      } catch (error) {
        return refusalPage(c, options, error);
      }
      return c.redirect(`/${c.get('lang')}/evacuation/objects/${encodeURIComponent(id)}?saved=plan`, 303);
    })
    .post('/:lang/evacuation/objects/:id/remove', async (c) => {
      const refused = staffOnly(c);
      if (refused) return refused;
      if (!(await postedForm(c))) return forbiddenPage(c, options);
      const id = c.req.param('id');
      try {
        await plans.remove(c.get('principal'), id);
      } catch (error) {
        return refusalPage(c, options, error);
      }
      return c.redirect(`/${c.get('lang')}/evacuation/objects/${encodeURIComponent(id)}?saved=removed`, 303);
    })
    .post('/:lang/evacuation/objects/:id/move', async (c) => {
      const refused = staffOnly(c);
      if (refused) return refused;
      const form = await postedForm(c);
      if (!form) return forbiddenPage(c, options);
      const id = c.req.param('id');
      const values = moveValues(form);
      const t = translator(c.get('lang'));
      const parsed = MovementInputSchema.safeParse(moveInput(values), { reportInput: true });
      if (!parsed.success) return objectPage(c, { move: { values, errors: localizeIssues(parsed.error.issues, t) } }, 400);
      try {
        await plans.move(c.get('principal'), id, parsed.data);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'invalid') return objectPage(c, { move: { values, errors: fieldMessages(error.issues, t('form.error.invalid')) } }, 400);
        return refusalPage(c, options, error);
      }
      return c.redirect(`/${c.get('lang')}/evacuation/objects/${encodeURIComponent(id)}?saved=moved`, 303);
    })
    .get('/:lang/evacuation/movements', (c) => movementsPage(c))
    .post('/:lang/evacuation/movements', async (c) => {
      const refused = staffOnly(c);
      if (refused) return refused;
      const form = await postedForm(c);
      if (!form) return forbiddenPage(c, options);
      const t = translator(c.get('lang'));
      const values = { ...moveValues(form), numbers: formText(form, 'numbers') };
      const organisation = formText(form, 'organisation') || undefined;
      const inventoryNumbers = values.numbers
        .split(/[\n,;]/)
        .map((n) => n.trim())
        .filter(Boolean);
      const parsed = BatchMovementSchema.safeParse({ ...moveInput(values), inventoryNumbers, organisation }, { reportInput: true });
      if (!parsed.success) return movementsPage(c, { values, errors: localizeIssues(parsed.error.issues, t).map((issue) => (issue.field.startsWith('inventoryNumbers') ? { ...issue, field: 'numbers' } : issue)) }, 400);
      const { inventoryNumbers: numbers, organisation: slug, ...movement } = parsed.data;
      let count: number;
      try {
        count = (await plans.moveBatch(c.get('principal'), numbers, movement, slug)).length;
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'invalid') {
          // "inventoryNumbers.3": the number the form's list gave fourth, named as the registrar wrote it.
          const errors = error.issues.map((issue) => (issue.field.startsWith('inventoryNumbers') ? { field: 'numbers', message: issue.message } : issue));
          return movementsPage(c, { values, errors }, 400);
        }
        return refusalPage(c, options, error);
      }
      return c.redirect(`/${c.get('lang')}/evacuation/movements${orgQuery(slug)}${slug ? '&' : '?'}recorded=${count}`, 303);
    });
}

/** Service refusals keep their field; their English message becomes the page's generic one. */
function fieldMessages(issues: readonly FieldIssue[], message: string): FieldIssue[] {
  return issues.map((issue) => ({ field: issue.field, message }));
}
