import { Hono, type Context } from 'hono';
import type { MapTilesSettings } from '../config/map-tiles-settings.js';
import { DomainError, type FieldIssue } from '../errors.js';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import type { AppEnv } from '../http/env.js';
import { translator } from '../i18n/i18n.js';
import { forbiddenPage, loginRedirect, refusalPage, renderPage, type PageOptions } from '../web/page-responses.js';
import { formText, type FormValues } from '../web/posted-text.js';
import { EmergencyFormPage, EmergencyListPage, EmergencyPage, emergencyPath } from './emergency.components.js';
import { formValuesFrom, formValuesOf, parseEmergencyForm, type EmergencyFormValues } from './emergency-form.js';
import { NO_STRIKE_FORMATS, type NoStrikeFormat } from './emergency.schemas.js';
import { NO_STRIKE_ROLES, type EmergencyService } from './emergency.service.js';
import type { NoStrikeExportService } from './no-strike-export.service.js';
import { HERITAGE_PAGES } from './heritage-place-contract.js';

export interface EmergencyPageDeps extends PageOptions {
  emergencies: EmergencyService;
  noStrike: NoStrikeExportService;
  /** The tile server for detailed base maps under the dashboard's map, when one is configured. */
  mapTiles: MapTilesSettings | undefined;
}

/** The dashboard lists this many places (museums first); the API gives more on request. */
const LISTED_PLACES = 200;

const isNoStrikeFormat = (value: string): value is NoStrikeFormat => (NO_STRIKE_FORMATS as readonly string[]).includes(value);

/**
 * `/{lang}/emergencies`: the list; `/{lang}/emergencies/{id}`: the dashboard (and, for those who
 * may, the no-strike export with its file and signature); `/new` and `/{id}/edit` for admins.
 */
export function emergencyPages(deps: EmergencyPageDeps) {
  const { emergencies, noStrike } = deps;

  const formPage = (c: Context<AppEnv>, values: EmergencyFormValues, errors: FieldIssue[], id: string | null, status: 200 | 400 | 412 = 200) =>
    renderPage(c, deps, (page) => <EmergencyFormPage page={page} values={values} errors={errors} id={id} />, status);

  /** The dashboard; after an export (`?export=`), with the links to its file and signature. */
  const dashboard = async (c: Context<AppEnv>) => {
    try {
      const principal = c.get('principal') ?? null;
      const exportId = c.req.query('export');
      const exported = principal && exportId ? await noStrike.get(principal, c.req.param('id') ?? '', exportId) : null;
      const summary = await emergencies.summary(principal, c.req.param('id') ?? '', c.get('lang'), LISTED_PLACES);
      const mayExport = principal !== null && (NO_STRIKE_ROLES as readonly string[]).includes(principal.role);
      return await renderPage(c, deps, (page) => <EmergencyPage page={page} summary={summary} mayExport={mayExport} exported={exported} tiles={deps.mapTiles} />);
    } catch (error) {
      return refusalPage(c, deps, error);
    }
  };

  /** Admins only: others are sent to sign in, or refused; a form whose token expired is refused. */
  const admin = async (c: Context<AppEnv>, posted?: FormValues) => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    if (principal.role !== 'admin' || (posted && !isValidCsrf(c, posted[CSRF_FIELD]))) return forbiddenPage(c, deps);
    return principal;
  };

  const save = async (c: Context<AppEnv>, id: string | null) => {
    const posted = (await c.req.parseBody()) as FormValues;
    const principal = await admin(c, posted);
    if (principal instanceof Response) return principal;
    const file = posted['areaFile'];
    const values = formValuesOf(posted, file instanceof File && file.size > 0 ? await file.text() : null);
    const t = translator(c.get('lang'));
    const parsed = parseEmergencyForm(values, t);
    if ('issues' in parsed) return formPage(c, values, parsed.issues, id, 400);
    try {
      const saved = id ? await emergencies.update(principal, id, Number(formText(posted, 'version')), parsed.input) : await emergencies.declare(principal, parsed.input);
      return c.redirect(`${emergencyPath(c.get('lang'), saved.id)}?saved=1`, 303);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'precondition-failed') return formPage(c, values, [{ field: 'version', message: t('emergencies.error.conflict') }], id, 412);
      return refusalPage(c, deps, error);
    }
  };

  const download = async (c: Context<AppEnv>, part: 'file' | 'signature') => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    try {
      const exported = await noStrike.get(principal, c.req.param('id') ?? '', c.req.param('exportId') ?? '');
      if (part === 'signature') return c.body(exported.signature, 200, { 'Content-Type': 'application/jose', 'Content-Disposition': `attachment; filename="${exported.fileName}.sig"` });
      return c.body(new Uint8Array(exported.bytes), 200, { 'Content-Type': exported.contentType, 'Content-Disposition': `attachment; filename="${exported.fileName}"` });
    } catch (error) {
      return refusalPage(c, deps, error);
    }
  };

  return new Hono<AppEnv>()
    .get(`/:lang${HERITAGE_PAGES.emergencies}`, async (c) => {
      const list = await emergencies.list();
      return renderPage(c, deps, (page) => <EmergencyListPage page={page} emergencies={list} />);
    })
    .get('/:lang/emergencies/new', async (c) => {
      const principal = await admin(c);
      if (principal instanceof Response) return principal;
      return formPage(c, { kind: 'armed-conflict', status: 'active', startsOn: new Date().toISOString().slice(0, 10) }, [], null);
    })
    .post('/:lang/emergencies/new', (c) => save(c, null))
    .get('/:lang/emergencies/:id', dashboard)
    .get('/:lang/emergencies/:id/edit', async (c) => {
      const principal = await admin(c);
      if (principal instanceof Response) return principal;
      try {
        return await formPage(c, formValuesFrom(await emergencies.get(c.req.param('id'))), [], c.req.param('id'));
      } catch (error) {
        return refusalPage(c, deps, error);
      }
    })
    .post('/:lang/emergencies/:id/edit', (c) => save(c, c.req.param('id')))
    .post('/:lang/emergencies/:id/no-strike', async (c) => {
      const posted = (await c.req.parseBody()) as FormValues;
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      if (!isValidCsrf(c, posted[CSRF_FIELD])) return forbiddenPage(c, deps);
      const format = formText(posted, 'format');
      try {
        const exported = await noStrike.export(principal, c.req.param('id'), isNoStrikeFormat(format) ? format : 'geojson');
        return c.redirect(`${emergencyPath(c.get('lang'), exported.emergencyId)}?export=${exported.id}#em-no-strike`, 303);
      } catch (error) {
        return refusalPage(c, deps, error);
      }
    })
    .get('/:lang/emergencies/:id/no-strike/:exportId/file', (c) => download(c, 'file'))
    .get('/:lang/emergencies/:id/no-strike/:exportId/signature', (c) => download(c, 'signature'));
}
