import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { DomainError, type FieldIssue } from '../../errors.js';
import { CSRF_FIELD, isValidCsrf } from '../../http/csrf.js';
import type { AppEnv } from '../../http/env.js';
import { translator } from '../../i18n/i18n.js';
import { LANGUAGES, type Lang } from '../../i18n/languages.js';
import { readMultipartUpload, UploadTooLargeError, type MultipartUpload } from '../../identify/multipart-upload.js';
import { countryName } from '../../registry/object.components.js';
import { MAX_PHOTO_BYTES } from '../../registry/photos/photo-image.js';
import { forbiddenPage, loginRedirect, renderPage } from '../../web/page-responses.js';
import { HERITAGE_PAGES } from '../heritage-place-contract.js';
import { PLACE_WRITERS } from '../places/heritage-place-access.js';
import { MAX_ASSESSMENT_PHOTOS } from '../places/heritage-place.api.js';
import { assessmentFormIssues, parseAssessmentForm } from '../places/heritage-place.form.js';
import type { HeritagePlaceService } from '../places/heritage-place.service.js';
import { fieldManifestPath, fieldPagePath, fieldAssetUrl } from './field-assets.js';
import { FieldPage, placeSearchText, type FieldForm } from './field.components.js';
import { matchPlaces, type FieldPlace } from './field-place.js';
import { assessablePlaces } from './field-places.js';

export interface FieldPageDeps {
  places: HeritagePlaceService;
  secureCookies: boolean;
}

/** The form's photos and a little for its text fields. */
const MAX_FORM_BYTES = MAX_ASSESSMENT_PHOTOS * MAX_PHOTO_BYTES + 256 * 1024;

/** POST /{lang}/field (the form sent without JavaScript): photos make it larger than the app's general body limit. */
export function isFieldFormUpload(method: string, path: string): boolean {
  return method === 'POST' && new RegExp(`^/(${LANGUAGES.join('|')})${HERITAGE_PAGES.field}$`).test(path);
}

/** People who assess places (heritage assessors, admins, registrars for their museum); others sign in or are refused. */
function onlyAssessors(deps: FieldPageDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    if (!PLACE_WRITERS.includes(principal.role)) return forbiddenPage(c, deps);
    await next();
    return undefined;
  };
}

/** A new form: the visit today (UTC), the place chosen from the list if any, a key for its submission. */
function newForm(place = ''): FieldForm {
  return { values: { place, assessedOn: new Date().toISOString().slice(0, 10) }, idempotencyKey: randomUUID() };
}

/**
 * `/{lang}/field`, the field app: the places one may assess, their search, the assessment form and
 * (with JavaScript) the queue of assessments kept on the phone; `/{lang}/field/places.json`, the
 * places as the phone keeps them offline; the web app manifest.
 */
export function fieldPages(deps: FieldPageDeps) {
  const assessors = onlyAssessors(deps);
  const page = async (c: Context<AppEnv>, form: FieldForm, errors: FieldIssue[] = [], status: 200 | 400 | 413 = 200) => {
    const lang = c.get('lang');
    const places = await assessablePlaces(deps.places, c.get('principal')!, lang);
    const query = c.req.query('q')?.trim() ?? '';
    const searchable = places.map((place) => ({ place, search: placeSearchText(place, { t: translator(lang), lang }) }));
    const shown = matchPlaces(searchable, query).map(({ place }) => place);
    return renderPage(c, deps, (view) => <FieldPage page={view} places={places} shown={shown} query={query} form={form} errors={errors} saved={c.req.query('saved')} />, status);
  };

  return new Hono<AppEnv>()
    .get('/:lang/field', assessors, (c) => page(c, newForm(c.req.query('place') ?? '')))
    .get('/:lang/field/places.json', assessors, async (c) => {
      const lang = c.get('lang');
      const places = await assessablePlaces(deps.places, c.get('principal')!, lang);
      return c.json({ items: places.map((place: FieldPlace) => ({ ...place, countryName: countryName(place.country, lang) })) });
    })
    .get('/:lang/field/manifest.webmanifest', (c) => {
      const lang = c.get('lang');
      return c.body(JSON.stringify(manifest(lang)), 200, { 'Content-Type': 'application/manifest+json', 'Cache-Control': 'no-cache' });
    })
    .post('/:lang/field', assessors, async (c) => {
      const t = translator(c.get('lang'));
      let upload: MultipartUpload;
      try {
        if (Number(c.req.header('Content-Length') ?? 0) > MAX_FORM_BYTES) throw new UploadTooLargeError(MAX_FORM_BYTES);
        upload = await readMultipartUpload(c.req.raw.body, c.req.header('Content-Type') ?? '', { fileFields: ['photos'], maxBytes: MAX_FORM_BYTES, maxFilesPerField: MAX_ASSESSMENT_PHOTOS });
      } catch (error) {
        if (error instanceof UploadTooLargeError) return page(c, newForm(), [{ field: 'photos', message: t('object.photo.error.tooLarge', { max: MAX_PHOTO_BYTES / 1_000_000 }) }], 413);
        if (error instanceof DomainError && error.kind === 'invalid') return page(c, newForm(), [{ field: 'photos', message: t('field.error.upload', { max: MAX_ASSESSMENT_PHOTOS }) }], 400);
        throw error;
      }
      try {
        if (!isValidCsrf(c, upload.fields[CSRF_FIELD])) return await forbiddenPage(c, deps);
        const { idempotencyKey = randomUUID(), [CSRF_FIELD]: _token, ...values } = upload.fields;
        const form = { values, idempotencyKey };
        const parsed = parseAssessmentForm(values, t);
        const placeMissing = values.place ? [] : [{ field: 'place', message: t('form.error.required') }];
        if (!parsed.success || placeMissing.length > 0) return await page(c, form, [...placeMissing, ...(parsed.success ? [] : parsed.issues)], 400);
        const files = (upload.fileLists.photos ?? []).filter((file) => file.size > 0);
        const photos = await Promise.all(files.map(async (file) => ({ bytes: await readFile(file.path), filename: file.filename })));
        try {
          await deps.places.assess(c.get('principal')!, values.place!, parsed.value, photos, { idempotencyKey });
        } catch (error) {
          if (error instanceof DomainError && error.kind === 'invalid') return await page(c, form, assessmentFormIssues(error, t), 400);
          if (error instanceof DomainError && (error.kind === 'not-found' || error.kind === 'forbidden')) return await page(c, form, [{ field: 'place', message: t('form.error.choice') }], 400);
          throw error;
        }
        return c.redirect(`${fieldPagePath(c.get('lang'))}?saved=${encodeURIComponent(values.place!)}`, 303);
      } finally {
        await upload.discard();
      }
    });
}

/** The web app manifest of a language's field page: it opens there, on its own, with the app's icon. */
function manifest(lang: Lang) {
  const t = translator(lang);
  return {
    name: t('field.manifest.name'),
    short_name: t('field.manifest.short'),
    lang,
    start_url: fieldPagePath(lang),
    scope: fieldPagePath(lang),
    id: fieldManifestPath(lang),
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#13294b',
    icons: [{ src: fieldAssetUrl('field-icon.svg'), sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  };
}
