import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Child } from 'hono/jsx';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import { DomainError, type FieldIssue } from '../errors.js';
import { SightingHistoryDetails } from './sighting-history.components.js';
import type { AppEnv } from '../http/env.js';
import { translator } from '../i18n/i18n.js';
import { LANGUAGES } from '../i18n/languages.js';
import { manifestPath } from '../web/iiif-paths.js';
import { assetUrl } from '../web/assets.js';
import { localizeIssues } from '../web/form-errors.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { OBJECT_ID_CATEGORIES } from './completeness.js';
import { photoErrorText } from './photos/photo-errors.js';
import { MAX_PHOTO_BYTES } from './photos/photo-image.js';
import { MAX_CAPTION_LENGTH } from './photos/photo.service.js';
import { pickLocalized, type Measurement } from './object-record.js';
import {
  countryName,
  describedBy,
  descriptionFieldLabel,
  ErrorSummary,
  isDescriptionField,
  Field,
  fieldId,
  Flash,
  formatDate,
  formatDateTime,
  formatNumber,
  Gallery,
  InventoryNumberNotice,
  issuesFor,
  LangText,
  messageOr,
  StatusBadge,
  TermText,
  TypePath,
} from './object.components.js';
import { StatusChangeSchema } from './object.schemas.js';
import { VersionConflict } from './object.service.js';
import type { HistoryView, IncidentView, ObjectView } from './object-view.js';
import type { VocabularyKind } from './vocabulary.js';
import { forbiddenPage, loadEditable, refusalPage, render, type RegistryPageDeps } from './page-support.js';
import { formText, type FormValues } from '../web/posted-text.js';
import { OBJECT_STATUSES, STATUS_TRANSITIONS, type ObjectStatus } from './status.js';

const SAVED_NOTICES = {
  created: 'object.saved.created',
  updated: 'object.saved.updated',
  status: 'object.saved.status',
  photo: 'object.saved.photo',
  reported: 'object.saved.reported',
} as const;

/** The multipart envelope around the photo: boundaries, part headers, the caption. */
const MULTIPART_ALLOWANCE = 64 * 1024;

interface StatusFormState {
  values: { status: string; reason: string };
  errors: FieldIssue[];
  conflict: boolean;
}

interface PhotoFormState {
  errors: FieldIssue[];
}

interface ObjectPageProps {
  page: PageContext;
  view: ObjectView;
  history: HistoryView[] | null;
  saved?: string | undefined;
  statusForm?: StatusFormState | undefined;
  photoForm?: PhotoFormState | undefined;
}

/** The object page, the status change and the photo upload that it carries. */
export function objectPages(deps: RegistryPageDeps) {
  /** The object page as `principal` may see it, with the history when they are entitled to it. */
  const show = async (c: Context<AppEnv>, extra: Partial<Pick<ObjectPageProps, 'statusForm' | 'photoForm'>> = {}, status: 200 | 400 | 409 | 413 = 200) => {
    const principal = c.get('principal');
    const id = c.req.param('id') ?? '';
    let view: ObjectView;
    try {
      view = await deps.objects.read(principal, id);
    } catch (error) {
      return refusalPage(c, deps, error);
    }
    const history = await deps.objects.history(principal, id).catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === 'forbidden') return null;
      throw error;
    });
    const saved = c.req.query('saved');
    return render(
      c,
      deps,
      (page) => <ObjectPage page={page} view={view} history={history} saved={saved} {...extra} />,
      status,
    );
  };

  const photoError = (c: Context<AppEnv>, message: string, status: 400 | 413 = 400) => show(c, { photoForm: { errors: [{ field: 'photo', message }] } }, status);

  /** Only those who may add photos send one: the others are answered before the body is read. */
  const mayUpload: MiddlewareHandler<AppEnv> = async (c, next) => {
    const loaded = await loadEditable(c, deps, c.req.param('id') ?? '');
    if (loaded instanceof Response) return loaded;
    return next();
  };
  const photoBodyLimit = bodyLimit({
    maxSize: MAX_PHOTO_BYTES + MULTIPART_ALLOWANCE,
    onError: (c) => photoError(c, translator(c.get('lang'))('object.photo.error.tooLarge', { max: MAX_PHOTO_BYTES / 1_000_000 }), 413),
  });

  return new Hono<AppEnv>()
    .get('/:lang/objects/:id', (c) => show(c))
    .post('/:lang/objects/:id/status', async (c) => {
      const form = (await c.req.parseBody()) as FormValues;
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, deps);
      const id = c.req.param('id');
      const loaded = await loadEditable(c, deps, id);
      if (loaded instanceof Response) return loaded;
      const values = { status: formText(form, 'status'), reason: formText(form, 'reason') };
      const t = translator(c.get('lang'));
      const parsed = StatusChangeSchema.safeParse(values, { reportInput: true });
      if (!parsed.success) return show(c, { statusForm: { values, errors: localizeIssues(parsed.error.issues, t), conflict: false } }, 400);
      const version = Number(formText(form, 'version'));
      try {
        await deps.objects.changeStatus(loaded.principal, id, parsed.data.status, parsed.data.reason, Number.isInteger(version) ? version : undefined);
      } catch (error) {
        if (error instanceof VersionConflict) return show(c, { statusForm: { values, errors: [], conflict: true } }, 409);
        if (error instanceof DomainError && error.kind === 'invalid') {
          return show(c, { statusForm: { values, errors: [{ field: 'status', message: t('form.error.choice') }], conflict: false } }, 400);
        }
        return refusalPage(c, deps, error);
      }
      return c.redirect(`/${c.get('lang')}/objects/${encodeURIComponent(id)}?saved=status`, 303);
    })
    .post('/:lang/objects/:id/photos', mayUpload, photoBodyLimit, async (c) => {
      const form = (await c.req.parseBody()) as FormValues;
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, deps);
      const id = c.req.param('id');
      const principal = c.get('principal')!;
      const t = translator(c.get('lang'));
      const file = form.photo;
      if (!(file instanceof File) || file.size === 0) return photoError(c, t('object.photo.error.missing'));
      const caption = formText(form, 'caption');
      try {
        await deps.photos.addPhoto(principal, id, Buffer.from(await file.arrayBuffer()), file.name, caption || undefined);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'invalid') {
          if (error.issues.some((issue) => issue.field === 'caption')) return show(c, { photoForm: { errors: [{ field: 'caption', message: t('form.error.tooLong', { max: MAX_CAPTION_LENGTH }) }] } }, 400);
          return photoError(c, photoErrorText(error, t));
        }
        return refusalPage(c, deps, error);
      }
      return c.redirect(`/${c.get('lang')}/objects/${encodeURIComponent(id)}?saved=photo`, 303);
    });
}

/** POST /{lang}/objects/{id}/photos: the page upload, whose body may exceed the app's general limit (it has its own). */
const PHOTO_UPLOAD_PAGE = new RegExp(`^/(${LANGUAGES.join('|')})/objects/[^/]+/photos$`);

export function isPhotoUploadPage(method: string, path: string): boolean {
  return method === 'POST' && PHOTO_UPLOAD_PAGE.test(path);
}

function ObjectPage({ page, view, history, saved, statusForm, photoForm }: ObjectPageProps) {
  const { t, lang } = page;
  const title = pickLocalized(view.description.title, lang);
  const titleText = title?.text ?? view.title;
  const savedKey = saved && saved in SAVED_NOTICES ? SAVED_NOTICES[saved as keyof typeof SAVED_NOTICES] : undefined;
  const describedIn = pickLocalized(view.description.description, lang);
  return (
    <Layout
      page={page}
      title={titleText}
      description={describedIn?.text.slice(0, 200)}
      scripts={[...(view.canEdit ? [assetUrl('admin-form.js')] : []), ...(view.photos.length > 0 ? [assetUrl('photo-viewer.js')] : [])]}
    >
      <header class="object-header">
        <h1 lang={title && title.lang !== lang ? title.lang : undefined}>{titleText}</h1>
        <p class="object-status">
          <StatusBadge status={view.status} t={t} />
          {view.onAlertList && (
            <a class="tag" href={`/${lang}/alerts`}>
              {t('object.onAlertList')}
            </a>
          )}
        </p>
      </header>
      <Flash message={savedKey && t(savedKey)} />

      <section aria-labelledby="photos-heading">
        <h2 id="photos-heading" class="visually-hidden">
          {t('object.photos')}
        </h2>
        <Gallery photos={view.photos} title={titleText} page={page} />
        {view.photos.length > 0 && (
          <p class="iiif-link">
            <a href={manifestPath(view.id)} type="application/ld+json">
              {t('object.iiifManifest')}
            </a>
          </p>
        )}
      </section>

      <section aria-labelledby="identification-heading">
        <h2 id="identification-heading">{t('object.identification')}</h2>
        <Identification view={view} page={page} />
      </section>

      <Completeness view={view} page={page} />

      {view.incidents.length > 0 && (
        <section aria-labelledby="incidents-heading">
          <h2 id="incidents-heading">{t('object.incidents')}</h2>
          {view.incidents.map((incident) => (
            <Incident incident={incident} page={page} />
          ))}
        </section>
      )}

      {view.sensitive && Object.values(view.sensitive).some((value) => value?.trim()) && (
        <section aria-labelledby="sensitive-heading" class="restricted">
          <h2 id="sensitive-heading">{t('object.sensitive')}</h2>
          <p class="hint">{t('object.sensitive.note')}</p>
          <dl class="facts">
            {view.sensitive.storageLocation && <Fact label={t('object.sensitive.storageLocation')}>{view.sensitive.storageLocation}</Fact>}
            {view.sensitive.ownerContact && <Fact label={t('object.sensitive.ownerContact')}>{view.sensitive.ownerContact}</Fact>}
            {view.sensitive.address && <Fact label={t('object.sensitive.address')}>{view.sensitive.address}</Fact>}
          </dl>
        </section>
      )}

      {view.canEdit && <EditorActions view={view} page={page} statusForm={statusForm} photoForm={photoForm} />}

      {history && (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">{t('object.history')}</h2>
          <ol class="history">
            {history.map((entry) => (
              <HistoryEntry entry={entry} page={page} />
            ))}
          </ol>
        </section>
      )}
    </Layout>
  );
}

function Fact({ label, children }: { label: string; children: Child }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function measurementText(m: Measurement, page: PageContext): string {
  const part = m.part ? ` ${page.t('object.part', { part: m.part })}` : '';
  return page.t('object.labelValue', { label: page.t(`dimension.${m.dimension}`), value: `${formatNumber(m.value, page.lang)} ${m.unit}${part}` });
}

/** Quotation marks of the page's language around `children`. */
function Quoted({ page, children }: { page: PageContext; children: Child }) {
  const [open = '“', close = '”'] = page.t('object.quoted', { text: '\u0000' }).split('\u0000');
  return (
    <>
      {open}
      {children}
      {close}
    </>
  );
}

/** The Object ID fields that are filled in, in the order of the standard. */
function Identification({ view, page }: { view: ObjectView; page: PageContext }) {
  const { t, lang } = page;
  const d = view.description;
  return (
    <dl class="facts">
      <Fact label={t('objectId.inventoryNumber')}>{view.inventoryNumber ?? <span class="muted">{t('inventory.numberMissing')}</span>}</Fact>
      <Fact label={t('object.organisation')}>{view.organisation.name}</Fact>
      {d.objectType.length > 0 && (
        <Fact label={t('objectId.objectType')}>
          <TypePath terms={d.objectType} page={page} />
        </Fact>
      )}
      {d.materials.length > 0 && <Fact label={t('object.materials')}><Terms terms={d.materials} page={page} kind="material" /></Fact>}
      {d.techniques.length > 0 && <Fact label={t('object.techniques')}><Terms terms={d.techniques} page={page} kind="technique" /></Fact>}
      {d.measurements.length > 0 && (
        <Fact label={t('objectId.measurements')}>
          <ul class="plain">
            {d.measurements.map((m) => (
              <li>{measurementText(m, page)}</li>
            ))}
          </ul>
        </Fact>
      )}
      {d.inscriptions.length > 0 && (
        <Fact label={t('objectId.inscriptions')}>
          <ul class="plain">
            {d.inscriptions.map((inscription) => (
              <li>
                {t('object.labelValue', { label: t(`inscription.kind.${inscription.kind}`), value: '' })}
                <Quoted page={page}>
                  <span lang={inscription.language || undefined}>{inscription.text}</span>
                </Quoted>
                {inscription.position && ` ${t('object.part', { part: inscription.position })}`}
              </li>
            ))}
          </ul>
        </Fact>
      )}
      {d.dating && (
        <Fact label={t('objectId.dating')}>
          {d.dating.display}
          {(d.dating.earliest !== undefined || d.dating.latest !== undefined) && (
            <span class="muted"> ({[d.dating.earliest, d.dating.latest].filter((year) => year !== undefined).join(' – ')})</span>
          )}
        </Fact>
      )}
      {d.makers.length > 0 && (
        <Fact label={t('objectId.maker')}>
          <ul class="plain">
            {d.makers.map((maker) => (
              <li>
                {maker.name}
                {maker.role && ` ${t('object.part', { part: maker.role })}`}
              </li>
            ))}
          </ul>
        </Fact>
      )}
      {pickLocalized(d.subject, lang) && <Fact label={t('objectId.subject')}><LangText map={d.subject} page={page} /></Fact>}
      {pickLocalized(d.distinguishingFeatures, lang) && (
        <Fact label={t('objectId.distinguishingFeatures')}>
          <LangText map={d.distinguishingFeatures} page={page} block />
        </Fact>
      )}
      {pickLocalized(d.description, lang) && (
        <Fact label={t('objectId.description')}>
          <LangText map={d.description} page={page} block />
        </Fact>
      )}
      {d.places.length > 0 && (
        <Fact label={t('objectId.places')}>
          <ul class="plain">
            {d.places.map((place) => (
              <li>
                {place.name}
                {place.country && `, ${countryName(place.country, lang)}`}
                {place.kind && ` ${t('object.part', { part: t(`place.kind.${place.kind}`) })}`}
              </li>
            ))}
          </ul>
        </Fact>
      )}
      {d.relatedWrittenMaterial.length > 0 && (
        <Fact label={t('objectId.relatedWrittenMaterial')}>
          <ul class="plain">
            {d.relatedWrittenMaterial.map((reference) => (
              <li>{reference}</li>
            ))}
          </ul>
        </Fact>
      )}
      {d.crossReferences.length > 0 && (
        <Fact label={t('objectId.crossReferences')}>
          <ul class="plain">
            {d.crossReferences.map((reference) => (
              <li>{reference}</li>
            ))}
          </ul>
        </Fact>
      )}
      {d.dateDocumented && <Fact label={t('objectId.dateDocumented')}>{formatDate(d.dateDocumented, lang)}</Fact>}
    </dl>
  );
}

function Terms({ terms, page, kind }: { terms: ObjectView['description']['materials']; page: PageContext; kind: VocabularyKind }) {
  return (
    <>
      {terms.map((term, index) => (
        <>
          {index > 0 && ', '}
          <TermText term={term} page={page} kind={kind} />
        </>
      ))}
    </>
  );
}

function Completeness({ view, page }: { view: ObjectView; page: PageContext }) {
  const { t } = page;
  const c = view.completeness;
  const categories = OBJECT_ID_CATEGORIES.length;
  const present = categories - c.missing.length;
  return (
    <section aria-labelledby="completeness-heading" class="completeness">
      <h2 id="completeness-heading">{t('object.completeness')}</h2>
      <p>
        <meter min={0} max={categories} value={present} aria-hidden="true"></meter> {t('object.completeness.score', { present, total: categories })}
      </p>
      <InventoryNumberNotice view={view} page={page} />
      {c.complete ? (
        <p class="notice success">{t('object.completeness.complete')}</p>
      ) : (
        <>
          <p>{t('object.completeness.missing')}</p>
          <ul class="tags">
            {c.missing.map((category) => (
              <li class="tag">{t(`objectId.${category}`)}</li>
            ))}
          </ul>
          {c.typeNeedsSecondLevel && <p class="hint">{t('object.completeness.typeLevel')}</p>}
        </>
      )}
      {c.missingRecommended.length > 0 && (
        <>
          <p>{t('object.completeness.recommended')}</p>
          <ul class="tags">
            {c.missingRecommended.map((category) => (
              <li class="tag">{t(`objectId.${category}`)}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Incident({ incident, page }: { incident: IncidentView; page: PageContext }) {
  const { t, lang } = page;
  return (
    <article class="incident">
      <h3>
        {t(`incident.method.${incident.method}`)} · {formatDate(incident.reportedOn, lang)}
      </h3>
      <dl class="facts">
        <Fact label={t('object.incident.reference')}>{incident.reference}</Fact>
        {incident.discoveredOn && <Fact label={t('object.incident.discoveredOn')}>{formatDate(incident.discoveredOn, lang)}</Fact>}
        <Fact label={t('object.incident.reportedOn')}>{formatDate(incident.reportedOn, lang)}</Fact>
        {incident.country && <Fact label={t('object.incident.country')}>{countryName(incident.country, lang)}</Fact>}
        {incident.place && <Fact label={t('object.incident.place')}>{incident.place}</Fact>}
        {incident.reporter && <Fact label={t('object.incident.reporter')}>{incident.reporter}</Fact>}
        {incident.reporterContact && <Fact label={t('object.incident.reporterContact')}>{incident.reporterContact}</Fact>}
        {incident.policeReportNumber && <Fact label={t('object.incident.policeReportNumber')}>{incident.policeReportNumber}</Fact>}
        {incident.circumstances && <Fact label={t('object.incident.circumstances')}>{incident.circumstances}</Fact>}
        {incident.publish !== undefined && (
          <Fact label={t('object.incident.publish')}>{incident.publish ? t('object.incident.published') : t('object.incident.notPublished')}</Fact>
        )}
      </dl>
    </article>
  );
}

/** The statuses a registrar may choose here; stolen and missing are entered by reporting. */
export function statusChoices(status: ObjectStatus): ObjectStatus[] {
  if (status === 'in-collection') return [];
  return STATUS_TRANSITIONS[status].filter((to) => OBJECT_STATUSES.includes(to));
}

function EditorActions({ view, page, statusForm, photoForm }: { view: ObjectView; page: PageContext; statusForm?: StatusFormState | undefined; photoForm?: PhotoFormState | undefined }) {
  const { t, lang } = page;
  const base = `/${lang}/objects/${view.id}`;
  const choices = statusChoices(view.status);
  const statusErrors = statusForm?.errors ?? [];
  const photoErrors = photoForm?.errors ?? [];
  const statusLabel = (field: string) => (field.startsWith('reason') ? t('object.status.reason') : t('object.status.new'));
  return (
    <section aria-labelledby="actions-heading" class="actions">
      <h2 id="actions-heading">{t('object.actions')}</h2>
      <p class="action-links">
        <a class="button" href={`${base}/edit`}>
          {t('object.edit')}
        </a>
        <a class="button secondary" href={`${base}/report`}>
          {t('object.report')}
        </a>
        <a href={`/${lang}/evacuation/objects/${encodeURIComponent(view.id)}`}>{t('evacuation.objectLink')}</a>
      </p>

      <h3 id="photo-heading">{t('object.photo.upload')}</h3>
      <form method="post" action={`${base}/photos`} enctype="multipart/form-data" class="stack panel" aria-labelledby="photo-heading">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <ErrorSummary errors={photoErrors} page={page} label={() => t('object.photo.file')} />
        <Field name="photo" label={t('object.photo.file')} hint={t('object.photo.hint')} errors={issuesFor(photoErrors, 'photo')}>
          <input id={fieldId('photo')} type="file" name="photo" accept="image/*" capture="environment" required {...describedBy('photo', issuesFor(photoErrors, 'photo'), true)} />
        </Field>
        <Field name="caption" label={t('object.photo.caption')} errors={issuesFor(photoErrors, 'caption')}>
          <input id={fieldId('caption')} type="text" name="caption" maxlength={MAX_CAPTION_LENGTH} />
        </Field>
        <p>
          <button type="submit">{t('object.photo.submit')}</button>
        </p>
      </form>

      <h3 id="status-heading">{t('object.status.change')}</h3>
      {statusForm?.conflict && (
        <div class="notice error" role="alert">
          <p>{t('object.conflict')}</p>
          <p>
            <a href={base}>{t('object.conflict.reload')}</a>
          </p>
        </div>
      )}
      {choices.length === 0 ? (
        <p>
          {t('object.status.viaReport')} <a href={`${base}/report`}>{t('object.report')}</a>
        </p>
      ) : (
        <form method="post" action={`${base}/status`} class="stack panel" aria-labelledby="status-heading">
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <input type="hidden" name="version" value={String(view.version)} />
          <ErrorSummary errors={statusErrors} page={page} label={statusLabel} />
          <Field name="status" label={t('object.status.new')} errors={issuesFor(statusErrors, 'status')}>
            <select id={fieldId('status')} name="status" required {...describedBy('status', issuesFor(statusErrors, 'status'), false)}>
              {choices.map((status) => (
                <option value={status} selected={statusForm?.values.status === status}>
                  {t(`status.${status}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field name="reason" label={t('object.status.reason')} hint={t('object.status.reason.hint')} errors={issuesFor(statusErrors, 'reason')}>
            <textarea id={fieldId('reason')} name="reason" required maxlength={1000} rows={3} {...describedBy('reason', issuesFor(statusErrors, 'reason'), true)}>
              {statusForm?.values.reason ?? ''}
            </textarea>
          </Field>
          <p>
            <button type="submit">{t('object.status.submit')}</button>
          </p>
        </form>
      )}
    </section>
  );
}

function HistoryEntry({ entry, page }: { entry: HistoryView; page: PageContext }) {
  const { t, lang } = page;
  return (
    <li>
      <dl class="facts">
        <Fact label={t('object.history.at')}>
          <time datetime={entry.at}>{formatDateTime(entry.at, lang)}</time>
        </Fact>
        <Fact label={t('object.history.actor')}>{entry.actor}</Fact>
        <Fact label={t('object.history.action')}>
          <strong>{messageOr(t, `history.action.${entry.action}`, entry.action)}</strong>
          {historyDetails(entry, t).map((detail) => (
            <>
              {' '}
              {detail}
            </>
          ))}
          {entry.action === 'sighting-recorded' && <SightingHistoryDetails changes={entry.changes} page={page} />}
        </Fact>
        {entry.reason && <Fact label={t('object.history.reason')}>{entry.reason}</Fact>}
      </dl>
    </li>
  );
}

/** What a history entry changed, in words: "Stolen → Recovered", "Changed: Title, Measurements." */
function historyDetails(entry: HistoryView, t: PageContext['t']): string[] {
  const details: string[] = [];
  const { status, incident, published, ...fields } = entry.changes;
  if (Array.isArray(status) && status.length === 2) {
    details.push(status.map((value) => messageOr(t, `status.${String(value)}`, String(value))).join(' → '));
  }
  if (typeof incident === 'string') details.push(`(${messageOr(t, `incident.method.${incident}`, incident)})`);
  if (published === true) details.push(t('object.history.published'));
  if (entry.action.startsWith('photo-')) {
    // The file's name and caption say which photograph; its size and checksum are for machines.
    const { filename, caption } = fields;
    if (typeof filename === 'string') details.push(filename);
    if (typeof caption === 'string' && caption) details.push(`(${caption})`);
    return details;
  }
  const names = Object.keys(fields).filter(isDescriptionField).map((key) => descriptionFieldLabel(key, t));
  if (names.length > 0 && entry.action !== 'created') details.push(t('object.history.changed', { fields: names.join(', ') }));
  return details;
}
