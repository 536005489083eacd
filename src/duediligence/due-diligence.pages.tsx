import { Hono, type Context } from 'hono';
import { DomainError, type FieldIssue } from '../errors.js';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import type { AppEnv } from '../http/env.js';
import { translator } from '../i18n/i18n.js';
import { UploadTooLargeError } from '../identify/multipart-upload.js';
import { PRIVATE_NO_STORE } from '../registry/photos/photo.api.js';
import { pageNumber } from '../web/pagination.js';
import { forbiddenPage, loginRedirect, refusalPage, renderPage } from '../web/page-responses.js';
import { CheckResultPage, DueDiligencePage, type FormValues } from './due-diligence.components.js';
import { dueDiligenceCheckPath } from './due-diligence-paths.js';
import type { DueDiligenceService } from './due-diligence.service.js';
import { MAX_UPLOAD_BYTES, OBJECT_FIELDS, readDueDiligenceUpload, submissionOf } from './due-diligence.upload.js';

export interface DueDiligencePageDeps {
  checks: DueDiligenceService;
  secureCookies: boolean;
}

/**
 * `/{lang}/due-diligence`: the forms (one object, a catalogue) and the organisation's checks;
 * `/{lang}/due-diligence/{id}`: a check's progress and results. Works without JavaScript.
 */
export function dueDiligencePages(deps: DueDiligencePageDeps) {
  const formPage = async (c: Context<AppEnv>, values: FormValues = {}, errors: FieldIssue[] = [], status: 200 | 400 | 413 = 200) => {
    const found = await deps.checks.list(c.get('principal'), { page: pageNumber(c.req.query('page')) });
    return renderPage(c, deps, (page) => <DueDiligencePage page={page} found={found} values={values} errors={errors} />, status);
  };
  return new Hono<AppEnv>()
    .get('/:lang/due-diligence', (c) => (c.get('principal') ? formPage(c) : loginRedirect(c)))
    .post('/:lang/due-diligence', async (c) => {
      if (!c.get('principal')) return loginRedirect(c);
      const t = translator(c.get('lang'));
      let upload;
      try {
        upload = await readDueDiligenceUpload(c);
      } catch (error) {
        if (error instanceof UploadTooLargeError) return formPage(c, {}, [{ field: 'catalogue', message: t('object.photo.error.tooLarge', { max: MAX_UPLOAD_BYTES / 1_000_000 }) }], 413);
        throw error;
      }
      const values: FormValues = Object.fromEntries([...OBJECT_FIELDS, 'format'].map((name) => [name, upload.fields[name] ?? '']));
      try {
        if (!isValidCsrf(c, upload.fields[CSRF_FIELD])) return await forbiddenPage(c, deps);
        const check = await deps.checks.submit(c.get('principal'), await submissionOf(upload, c.get('lang')));
        return c.redirect(dueDiligenceCheckPath(c.get('lang'), check.id), 303);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'invalid') {
          const fallback = upload.fields.kind === 'catalogue' ? 'catalogue' : 'title';
          // A catalogue that cannot be read says why in the service's words; a missing file in the page's language.
          const message = (issue: FieldIssue) => (issue.field === 'catalogue' && issue.message === 'required' ? t('dd.form.missingCatalogue') : error.message);
          const issues = error.issues.length > 0 ? error.issues.map((issue) => ({ field: issue.field, message: message(issue) })) : [{ field: fallback, message: error.message }];
          return formPage(c, values, issues, 400);
        }
        throw error;
      } finally {
        await upload.discard();
      }
    })
    .get('/:lang/due-diligence/:id', async (c) => {
      if (!c.get('principal')) return loginRedirect(c);
      try {
        const view = await deps.checks.get(c.get('principal'), c.req.param('id'));
        return await renderPage(c, deps, (page) => <CheckResultPage page={page} view={view} />);
      } catch (error) {
        return refusalPage(c, deps, error);
      }
    });
}

/** Lot photos and evidence images, as visible as their check (404 for anyone else; the app maps refusals), kept by no cache. */
export function dueDiligenceMediaRoutes(checks: Pick<DueDiligenceService, 'photo' | 'evidence'>) {
  const send = async (c: Context<AppEnv>, load: () => Promise<{ bytes: Buffer; mime: string }>) => {
    // Set before loading: a refusal (404) must not be kept by any cache either.
    c.header('Cache-Control', PRIVATE_NO_STORE);
    const { bytes, mime } = await load();
    return c.body(new Uint8Array(bytes), 200, { 'Content-Type': mime, 'Content-Length': String(bytes.length), 'X-Content-Type-Options': 'nosniff' });
  };
  return new Hono<AppEnv>()
    .get('/media/due-diligence/:id/lots/:lot/photos/:n', (c) =>
      send(c, async () => {
        const photo = await checks.photo(c.get('principal') ?? null, c.req.param('id'), Number(c.req.param('lot')), Number(c.req.param('n')));
        return { bytes: photo.bytes, mime: mimeOf(photo.name) };
      }),
    )
    .get('/media/due-diligence/:id/lots/:lot/evidence/:objectId', (c) =>
      send(c, async () => ({ bytes: await checks.evidence(c.get('principal') ?? null, c.req.param('id'), Number(c.req.param('lot')), c.req.param('objectId')), mime: 'image/jpeg' })),
    );
}

const MIME: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', tif: 'image/tiff', tiff: 'image/tiff', avif: 'image/avif' };
const mimeOf = (name: string) => MIME[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
