import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { readFile } from 'node:fs/promises';
import type { MapTilesSettings } from '../../config/map-tiles-settings.js';
import { DomainError, type FieldIssue } from '../../errors.js';
import { CSRF_FIELD, isValidCsrf } from '../../http/csrf.js';
import type { AppEnv } from '../../http/env.js';
import { readMultipartUpload } from '../../identify/multipart-upload.js';
import { translator } from '../../i18n/i18n.js';
import { LANGUAGES } from '../../i18n/languages.js';
import { MAX_PHOTO_BYTES } from '../../registry/photos/photo-image.js';
import { forbiddenPage, loginRedirect, refusalPage, renderPage, type PageOptions } from '../../web/page-responses.js';
import { pageNumber } from '../../web/pagination.js';
import { CONDITIONS, HERITAGE_PAGES, HERITAGE_PLACE_KINDS } from '../heritage-place-contract.js';
import { PLACE_WRITERS } from './heritage-place-access.js';
import { MAX_ASSESSMENT_PHOTOS } from './heritage-place.api.js';
import { assessmentFormIssues, parseAssessmentForm, parsePlaceForm, placeFormValues, type FormValues } from './heritage-place.form.js';
import { PlaceVersionConflict, type HeritagePlaceService, type SubmittedPhoto } from './heritage-place.service.js';
import { AssessPage, PlaceFormPage, PlaceListPage, PlacePage, type SavedNotice } from './heritage-place.views.js';

const LIST_SIZE = 20;
const MAX_PAGE_UPLOAD_BYTES = MAX_ASSESSMENT_PHOTOS * MAX_PHOTO_BYTES + 256 * 1024;
const ID = ':id{[0-9a-z]{16}}';

/** POST /{lang}/heritage-places/{id}/assess: its photos exceed the app's general body limit (the route has its own). */
export function isHeritageAssessmentPage(method: string, path: string): boolean {
  return method === 'POST' && new RegExp(`^/(${LANGUAGES.join('|')})${HERITAGE_PAGES.places}/[0-9a-z]{16}/assess$`).test(path);
}

const stringValues = (form: Record<string, unknown>): FormValues => Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

/** `/{lang}/heritage-places…`: the list with filters, a place, and for its editors the place and assessment forms. */
export interface PlacePageOptions extends PageOptions {
  /** The tile server for detailed base maps under a place's map, when one is configured. */
  mapTiles: MapTilesSettings | undefined;
}

export function heritagePlacePages(places: HeritagePlaceService, options: PlacePageOptions) {
  const base = (c: Context<AppEnv>) => `/${c.get('lang')}${HERITAGE_PAGES.places}`;
  const writer = (c: Context<AppEnv>) => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    return PLACE_WRITERS.includes(principal.role) ? principal : forbiddenPage(c, options);
  };

  return new Hono<AppEnv>()
    .get(`/:lang${HERITAGE_PAGES.places}`, async (c) => {
      const filters = { country: c.req.query('country') ?? '', kind: c.req.query('kind') ?? '', condition: c.req.query('condition') ?? '' };
      const current = pageNumber(c.req.query('page'));
      const list = await places.list(c.get('principal'), {
        country: /^[A-Za-z]{2}$/.test(filters.country) ? filters.country.toUpperCase() : undefined,
        kind: (HERITAGE_PLACE_KINDS as readonly string[]).includes(filters.kind) ? (filters.kind as (typeof HERITAGE_PLACE_KINDS)[number]) : undefined,
        condition: (CONDITIONS as readonly string[]).includes(filters.condition) ? (filters.condition as (typeof CONDITIONS)[number]) : undefined,
        page: current,
        limit: LIST_SIZE,
      });
      return renderPage(c, options, (page) => <PlaceListPage page={page} {...list} filters={filters} current={current} pageSize={LIST_SIZE} />);
    })
    .get(`/:lang${HERITAGE_PAGES.places}/new`, async (c) => {
      const principal = writer(c);
      if (principal instanceof Response || principal instanceof Promise) return principal;
      return renderPage(c, options, (page) => <PlaceFormPage page={page} values={{ sensitive: '' }} errors={[]} />);
    })
    .post(`/:lang${HERITAGE_PAGES.places}/new`, async (c) => {
      const principal = writer(c);
      if (principal instanceof Response || principal instanceof Promise) return principal;
      const form = stringValues(await c.req.parseBody());
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      const page = (errors: FieldIssue[]) => renderPage(c, options, (p) => <PlaceFormPage page={p} values={form} errors={errors} />, 400);
      const parsed = parsePlaceForm(form, translatorOf(c));
      if (!parsed.success) return page(parsed.issues);
      try {
        const place = await places.create(principal, parsed.value);
        return c.redirect(`${base(c)}/${place.id}?saved=created`, 303);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'invalid') return page(localizedPlaceIssues(error.issues, c, form));
        return refusalPage(c, options, error);
      }
    })
    .get(`/:lang${HERITAGE_PAGES.places}/${ID}`, async (c) => {
      try {
        const principal = c.get('principal');
        const place = await places.get(principal, c.req.param('id'));
        const history = await places.assessments(principal, place.id);
        const saved = savedNotice(c.req.query('saved'), c.req.query('warnings'), c.req.query('seen'), place.version);
        return renderPage(c, options, (page) => <PlacePage page={page} place={place} history={history} saved={saved} tiles={options.mapTiles} />);
      } catch (error) {
        return refusalPage(c, options, error);
      }
    })
    .get(`/:lang${HERITAGE_PAGES.places}/${ID}/edit`, async (c) => {
      try {
        const place = await places.get(c.get('principal'), c.req.param('id'));
        if (!place.canEdit) return c.get('principal') ? forbiddenPage(c, options) : loginRedirect(c);
        return renderPage(c, options, (page) => <PlaceFormPage page={page} place={place} values={placeFormValues(place)} errors={[]} />);
      } catch (error) {
        return refusalPage(c, options, error);
      }
    })
    .post(`/:lang${HERITAGE_PAGES.places}/${ID}/edit`, async (c) => {
      const principal = writer(c);
      if (principal instanceof Response || principal instanceof Promise) return principal;
      const form = stringValues(await c.req.parseBody());
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      const id = c.req.param('id');
      const page = async (errors: FieldIssue[], values: FormValues = form, status: 400 | 409 = 400) => {
        const place = await places.get(principal, id);
        return renderPage(c, options, (p) => <PlaceFormPage page={p} place={place} values={values} errors={errors} />, status);
      };
      const parsed = parsePlaceForm(form, translatorOf(c));
      try {
        if (!parsed.success) return await page(parsed.issues);
        await places.update(principal, id, parsed.value, Number(form['version']));
        return c.redirect(`${base(c)}/${id}?saved=updated`, 303);
      } catch (error) {
        if (error instanceof PlaceVersionConflict) return page([{ field: 'version', message: translatorOf(c)('places.error.changed') }], placeFormValues(await places.get(principal, id)), 409);
        if (error instanceof DomainError && error.kind === 'invalid') return page(localizedPlaceIssues(error.issues, c, form));
        return refusalPage(c, options, error);
      }
    })
    .get(`/:lang${HERITAGE_PAGES.places}/${ID}/assess`, async (c) => {
      try {
        const place = await places.get(c.get('principal'), c.req.param('id'));
        if (!place.canEdit) return c.get('principal') ? forbiddenPage(c, options) : loginRedirect(c);
        const values = { assessedOn: new Date().toISOString().slice(0, 10), placeVersion: String(place.version) };
        return renderPage(c, options, (page) => <AssessPage page={page} place={place} values={values} errors={[]} />);
      } catch (error) {
        return refusalPage(c, options, error);
      }
    })
    .post(
      `/:lang${HERITAGE_PAGES.places}/${ID}/assess`,
      async (c, next) => {
        const principal = writer(c);
        if (principal instanceof Response || principal instanceof Promise) return principal;
        return next();
      },
      bodyLimit({ maxSize: MAX_PAGE_UPLOAD_BYTES, onError: (c) => forbiddenPage(c, options) }),
      async (c) => {
        const principal = c.get('principal')!;
        const id = c.req.param('id');
        const upload = await readMultipartUpload(c.req.raw.body, c.req.header('Content-Type') ?? '', { fileFields: ['photos'], maxBytes: MAX_PAGE_UPLOAD_BYTES, maxFilesPerField: MAX_ASSESSMENT_PHOTOS });
        try {
          const form = upload.fields;
          if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
          const page = async (errors: FieldIssue[]) => {
            const place = await places.get(principal, id);
            return renderPage(c, options, (p) => <AssessPage page={p} place={place} values={form} errors={errors} />, 400);
          };
          const parsed = parseAssessmentForm(form, translatorOf(c));
          if (!parsed.success) return await page(parsed.issues);
          const photos: SubmittedPhoto[] = await Promise.all(
            (upload.fileLists['photos'] ?? []).filter((file) => file.size > 0).map(async (file) => ({ bytes: await readFile(file.path), filename: file.filename })),
          );
          try {
            const result = await places.assess(principal, id, parsed.value, photos);
            const query = new URLSearchParams({ saved: 'assessed' });
            if (result.warnings.length > 0) query.set('warnings', String(result.warnings.length));
            if (result.conflict) query.set('seen', String(result.conflict.seenVersion));
            return c.redirect(`${base(c)}/${id}?${query}#latest`, 303);
          } catch (error) {
            if (error instanceof DomainError && error.kind === 'invalid') return await page(assessmentFormIssues(error, translatorOf(c)));
            throw error;
          }
        } catch (error) {
          return refusalPage(c, options, error);
        } finally {
          await upload.discard();
        }
      },
    );
}

const translatorOf = (c: Context<AppEnv>) => translator(c.get('lang'));

/** The service's refusals in the page's language: a geometry's by the position it names, an unknown organisation by the name given. */
function localizedPlaceIssues(issues: readonly FieldIssue[], c: Context<AppEnv>, form: FormValues): FieldIssue[] {
  const t = translatorOf(c);
  return issues.map((issue) => {
    if (issue.field.startsWith('geometry')) return { ...issue, message: t('places.error.geometry', { field: issue.field }) };
    if (issue.field === 'organisation') return { ...issue, message: t('places.error.organisation', { slug: form['organisation'] ?? '' }) };
    return { ...issue, message: t('form.error.format') };
  });
}

function savedNotice(saved: string | undefined, warnings: string | undefined, seen: string | undefined, current: number): SavedNotice | undefined {
  if (saved !== 'created' && saved !== 'updated' && saved !== 'assessed') return undefined;
  const seenVersion = Number(seen);
  return { kind: saved, warnings: Number(warnings) || 0, ...(Number.isInteger(seenVersion) && seenVersion > 0 ? { conflict: { seen: seenVersion, current } } : {}) };
}
