import { Hono, type Context } from 'hono';
import { DomainError, type FieldIssue } from '../../errors.js';
import { CSRF_FIELD, isValidCsrf } from '../../http/csrf.js';
import type { AppEnv } from '../../http/env.js';
import { translator, type Translate } from '../../i18n/i18n.js';
import { UploadTooLargeError, type MultipartUpload } from '../../identify/multipart-upload.js';
import { MIN_IDENTIFY_SIDE } from '../../identify/prepare-image.js';
import { describedBy, ErrorSummary, Field, fieldId, Flash, formatDateTime, issuesFor } from '../../registry/object.components.js';
import { photoErrorText } from '../../registry/photos/photo-errors.js';
import { MAX_PHOTO_BYTES } from '../../registry/photos/photo-image.js';
import { Layout } from '../../web/layout.js';
import type { PageContext } from '../../web/page-context.js';
import { pageNumber, Pagination, queryString } from '../../web/pagination.js';
import { forbiddenPage, loginRedirect, refusalPage, renderPage, type PageOptions } from '../../web/page-responses.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { ImageWatchService, ImageWatchSummary, ImageWatchView } from './image-watch.service.js';
import { watchedPhotoPath } from './image-watch.listener.js';
import { MAX_PHOTOS_PER_OWNER, TooManyWatchedPhotosError } from './watched-photos.js';
import { MAX_FILES_PER_UPLOAD, MAX_WATCH_UPLOAD_BYTES, readWatchUpload, uploadedPhotos, type UploadProblem } from './watch-upload.js';

/** Thumbnails shown per page of a watch. */
const PHOTOS_PER_PAGE = 60;

export const imageWatchesPath = (lang: string) => `/${lang}/alerts/watches`;
export const imageWatchPath = (lang: string, id: string) => `${imageWatchesPath(lang)}/${id}`;

/** A file not added, with why, in the page's language. */
interface Refusal {
  label: string;
  message: string;
}

interface Outcome {
  added: number;
  refused: Refusal[];
}

/** Why an upload was refused as a whole, as a field error; anything else is rethrown. */
function uploadError(error: unknown, t: Translate): FieldIssue {
  if (error instanceof UploadTooLargeError) return { field: 'photos', message: t('watch.photos.tooLarge', { max: MAX_WATCH_UPLOAD_BYTES / 1_000_000 }) };
  if (error instanceof TooManyWatchedPhotosError) return { field: 'photos', message: t('watch.photos.tooMany', { max: MAX_PHOTOS_PER_OWNER, room: error.room }) };
  if (error instanceof DomainError && error.issues.some((issue) => issue.field === 'photos')) return { field: 'photos', message: t('watch.photos.tooManyInUpload', { max: MAX_FILES_PER_UPLOAD }) };
  throw error;
}

function refusalText(error: DomainError, t: Translate): string {
  if (error.code === 'photo.not-enough-detail') return t('identify.error.notEnoughDetail');
  if (error.code === 'photo.too-small') return t('identify.error.tooSmall', { min: MIN_IDENTIFY_SIDE });
  return photoErrorText(error, t);
}

const PROBLEM_TEXT: Record<UploadProblem, (t: Translate) => string> = {
  'too-large': (t) => t('object.photo.error.tooLarge', { max: MAX_PHOTO_BYTES / 1_000_000 }),
  'zip-invalid': (t) => t('watch.photos.zipInvalid'),
};

/** Adds the upload's photos (a ZIP archive's included) to the watch; what was refused, and why, in the page's language. */
async function addUploaded(watches: ImageWatchService, c: Context<AppEnv>, id: string, upload: MultipartUpload, t: Translate): Promise<Outcome> {
  const { photos, refused } = await uploadedPhotos(upload.fileLists.photos ?? []);
  const result = await watches.addPhotos(c.get('principal')!, id, photos);
  return {
    added: result.added.length,
    refused: [...refused.map(({ label, problem }) => ({ label, message: PROBLEM_TEXT[problem](t) })), ...result.refused.map(({ label, error }) => ({ label, message: refusalText(error, t) }))],
  };
}

interface NewWatchForm {
  label: string;
  inApp: boolean;
  email: boolean;
}

/**
 * `/{lang}/alerts/watches`: a signed-in person's image watches — create one with its first stock
 * photos, add more (many files at a time), stop watching one, delete the watch — and
 * `/media/watches/{id}/photos/{photoId}`, each photo's thumbnail for the watch's owner.
 */
export function imageWatchPages(watches: ImageWatchService, options: PageOptions) {
  const listPage = async (c: Context<AppEnv>, form: NewWatchForm = { label: '', inApp: true, email: false }, errors: FieldIssue[] = [], status: 200 | 400 | 413 = 200) => {
    const list = await watches.list(c.get('principal')!);
    return renderPage(c, options, (page) => <WatchListPage page={page} watches={list} form={form} errors={errors} deleted={c.req.query('deleted') === 'watch'} />, status);
  };
  const watchPage = async (c: Context<AppEnv>, id: string, state: { outcome?: Outcome | undefined; errors?: FieldIssue[]; status?: 200 | 400 | 413 } = {}) => {
    try {
      const view = await watches.get(c.get('principal')!, id);
      const current = pageNumber(c.req.query('page'));
      const flash = { saved: c.req.query('saved'), added: Number(c.req.query('added') ?? 0) || 0 };
      return await renderPage(c, options, (page) => <WatchPage page={page} view={view} current={current} flash={flash} outcome={state.outcome} errors={state.errors ?? []} />, state.status ?? 200);
    } catch (error) {
      return refusalPage(c, options, error);
    }
  };
  /** Reads an upload, signed in and with the form's token; the answer when it cannot go on. */
  const withUpload = async (c: Context<AppEnv>, refused: (issue: FieldIssue) => Promise<Response>, work: (upload: MultipartUpload) => Promise<Response>) => {
    if (!c.get('principal')) return loginRedirect(c);
    let upload: MultipartUpload;
    try {
      upload = await readWatchUpload(c);
    } catch (error) {
      return refused(uploadError(error, translator(c.get('lang'))));
    }
    try {
      if (!isValidCsrf(c, upload.fields[CSRF_FIELD])) return await forbiddenPage(c, options);
      return await work(upload);
    } finally {
      await upload.discard();
    }
  };

  return new Hono<AppEnv>()
    .get('/:lang/alerts/watches', (c) => (c.get('principal') ? listPage(c) : loginRedirect(c)))
    .post('/:lang/alerts/watches', (c) =>
      withUpload(
        c,
        (issue) => listPage(c, undefined, [issue], 413),
        async (upload) => {
          const t = translator(c.get('lang'));
          const form: NewWatchForm = { label: (upload.fields.label ?? '').trim().slice(0, 200), inApp: upload.fields.inApp === '1', email: upload.fields.email === '1' };
          const errors: FieldIssue[] = [];
          if (!form.label) errors.push({ field: 'label', message: t('watch.new.label.required') });
          if (!form.inApp && !form.email) errors.push({ field: 'channels', message: t('watch.new.channels.required') });
          if (errors.length > 0) return listPage(c, form, errors, 400);
          const watch = await watches.create(c.get('principal')!, { label: form.label, channels: { inApp: form.inApp, email: form.email ? 'immediate' : 'off', webhookId: null }, lang: c.get('lang') });
          try {
            const outcome = await addUploaded(watches, c, watch.id, upload, t);
            if (outcome.refused.length > 0) return await watchPage(c, watch.id, { outcome });
            return c.redirect(`${imageWatchPath(c.get('lang'), watch.id)}${queryString([['saved', 'created'], ['added', outcome.added]])}`, 303);
          } catch (error) {
            return watchPage(c, watch.id, { errors: [uploadError(error, t)], status: 400 });
          }
        },
      ),
    )
    .get('/:lang/alerts/watches/:id', (c) => (c.get('principal') ? watchPage(c, c.req.param('id')) : loginRedirect(c)))
    .post('/:lang/alerts/watches/:id/photos', (c) =>
      withUpload(
        c,
        (issue) => watchPage(c, c.req.param('id'), { errors: [issue], status: 413 }),
        async (upload) => {
          const id = c.req.param('id');
          const files = (upload.fileLists.photos ?? []).filter((file) => file.size > 0);
          if (files.length === 0) return watchPage(c, id, { errors: [{ field: 'photos', message: translator(c.get('lang'))('watch.photos.missing') }], status: 400 });
          try {
            const outcome = await addUploaded(watches, c, id, upload, translator(c.get('lang')));
            if (outcome.refused.length > 0) return await watchPage(c, id, { outcome });
            return c.redirect(`${imageWatchPath(c.get('lang'), id)}${queryString([['saved', 'photos'], ['added', outcome.added]])}`, 303);
          } catch (error) {
            if (error instanceof DomainError && error.kind === 'not-found') return refusalPage(c, options, error);
            return watchPage(c, id, { errors: [uploadError(error, translator(c.get('lang')))], status: 400 });
          }
        },
      ),
    )
    .post('/:lang/alerts/watches/:id/photos/:photoId/delete', async (c) => {
      if (!c.get('principal')) return loginRedirect(c);
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      const id = c.req.param('id');
      try {
        await watches.removePhoto(c.get('principal')!, id, c.req.param('photoId'));
      } catch (error) {
        return refusalPage(c, options, error);
      }
      const current = pageNumber(typeof form.page === 'string' ? form.page : undefined);
      return c.redirect(`${imageWatchPath(c.get('lang'), id)}${queryString([['page', current], ['saved', 'removed']])}`, 303);
    })
    .post('/:lang/alerts/watches/:id/delete', async (c) => {
      if (!c.get('principal')) return loginRedirect(c);
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      try {
        await watches.delete(c.get('principal')!, c.req.param('id'));
      } catch (error) {
        return refusalPage(c, options, error);
      }
      return c.redirect(`${imageWatchesPath(c.get('lang'))}?deleted=watch`, 303);
    });
}

/** `/media/watches/{id}/photos/{photoId}`: a watched photo's thumbnail, for the watch's owner only (404 to anyone else). */
export function imageWatchMediaRoutes(watches: ImageWatchService) {
  return new Hono<AppEnv>().get('/media/watches/:id/photos/:photoId', async (c) => {
    const principal = c.get('principal');
    if (!principal) return c.notFound();
    const bytes = await watches.thumbnail(principal, c.req.param('id'), c.req.param('photoId'));
    return c.body(new Uint8Array(bytes), 200, { 'Content-Type': 'image/webp' });
  });
}

function channelsText(subscription: Subscription, page: PageContext): string {
  const { t } = page;
  const { channels } = subscription;
  const names = [channels.inApp ? t('alerts.subscriptions.inApp') : '', channels.email !== 'off' ? t('watch.email.on') : '', channels.webhookId !== null ? t('alerts.subscriptions.webhook') : ''].filter(Boolean);
  return names.length > 0 ? names.join(', ') : t('alerts.subscriptions.email.off');
}

function PhotoInput({ page, errors }: { page: PageContext; errors: readonly FieldIssue[] }) {
  const { t } = page;
  const own = issuesFor(errors, 'photos');
  const hint = t('watch.photos.hint', { max: MAX_PHOTOS_PER_OWNER, perUpload: MAX_FILES_PER_UPLOAD, size: MAX_PHOTO_BYTES / 1_000_000 });
  return (
    <Field name="photos" label={t('watch.photos')} hint={hint} errors={own}>
      <input id={fieldId('photos')} type="file" name="photos" accept="image/jpeg,image/png,image/webp,image/tiff,image/avif,.zip,application/zip" multiple {...describedBy('photos', own, true)} />
    </Field>
  );
}

const FIELD_LABELS = { label: 'watch.new.label', channels: 'alerts.subscriptions.channels', photos: 'watch.photos' } as const;
const fieldLabel = (field: string, page: PageContext) => (field in FIELD_LABELS ? page.t(FIELD_LABELS[field as keyof typeof FIELD_LABELS]) : field);

function WatchListPage({ page, watches, form, errors, deleted }: { page: PageContext; watches: ImageWatchSummary[]; form: NewWatchForm; errors: FieldIssue[]; deleted: boolean }) {
  const { t, lang } = page;
  const labelErrors = issuesFor(errors, 'label');
  const channelErrors = issuesFor(errors, 'channels');
  return (
    <Layout page={page} title={t('watch.list.title')} description={t('watch.list.lead')}>
      <h1>{t('watch.list.title')}</h1>
      <p class="lead">{t('watch.list.lead')}</p>
      <p>
        <a href={`/${lang}/alerts/subscriptions`}>{t('watch.list.subscriptions')}</a>
      </p>
      <Flash message={deleted ? t('watch.deleted') : undefined} />
      {watches.length === 0 ? (
        <p class="empty">{t('watch.list.none')}</p>
      ) : (
        <ul class="cards">
          {watches.map(({ subscription, photoCount }) => (
            <li class="card">
              <h3>
                <a href={imageWatchPath(lang, subscription.id)}>{subscription.label}</a>
              </h3>
              <p>{t('watch.list.photos', { count: photoCount })}</p>
              <p>{t('watch.page.channels', { channels: channelsText(subscription, page) })}</p>
              <p>
                <time datetime={subscription.createdAt}>{formatDateTime(subscription.createdAt, lang)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2 id="new">{t('watch.new.title')}</h2>
      <form method="post" action={imageWatchesPath(lang)} enctype="multipart/form-data" class="stack">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <ErrorSummary errors={errors} page={page} label={(field) => fieldLabel(field, page)} />
        <Field name="label" label={t('watch.new.label')} hint={t('watch.new.label.hint')} errors={labelErrors}>
          <input id={fieldId('label')} name="label" type="text" maxlength={200} required value={form.label} {...describedBy('label', labelErrors, true)} />
        </Field>
        <fieldset class="checkboxes" id={fieldId('channels')} {...describedBy('channels', channelErrors, true)}>
          <legend>{t('alerts.subscriptions.channels')}</legend>
          <label>
            <input type="checkbox" name="inApp" value="1" checked={form.inApp} /> {t('alerts.subscriptions.inApp')}
          </label>
          <label>
            <input type="checkbox" name="email" value="1" checked={form.email} /> {t('watch.email.on')}
          </label>
          <p class="hint" id={`${fieldId('channels')}-hint`}>
            {t('watch.email.hint')}
          </p>
          {channelErrors.length > 0 && (
            <p class="field-error" id={`${fieldId('channels')}-error`}>
              {channelErrors.map((issue) => issue.message).join(' ')}
            </p>
          )}
        </fieldset>
        <PhotoInput page={page} errors={issuesFor(errors, 'photos')} />
        <button type="submit">{t('watch.new.create')}</button>
      </form>
    </Layout>
  );
}

interface WatchPageProps {
  page: PageContext;
  view: ImageWatchView;
  current: number;
  /** What the previous action did (`?saved=&added=`). */
  flash: { saved: string | undefined; added: number };
  outcome: Outcome | undefined;
  errors: FieldIssue[];
}

function WatchPage({ page, view, current, flash: { saved, added }, outcome, errors }: WatchPageProps) {
  const { t, lang } = page;
  const { subscription, photos } = view;
  const path = imageWatchPath(lang, subscription.id);
  const shown = photos.slice((current - 1) * PHOTOS_PER_PAGE, current * PHOTOS_PER_PAGE);
  const flash = saved === 'created' ? `${t('watch.created')} ${t('watch.photos.added', { count: added })}` : saved === 'photos' ? t('watch.photos.added', { count: added }) : saved === 'removed' ? t('watch.photos.removed') : undefined;
  const title = t('watch.page.title', { label: subscription.label });
  return (
    <Layout page={page} title={title} description={t('watch.list.lead')}>
      <p>
        <a href={imageWatchesPath(lang)}>← {t('watch.list.title')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {t('watch.page.channels', { channels: channelsText(subscription, page) })} <a href={`/${lang}/alerts/subscriptions/${subscription.id}`}>{t('watch.page.editChannels')}</a>
      </p>
      <Flash message={flash} />
      {outcome && (
        <div class="notice" role="status">
          <p>{t('watch.photos.added', { count: outcome.added })}</p>
          <p>{t('watch.photos.refused')}</p>
          <ul>
            {outcome.refused.map((refusal) => (
              <li>
                <strong>{refusal.label}</strong>: {refusal.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h2>{t('watch.photos.count', { count: photos.length })}</h2>
      {photos.length === 0 ? (
        <p class="empty">{t('watch.photos.none')}</p>
      ) : (
        <ul class="gallery">
          {shown.map((photo) => (
            <li>
              <figure>
                <img src={watchedPhotoPath(subscription.id, photo.id)} alt={photo.label} loading="lazy" decoding="async" width={160} height={160} />
                <figcaption>{photo.label}</figcaption>
              </figure>
              <form method="post" action={`${path}/photos/${photo.id}/delete`}>
                <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
                <input type="hidden" name="page" value={String(current)} />
                <button type="submit" class="secondary" aria-label={t('watch.photos.remove', { label: photo.label })}>
                  {t('alerts.subscriptions.delete')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <Pagination current={current} total={photos.length} pageSize={PHOTOS_PER_PAGE} page={page} href={(n) => `${path}${queryString([['page', n]])}`} />
      <h2>{t('watch.photos.add')}</h2>
      <form method="post" action={`${path}/photos`} enctype="multipart/form-data" class="stack">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <ErrorSummary errors={errors} page={page} label={(field) => fieldLabel(field, page)} />
        <PhotoInput page={page} errors={errors} />
        <button type="submit">{t('watch.photos.add')}</button>
      </form>
      <form method="post" action={`${path}/delete`} class="stack">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <button type="submit" class="danger">
          {t('watch.delete')}
        </button>
      </form>
    </Layout>
  );
}
