import { Hono, type Context } from 'hono';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import type { TrustedProxies } from '../config/trusted-proxies.js';
import { DomainError, type FieldIssue } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { translator, type Translate } from '../i18n/i18n.js';
import { pickLocalized } from '../registry/object-record.js';
import {
  CountryOptions,
  describedBy,
  ErrorSummary,
  Field,
  fieldId,
  Flash,
  formatDateTime,
  formatPercent,
  issuesFor,
  StatusBadge,
  Thumbnail,
  TypePath,
} from '../registry/object.components.js';
import { formText, type FormValues } from '../web/posted-text.js';
import { photoErrorText } from '../registry/photos/photo-errors.js';
import { MAX_PHOTO_BYTES } from '../registry/photos/photo-image.js';
import { localizeIssues } from '../web/form-errors.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { forbiddenPage, loginRedirect, refusalPage, renderPage } from '../web/page-responses.js';
import { accuracyPath } from './accuracy.pages.js';
import { admitIdentification } from './identification-admission.js';
import { isNotEnoughDetail, readPhotoUpload } from './identify.api.js';
import { UploadTooLargeError } from './multipart-upload.js';
import type { IdentificationView, IdentifiedObject, IdentifyService } from './identify.service.js';
import { MIN_IDENTIFY_SIDE } from './prepare-image.js';
import { MAX_NOTE_LENGTH, MAX_PLACE_LENGTH, SightingInputSchema, type SightingService } from './sightings.service.js';

export interface IdentifyPageDeps {
  identify: IdentifyService;
  sightings: SightingService;
  secureCookies: boolean;
  trustedProxies: TrustedProxies;
}

/** What a person typed in a candidate's confirmation form, and what was wrong with it. */
interface ConfirmForm {
  objectId: string;
  values: Record<'place' | 'country' | 'note', string>;
  errors: FieldIssue[];
}

/**
 * `/{lang}/identify`: a photo (the phone's camera or a file) is identified, then the result is
 * shown at its own address (`/{lang}/identify/{id}`), where a signed-in author confirms a
 * candidate by recording a sighting.
 */
export function identifyPages(deps: IdentifyPageDeps) {
  const formPage = (c: Context<AppEnv>, errors: FieldIssue[] = [], status: 200 | 400 | 413 | 422 | 429 | 503 = 200) =>
    renderPage(c, deps, (page) => <IdentifyPage page={page} errors={errors} />, status);
  const resultPage = async (c: Context<AppEnv>, confirm?: ConfirmForm) => {
    let view: IdentificationView;
    try {
      view = await deps.identify.get(c.get('principal'), c.req.param('id') ?? '');
    } catch (error) {
      return refusalPage(c, deps, error);
    }
    const saved = c.req.query('saved') === 'sighting';
    return renderPage(c, deps, (page) => <ResultPage page={page} view={view} confirm={confirm} saved={saved} />, confirm ? 400 : 200);
  };
  const admit = admitIdentification(deps.identify.admission, deps.trustedProxies, (c, { status, retryAfter }) =>
    formPage(c, [{ field: 'photo', message: translator(c.get('lang'))(status === 429 ? 'identify.error.rateLimited' : 'identify.error.busy', { seconds: retryAfter }) }], status),
  );

  return new Hono<AppEnv>()
    .get('/:lang/identify', (c) => formPage(c))
    .post('/:lang/identify', admit, async (c) => {
      const t = translator(c.get('lang'));
      let upload;
      try {
        upload = await readPhotoUpload(c);
      } catch (error) {
        if (error instanceof UploadTooLargeError) return formPage(c, [{ field: 'photo', message: t('object.photo.error.tooLarge', { max: MAX_PHOTO_BYTES / 1_000_000 }) }], 413);
        throw error;
      }
      try {
        if (!isValidCsrf(c, upload.fields[CSRF_FIELD])) return forbiddenPage(c, deps);
        const file = upload.files.photo;
        if (!file || file.size === 0) return formPage(c, [{ field: 'photo', message: t('object.photo.error.missing') }], 400);
        const view = await deps.identify.identify(c.get('principal'), { path: file.path }, file.filename);
        return c.redirect(`/${c.get('lang')}/identify/${view.id}`, 303);
      } catch (error) {
        if (isNotEnoughDetail(error)) return formPage(c, [{ field: 'photo', message: t('identify.error.notEnoughDetail') }], 422);
        if (error instanceof DomainError && error.kind === 'invalid') return formPage(c, [{ field: 'photo', message: photoErrorMessage(error, t) }], 400);
        throw error;
      } finally {
        await upload.discard();
      }
    })
    .get('/:lang/identify/:id', (c) => resultPage(c))
    .post('/:lang/identify/:id/confirm', async (c) => {
      const form = (await c.req.parseBody()) as FormValues;
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, deps);
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const id = c.req.param('id');
      const objectId = formText(form, 'object');
      const values = { place: formText(form, 'place'), country: formText(form, 'country').toUpperCase(), note: formText(form, 'note') };
      const parsed = SightingInputSchema.safeParse({ place: values.place, country: values.country || undefined, note: values.note || undefined }, { reportInput: true });
      if (!parsed.success) return resultPage(c, { objectId, values, errors: localizeIssues(parsed.error.issues, translator(c.get('lang'))) });
      try {
        await deps.sightings.record(principal, id, objectId, parsed.data);
      } catch (error) {
        return refusalPage(c, deps, error);
      }
      return c.redirect(`/${c.get('lang')}/identify/${id}?saved=sighting#candidate-${objectId}`, 303);
    });
}

/** Why a photo could not be identified, in the page's language. */
function photoErrorMessage(error: DomainError, t: Translate): string {
  return error.code === 'photo.too-small' ? t('identify.error.tooSmall', { min: MIN_IDENTIFY_SIDE }) : photoErrorText(error, t);
}

/** What the person is comparing with: the registry's visibility rule in words. */
function scopeText(page: PageContext): string {
  switch (page.principal?.role) {
    // Compiling Red Lists or assessing heritage places gives no view of the registry beyond the public's.
    case undefined:
    case 'red-list-editor':
    case 'heritage-assessor':
      return page.t('identify.scope.public');
    case 'admin':
      return page.t('identify.scope.admin');
    case 'investigator':
      return page.t('identify.scope.investigator');
    case 'registrar':
      return page.t('identify.scope.registrar');
  }
}

function IdentifyPage({ page, errors }: { page: PageContext; errors: FieldIssue[] }) {
  const { t, lang } = page;
  const photoErrors = issuesFor(errors, 'photo');
  return (
    <Layout page={page} title={t('identify.title')} description={t('identify.lead')}>
      <h1>{t('identify.title')}</h1>
      <p class="lead">{t('identify.lead')}</p>
      <p>{scopeText(page)}</p>
      <form method="post" action={`/${lang}/identify`} enctype="multipart/form-data" class="stack panel identify-form">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <ErrorSummary errors={errors} page={page} label={() => t('identify.photo')} />
        <Field name="photo" label={t('identify.photo')} hint={t('identify.photo.hint', { max: MAX_PHOTO_BYTES / 1_000_000 })} errors={photoErrors}>
          <input id={fieldId('photo')} type="file" name="photo" accept="image/*" capture="environment" required {...describedBy('photo', photoErrors, true)} />
        </Field>
        <p>
          <button type="submit">{t('identify.submit')}</button>
        </p>
      </form>
      <p class="hint">{t('identify.humanConfirms')}</p>
      <p>
        <a href={accuracyPath(lang)}>{t('identify.accuracy.link')}</a>
      </p>
    </Layout>
  );
}

function ResultPage({ page, view, confirm, saved }: { page: PageContext; view: IdentificationView; confirm?: ConfirmForm | undefined; saved: boolean }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('identify.result.title')}>
      <h1>{t('identify.result.title')}</h1>
      <Flash message={saved ? t('identify.saved.sighting') : undefined} />
      <div class={`verdict verdict-${view.verdict}`}>
        <p class="verdict-text">{t(`identify.verdict.${view.verdict}`)}</p>
        {view.verdict === 'no-match' ? <p>{t('identify.verdict.no-match.hint')}</p> : <p>{t('identify.humanConfirms')}</p>}
      </div>
      <figure class="query-photo">
        <a href={view.photoUrl}>
          <img src={view.thumbnailUrl} alt={t('identify.result.photo')} />
        </a>
        <figcaption>
          {t('identify.result.photo')} · <time datetime={view.createdAt}>{formatDateTime(view.createdAt, lang)}</time>
        </figcaption>
      </figure>
      {view.candidates.length > 0 && (
        <section aria-labelledby="candidates-heading">
          <h2 id="candidates-heading">{t('identify.candidates')}</h2>
          {view.candidates.map((candidate) => (
            <Candidate page={page} view={view} candidate={candidate} confirm={confirm?.objectId === candidate.object.id ? confirm : undefined} />
          ))}
        </section>
      )}
      <p>
        <a class="button secondary" href={`/${lang}/identify`}>
          {t('identify.again')}
        </a>
      </p>
    </Layout>
  );
}

function Candidate({ page, view, candidate, confirm }: { page: PageContext; view: IdentificationView; candidate: IdentifiedObject; confirm?: ConfirmForm | undefined }) {
  const { t, lang } = page;
  const { object } = candidate;
  const title = pickLocalized(object.description.title, lang);
  const titleText = title?.text ?? object.title;
  const headingId = `candidate-${object.id}-title`;
  const d = object.description;
  return (
    <article class="candidate" id={`candidate-${object.id}`} aria-labelledby={headingId}>
      <div class="candidate-head">
        <Thumbnail src={object.photos[0]?.thumbnailUrl ?? null} alt="" />
        <div>
          <h3 id={headingId}>
            <a href={`/${lang}/objects/${object.id}`} lang={title && title.lang !== lang ? title.lang : undefined}>
              {titleText}
            </a>
          </h3>
          <p class="object-item-status">
            <span class={`badge verdict-badge verdict-${candidate.verdict}`}>{t(candidate.verdict === 'match' ? 'identify.candidate.match' : 'identify.candidate.possible')}</span>
            <StatusBadge status={object.status} t={t} />
          </p>
          <p class="score">
            {t('identify.candidate.points', { count: candidate.inliers })} · {t('identify.candidate.score', { score: formatPercent(candidate.score, lang) })}
          </p>
        </div>
      </div>
      <dl class="facts">
        <dt>{t('objectId.inventoryNumber')}</dt>
        <dd>{object.inventoryNumber}</dd>
        {d.objectType.length > 0 && (
          <>
            <dt>{t('objectId.objectType')}</dt>
            <dd>
              <TypePath terms={d.objectType} page={page} />
            </dd>
          </>
        )}
        {d.makers.length > 0 && (
          <>
            <dt>{t('objectId.maker')}</dt>
            <dd>{d.makers.map((maker) => maker.name).join(', ')}</dd>
          </>
        )}
        {d.dating && (
          <>
            <dt>{t('objectId.dating')}</dt>
            <dd>{d.dating.display}</dd>
          </>
        )}
        <dt>{t('object.organisation')}</dt>
        <dd>{object.organisation.name}</dd>
      </dl>
      <figure class="evidence">
        <a href={candidate.evidenceUrl} aria-label={t('identify.evidence.open')}>
          <img src={candidate.evidenceUrl} alt={t('identify.evidence.alt', { title: titleText })} loading="lazy" decoding="async" />
        </a>
        <figcaption>{t('identify.evidence.caption')}</figcaption>
      </figure>
      <p>
        <a href={`/${lang}/objects/${object.id}`}>{t('identify.object.open')}</a>
      </p>
      <ConfirmSection page={page} view={view} candidate={candidate} confirm={confirm} />
    </article>
  );
}

function ConfirmSection({ page, view, candidate, confirm }: { page: PageContext; view: IdentificationView; candidate: IdentifiedObject; confirm?: ConfirmForm | undefined }) {
  const { t, lang } = page;
  if (candidate.sighting) {
    return <p class="notice success">{t('identify.confirmed', { date: formatDateTime(candidate.sighting.createdAt, lang), place: candidate.sighting.place })}</p>;
  }
  if (!page.principal) {
    return (
      <p>
        <a href={`/${lang}/login?next=${encodeURIComponent(`/${lang}/identify/${view.id}`)}`}>{t('identify.confirm.signIn')}</a>
      </p>
    );
  }
  if (!view.canConfirm) return null;
  const id = candidate.object.id;
  const errors = confirm?.errors ?? [];
  // Each candidate has its form: its fields' ids carry the object's id.
  const name = (field: string) => `${id}.${field}`;
  const labels: Record<string, string> = { place: t('identify.confirm.place'), country: t('identify.confirm.country'), note: t('identify.confirm.note') };
  return (
    <form method="post" action={`/${lang}/identify/${view.id}/confirm`} class="stack panel confirm-form" aria-labelledby={`confirm-${id}`}>
      <h4 id={`confirm-${id}`}>{t('identify.confirm.title')}</h4>
      <p class="hint">{t('identify.confirm.hint')}</p>
      <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
      <input type="hidden" name="object" value={id} />
      <ErrorSummary errors={errors} page={page} label={(field) => labels[field] ?? field} anchor={(field) => fieldId(name(field))} />
      <Field name={name('place')} label={labels.place!} hint={t('identify.confirm.place.hint')} errors={issuesFor(errors, 'place')}>
        <input
          id={fieldId(name('place'))}
          type="text"
          name="place"
          required
          maxlength={MAX_PLACE_LENGTH}
          value={confirm?.values.place ?? ''}
          {...describedBy(name('place'), issuesFor(errors, 'place'), true)}
        />
      </Field>
      <Field name={name('country')} label={labels.country!} errors={issuesFor(errors, 'country')}>
        <select id={fieldId(name('country'))} name="country" {...describedBy(name('country'), issuesFor(errors, 'country'), false)}>
          <CountryOptions lang={lang} selected={confirm?.values.country ?? ''} emptyLabel={t('objectForm.choose')} />
        </select>
      </Field>
      <Field name={name('note')} label={labels.note!} errors={issuesFor(errors, 'note')}>
        <textarea id={fieldId(name('note'))} name="note" rows={3} maxlength={MAX_NOTE_LENGTH} {...describedBy(name('note'), issuesFor(errors, 'note'), false)}>
          {confirm?.values.note ?? ''}
        </textarea>
      </Field>
      <p>
        <button type="submit">{t('identify.confirm.submit')}</button>
      </p>
    </form>
  );
}
