import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { TrustedProxies } from '../../config/trusted-proxies.js';
import { DomainError, type FieldIssue } from '../../errors.js';
import { CSRF_FIELD, isValidCsrf } from '../../http/csrf.js';
import type { AppEnv } from '../../http/env.js';
import { translator, type Translate } from '../../i18n/i18n.js';
import { admitIdentification, type IdentificationAdmission } from '../../identify/identification-admission.js';
import { isNotEnoughDetail } from '../../identify/identify.api.js';
import { UploadTooLargeError } from '../../identify/multipart-upload.js';
import { MIN_IDENTIFY_SIDE } from '../../identify/prepare-image.js';
import { photoErrorText } from '../../registry/photos/photo-errors.js';
import { MAX_PHOTO_BYTES } from '../../registry/photos/photo-image.js';
import { localizeIssues } from '../../web/form-errors.js';
import { pageNumber } from '../../web/pagination.js';
import { forbiddenPage, loginRedirect, refusalPage, renderPage } from '../../web/page-responses.js';
import { formText, type FormValues as PostedValues } from '../../web/posted-text.js';
import { customsCheckResultPath } from '../red-list-paths.js';
import { readCheckUpload, uploadedPhotos } from './customs-check.api.js';
import { CheckFormPage, CheckHistoryPage } from './customs-check-form.components.js';
import { CheckResultPage, type DecisionForm } from './customs-check-result.components.js';
import { formFieldOf, formValues, parseCheckForm, type FormValues } from './customs-check.form.js';
import { DecisionSchema, MAX_CHECK_PHOTOS } from './customs-check.schemas.js';
import type { CustomsCheckService } from './customs-check.service.js';

export interface CustomsCheckPageDeps {
  checks: CustomsCheckService;
  /** Identification's rate limits and queue: a check with a photo goes through them. */
  admission: IdentificationAdmission;
  secureCookies: boolean;
  trustedProxies: TrustedProxies;
}

type FormStatus = 200 | 400 | 413 | 422 | 429 | 503;

/** Investigators and admins check objects; others are sent to sign in, or refused. */
function onlyOfficers(deps: CustomsCheckPageDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    if (principal.role !== 'investigator' && principal.role !== 'admin') return forbiddenPage(c, deps);
    await next();
    return undefined;
  };
}

/**
 * `/{lang}/customs-check`: one form (the phone's camera, what can be seen, what is declared), then
 * one result page per check (`/{lang}/customs-check/{id}`) where the officer decides; the
 * organisation's checks at `/{lang}/customs-check/history`.
 */
export function customsCheckPages(deps: CustomsCheckPageDeps) {
  const formPage = async (c: Context<AppEnv>, values: FormValues = {}, errors: FieldIssue[] = [], status: FormStatus = 200) => {
    const countries = await deps.checks.countries();
    return renderPage(c, deps, (page) => <CheckFormPage page={page} values={values} errors={errors} countries={countries} />, status);
  };
  const resultPage = async (c: Context<AppEnv>, decision?: DecisionForm) => {
    try {
      const view = await deps.checks.get(c.get('principal'), c.req.param('id') ?? '');
      return await renderPage(c, deps, (page) => <CheckResultPage page={page} view={view} decision={decision} saved={c.req.query('saved') === 'decision'} />, decision?.status ?? 200);
    } catch (error) {
      return refusalPage(c, deps, error);
    }
  };
  const officers = onlyOfficers(deps);
  const admit = admitIdentification(deps.admission, deps.trustedProxies, (c, { status, retryAfter }) =>
    formPage(c, {}, [{ field: 'photo', message: translator(c.get('lang'))(status === 429 ? 'identify.error.rateLimited' : 'identify.error.busy', { seconds: retryAfter }) }], status),
  );

  return new Hono<AppEnv>()
    .get('/:lang/customs-check', officers, (c) => formPage(c))
    .post('/:lang/customs-check', officers, admit, async (c) => {
      const t = translator(c.get('lang'));
      let upload;
      try {
        upload = await readCheckUpload(c);
      } catch (error) {
        if (error instanceof UploadTooLargeError) return formPage(c, {}, [{ field: 'photo', message: t('object.photo.error.tooLarge', { max: MAX_PHOTO_BYTES / 1_000_000 }) }], 413);
        if (error instanceof DomainError && error.issues.some((issue) => issue.field === 'photo')) return formPage(c, {}, [{ field: 'photo', message: t('customs.form.photo.tooMany', { max: MAX_CHECK_PHOTOS }) }], 400);
        throw error;
      }
      const values = formValues(upload.fields);
      try {
        if (!isValidCsrf(c, upload.fields[CSRF_FIELD])) return await forbiddenPage(c, deps);
        const parsed = parseCheckForm(values);
        if (!parsed.success) return await formPage(c, values, localizeIssues(parsed.issues, t), 400);
        const view = await deps.checks.run(c.get('principal'), { ...parsed.request, photos: uploadedPhotos(upload) });
        return c.redirect(customsCheckResultPath(c.get('lang'), view.check.id), 303);
      } catch (error) {
        if (isNotEnoughDetail(error)) return formPage(c, values, [{ field: 'photo', message: t('identify.error.notEnoughDetail') }], 422);
        if (error instanceof DomainError && error.kind === 'invalid' && error.code) return formPage(c, values, [{ field: 'photo', message: photoErrorMessage(error, t) }], 400);
        // Only the service knows the countries of the published lists (customs-check.service.ts).
        const countries = error instanceof DomainError && error.kind === 'invalid' ? error.issues.filter((issue) => issue.field.startsWith('facts.')) : [];
        if (countries.length > 0) return formPage(c, values, countries.map((issue) => ({ field: formFieldOf(issue.field.split('.')), message: t('customs.form.country.unknownCode') })), 400);
        throw error;
      } finally {
        await upload.discard();
      }
    })
    .get('/:lang/customs-check/history', officers, async (c) => {
      const found = await deps.checks.list(c.get('principal'), { page: pageNumber(c.req.query('page')) });
      return renderPage(c, deps, (page) => <CheckHistoryPage page={page} found={found} />);
    })
    .get('/:lang/customs-check/:id', (c) => resultPage(c))
    .post('/:lang/customs-check/:id/decision', async (c) => {
      const form = (await c.req.parseBody()) as PostedValues;
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, deps);
      if (!c.get('principal')) return loginRedirect(c);
      const t = translator(c.get('lang'));
      const values = { decision: formText(form, 'decision'), reason: formText(form, 'reason') };
      const parsed = DecisionSchema.safeParse({ decision: values.decision || undefined, reason: values.reason || undefined }, { reportInput: true });
      if (!parsed.success) return resultPage(c, { values, errors: localizeIssues(parsed.error.issues, t), status: 400 });
      const id = c.req.param('id');
      try {
        await deps.checks.decide(c.get('principal'), id, parsed.data);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'invalid') return resultPage(c, { values, errors: [{ field: 'reason', message: t('customs.form.decision.reasonRequired') }], status: 400 });
        if (error instanceof DomainError && error.kind === 'conflict') return resultPage(c, { values, errors: [{ field: 'decision', message: t('customs.form.decision.already') }], status: 409 });
        return refusalPage(c, deps, error);
      }
      return c.redirect(`${customsCheckResultPath(c.get('lang'), id)}?saved=decision#decision`, 303);
    });
}

/** Why a photo could not be used, in the page's language. */
function photoErrorMessage(error: DomainError, t: Translate): string {
  return error.code === 'photo.too-small' ? t('identify.error.tooSmall', { min: MIN_IDENTIFY_SIDE }) : photoErrorText(error, t);
}

