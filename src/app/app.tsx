import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { AppContext } from './context.js';
import { accessAdminPages } from '../accounts/access-admin.pages.js';
import { accessApi } from '../accounts/access.api.js';
import { auditApi } from '../audit/audit.api.js';
import { auditPages } from '../audit/audit.pages.js';
import { auditScope } from '../audit/audit-scope.js';
import { identify } from '../auth/auth.middleware.js';
import { loginPages } from '../auth/login.pages.js';
import { twoFactorPages } from '../auth/two-factor.pages.js';
import { isDatabaseUnreachable } from '../db/connection-errors.js';
import { DatabaseBusyError } from '../db/errors.js';
import { DomainError } from '../errors.js';
import { identifyApi, identifyMediaRoutes, isIdentifyUpload } from '../identify/identify.api.js';
import { identifyPages } from '../identify/identify.pages.js';
import { accuracyApi } from '../identify/accuracy.api.js';
import { accuracyPages } from '../identify/accuracy.pages.js';
import { isLang, negotiateLanguage, type Lang } from '../i18n/languages.js';
import { partnerAdminPages } from '../network/partner-admin.pages.js';
import { partnerApi } from '../network/partner.api.js';
import { partnerPages } from '../network/partner.pages.js';
import { documentRedListJsonLd, isRedListImport, redListApi } from '../redlists/red-list.api.js';
import { redListPages } from '../redlists/red-list.pages.js';
import { redListEditorPages } from '../redlists/red-list-editor.pages.js';
import { isRedListEditorUpload } from '../redlists/red-list-editor.paths.js';
import { redListBookletRoutes } from '../redlists/red-list-booklet.routes.js';
import { redListMediaRoutes } from '../redlists/red-list.media.js';
import { customsCheckApi, isCustomsCheckUpload } from '../redlists/customs/customs-check.api.js';
import { customsCheckPages } from '../redlists/customs/customs-check.pages.js';
import { dueDiligenceApi } from '../duediligence/due-diligence.api.js';
import { dueDiligenceMediaRoutes, dueDiligencePages } from '../duediligence/due-diligence.pages.js';
import { isDueDiligenceUpload } from '../duediligence/due-diligence.upload.js';
import { externalDatasetApi } from '../observatory/external-datasets.api.js';
import { observatoryApi } from '../observatory/observatory.api.js';
import { observatoryReportRoutes } from '../observatory/observatory-report.routes.js';
import { externalDatasetPages } from '../observatory/external-datasets.pages.js';
import { isLibraryDocumentUpload, libraryApi } from '../observatory/library.api.js';
import { isLibraryPageUpload, libraryAdminPages } from '../observatory/library-admin.pages.js';
import { libraryPages } from '../observatory/library.pages.js';
import { observatoryPages } from '../observatory/observatory.pages.js';
import { heritagePlaceApi, isHeritageAssessmentUpload } from '../emergencies/places/heritage-place.api.js';
import { fieldAssetRoutes } from '../emergencies/field/field-assets.js';
import { fieldPages, isFieldFormUpload } from '../emergencies/field/field.pages.js';
import { heritagePlaceMediaRoutes } from '../emergencies/places/heritage-place.media.js';
import { heritagePlacePages, isHeritageAssessmentPage } from '../emergencies/places/heritage-place.pages.js';
import { emergencyApi } from '../emergencies/emergency.api.js';
import { emergencyPages } from '../emergencies/emergency.pages.js';
import { placesImportApi } from '../emergencies/places-import.api.js';
import { jwksRoutes, signingApi } from '../signing/signing.api.js';
import { certificateApi } from '../duediligence/certificates/certificate.api.js';
import { certificatePages } from '../duediligence/certificates/certificate.pages.js';
import { customsCheckMediaRoutes } from '../redlists/customs/customs-check.media.js';
import { evacuationApi, isEvacuationImport } from '../emergencies/plans/evacuation-plan.api.js';
import { evacuationPages, isEvacuationImportPage } from '../emergencies/plans/evacuation.pages.js';
import { checkReportRoutes } from '../redlists/customs/check-report.routes.js';
import { notificationPages, unreadNotifications } from '../notifications/notifications.pages.js';
import { objectApi } from '../registry/object.api.js';
import { isPhotoUpload, photoApi, photoMediaRoutes } from '../registry/photos/photo.api.js';
import { isPhotoUploadPage } from '../registry/object.pages.js';
import { registryPages } from '../registry/registry.pages.js';
import { searchApi } from '../registry/search/search.api.js';
import { apiReferencePages } from './api-reference.pages.js';
import { documentObjectFormats, objectFormatRoutes } from '../interop/object-formats.api.js';
import { IIIF_BASE } from '../web/iiif-paths.js';
import { iiifCrossOrigin, iiifRoutes } from '../interop/iiif/iiif.routes.js';
import { oaiRoutes } from '../interop/oai-pmh/oai.routes.js';
import { alertFeedRoutes } from '../alerts/feeds/feed.routes.js';
import { webhookApi } from '../alerts/webhooks/webhook.api.js';
import { webhookPages } from '../alerts/webhooks/webhook.pages.js';
import { knownHostsOnly } from '../interop/base-url.js';
import { assetRoutes } from '../web/assets.js';
import { HomePage } from './home.page.js';
import { NotFoundPage } from '../web/not-found.page.js';
import { pageContext } from '../web/page-context.js';
import { renderHtml } from '../web/render.js';
import { publicResponseCache } from '../web/response-cache.js';
import type { AppEnv } from '../http/env.js';
import { createApiRouter, documentSessionAccess, openApiDocumentConfig, SECURITY_SCHEMES } from '../http/openapi.js';
import { requireCsrfForCookieWrites } from '../http/csrf-guard.js';
import { privateByDefault } from '../http/private-by-default.js';
import { domainProblem, problem } from '../http/problem.js';
import { requestLogger } from '../http/request-logger.js';
import { CLIENT_CLOSED_REQUEST, clientGone } from '../http/client-gone.js';
import { subscriptionPages } from '../alerts/subscriptions/subscription.pages.js';
import { subscriptionApi } from '../alerts/subscriptions/subscription.api.js';
import { imageWatchMediaRoutes, imageWatchPages } from '../alerts/watch/image-watch.pages.js';
import { isImageWatchUpload } from '../alerts/watch/watch-upload.js';
import { imageWatchApi } from '../alerts/watch/image-watch.api.js';

export const API_BASE = '/api/v1';
/** What a request refused because the database stayed busy (DatabaseBusyError) or cannot be reached tells the client to wait. */
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = 5;
const MAX_BODY_BYTES = 1024 * 1024;

export function createApp(ctx: AppContext): Hono<AppEnv> {
  const { accounts, partners, config } = ctx;
  const secure = config.secureCookies;
  const app = new Hono<AppEnv>();

  app.use(requestLogger(ctx.logger));
  app.use(`${IIIF_BASE}/*`, iiifCrossOrigin);
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // A configured tile server's origin, and no other: without one the maps are drawn here.
        imgSrc: ["'self'", 'data:', ...(config.mapTiles ? [config.mapTiles.origin] : [])],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      // Agrees with `frame-ancestors 'none'` (SAMEORIGIN would not): no page is meant to be framed.
      xFrameOptions: 'DENY',
      // HSTS over plain HTTP would be ignored at best, and would lock a misconfigured host out at worst.
      strictTransportSecurity: config.hsts,
    }),
  );

  // The limit protects forms and the API alike. Photo uploads are the exception: their routes have
  // their own, larger limit, applied after authentication (so anonymous callers cannot send 40 MB),
  // except identification, which the public may use.
  const defaultBodyLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => problem(c, 413, `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`) });
  app.use((c, next) =>
    isPhotoUpload(c.req.method, c.req.path, API_BASE) || isPhotoUploadPage(c.req.method, c.req.path) || isIdentifyUpload(c.req.method, c.req.path, API_BASE) || isCustomsCheckUpload(c.req.method, c.req.path, API_BASE) || isRedListEditorUpload(c.req.method, c.req.path) || isRedListImport(c.req.method, c.req.path, API_BASE) || isEvacuationImport(c.req.method, c.req.path, API_BASE) || isEvacuationImportPage(c.req.method, c.req.path) || isHeritageAssessmentUpload(c.req.method, c.req.path, API_BASE) || isHeritageAssessmentPage(c.req.method, c.req.path) || isFieldFormUpload(c.req.method, c.req.path) || isLibraryDocumentUpload(c.req.method, c.req.path, API_BASE) || isLibraryPageUpload(c.req.method, c.req.path) || isImageWatchUpload(c.req.method, c.req.path, API_BASE) || isDueDiligenceUpload(c.req.method, c.req.path, API_BASE)
      ? next()
      : defaultBodyLimit(c, next),
  );

  app.get('/healthz', async (c) => {
    await ctx.pingDatabase();
    return c.json({ status: 'ok' });
  });
  // Before anything that writes addresses: a forged Host must not become one (interop/base-url.ts).
  app.use(knownHostsOnly(config));
  app.route('/', assetRoutes());
  app.route('/', fieldAssetRoutes());
  // OAI-PMH serves the public alert list only, whoever asks: before identification.
  app.route('/', oaiRoutes(ctx.exports));
  // The alert feeds are public and the same for everyone: before identification, as OAI-PMH.
  app.route('/', alertFeedRoutes(ctx.alertFeeds, config.baseUrl));
  app.use(privateByDefault);
  app.use(auditScope(config.trustedProxies));
  app.use(identify(accounts));
  app.use(`${API_BASE}/*`, requireCsrfForCookieWrites(config.baseUrl));

  app.route('/', photoMediaRoutes(ctx.photos));
  app.route('/', redListMediaRoutes(ctx.redLists));
  app.route('/', identifyMediaRoutes(ctx.identify, ctx.sightings));
  app.route('/', customsCheckMediaRoutes(ctx.customsChecks));
  app.route('/', dueDiligenceMediaRoutes(ctx.dueDiligence));
  app.route('/', imageWatchMediaRoutes(ctx.imageWatches));
  app.route('/', heritagePlaceMediaRoutes(ctx.heritagePlaces));
  app.route('/', jwksRoutes(ctx.signing));
  app.route('/', iiifRoutes(ctx.iiif, ctx.objects, config.trustedProxies));
  // LIDO and Linked Art of one object (`.lido.xml`, `.jsonld`, or by Accept): before the registry API's `/objects/{id}`.
  app.route('/', objectFormatRoutes(ctx.objects, API_BASE));

  const api = createApiRouter().route('/', partnerApi(partners)).route('/', objectApi(ctx.objects)).route('/', photoApi(ctx.photos)).route('/', searchApi(ctx.search)).route('/', auditApi(ctx.audit)).route('/', accessApi(accounts)).route('/', identifyApi(ctx.identify, config.trustedProxies));
  api.route('/', redListApi(ctx.redLists, ctx.redListSearch, API_BASE));
  api.route('/', customsCheckApi(ctx.customsChecks, ctx.identify.admission, config.trustedProxies));
  api.route('/', dueDiligenceApi(ctx.dueDiligence));
  api.route('/', evacuationApi(ctx.evacuationPlans));
  api.route('/', subscriptionApi(ctx.alerts.subscriptions));
  api.route('/', imageWatchApi(ctx.imageWatches));
  api.route('/', accuracyApi(ctx.identifyEvaluations));
  api.route('/', externalDatasetApi(ctx.externalDatasets)).route('/', libraryApi(ctx.library));
  api.route('/', observatoryApi(ctx.observatory, API_BASE));
  api.route('/', heritagePlaceApi(ctx.heritagePlaces));
  api.route('/', emergencyApi(ctx.emergencies, ctx.noStrikeExports)).route('/', signingApi(ctx.signing)).route('/', placesImportApi(ctx.placesImport));
  api.route('/', certificateApi(ctx.certificates, { certifiableLot: (principal, checkId, lotId) => ctx.dueDiligence.certifiableLot(principal, checkId, lotId) }));
  api.route('/', webhookApi(ctx.webhooks));
  documentObjectFormats(api);
  documentRedListJsonLd(api);
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) api.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  const openApiDocument = () => documentSessionAccess(api.getOpenAPI31Document(openApiInfo));
  api.get('/openapi.json', (c) => c.json(openApiDocument()));
  const cachedWithDirectory = publicResponseCache(() => partners.version);
  app.get(`${API_BASE}/partners`, cachedWithDirectory);
  app.get(`${API_BASE}/partners/:slug`, cachedWithDirectory);
  // Published Red Lists change only when an edition is published. Not a category: its answer depends on Accept (JSON or JSON-LD).
  const cachedWithRedLists = publicResponseCache(() => ctx.redLists.version);
  app.get(`${API_BASE}/red-lists`, cachedWithRedLists);
  app.get(`${API_BASE}/red-lists/:slug`, cachedWithRedLists);
  app.route(API_BASE, api);

  app.get('/', (c) => {
    c.header('Vary', 'Accept-Language');
    return c.redirect(`/${negotiateLanguage(c.req.header('Accept-Language'))}/`, 302);
  });
  app.use('/:lang/*', async (c, next) => {
    const lang = c.req.param('lang');
    if (!isLang(lang)) return c.notFound();
    c.set('lang', lang);
    return next();
  });
  app.use('/:lang/*', unreadNotifications(ctx.notifications, ctx.alerts.subscriptions));
  app.get('/:lang/', cachedWithDirectory);
  app.get('/:lang/partners', cachedWithDirectory);
  app.get('/:lang/partners/:slug', cachedWithDirectory);
  app.get('/:lang/api', cachedWithDirectory);
  app.get('/:lang/red-lists', cachedWithRedLists);
  app.get('/:lang/red-lists/*', cachedWithRedLists);
  app.get('/:lang', (c) => (isLang(c.req.param('lang')) ? c.redirect(`/${c.req.param('lang')}/`, 301) : c.notFound()));
  app.get('/:lang/', async (c) => {
    const page = pageContext(c, c.get('lang'), secure);
    return renderHtml(c, <HomePage page={page} partners={await partners.list()} />);
  });
  app.route('/', partnerPages(partners, secure));
  // The editors' pages before the public ones: `/red-lists/edit` is not a list.
  app.route('/', redListEditorPages(ctx.redLists, secure));
  app.route('/', redListPages(ctx.redLists, ctx.redListSearch, { secureCookies: secure }));
  app.route('/', redListBookletRoutes(ctx.redListBooklets, { secureCookies: secure }));
  app.route('/', observatoryReportRoutes(ctx.observatoryReports, { secureCookies: secure }));
  app.route('/', loginPages(accounts, ctx.loginThrottle, ctx.twoFactor, { secureCookies: secure, trustedProxies: config.trustedProxies }));
  app.route('/', twoFactorPages(accounts, ctx.twoFactor, { secureCookies: secure }));
  app.route('/', partnerAdminPages(partners, secure));
  app.route('/', auditPages({ audit: ctx.audit, accounts: ctx.accounts, secureCookies: secure }));
  app.route('/', accessAdminPages(accounts, { secureCookies: secure }));
  app.route(
    '/',
    registryPages({
      objects: ctx.objects,
      accounts: ctx.accounts,
      photos: ctx.photos,
      search: ctx.search,
      secureCookies: secure,
    }),
  );
  // Before identifyPages: its `/{lang}/identify/{id}` would take "accuracy" for an identification's id.
  app.route('/', accuracyPages({ evaluations: ctx.identifyEvaluations, secureCookies: secure }));
  app.route('/', identifyPages({ identify: ctx.identify, sightings: ctx.sightings, secureCookies: secure, trustedProxies: config.trustedProxies }));
  app.route('/', customsCheckPages({ checks: ctx.customsChecks, admission: ctx.identify.admission, secureCookies: secure, trustedProxies: config.trustedProxies }));
  app.route('/', checkReportRoutes(ctx.customsChecks, { secureCookies: secure }));
  app.route('/', dueDiligencePages({ checks: ctx.dueDiligence, secureCookies: secure }));
  app.route('/', heritagePlacePages(ctx.heritagePlaces, { secureCookies: secure, mapTiles: config.mapTiles }));
  app.route('/', notificationPages(ctx.notifications, secure, ctx.alerts.subscriptions));
  app.route('/', subscriptionPages(ctx.alerts.subscriptions, { secureCookies: secure }, (principal) => ctx.webhooks.usableBy(principal)));
  app.route('/', imageWatchPages(ctx.imageWatches, { secureCookies: secure }));
  app.route('/', evacuationPages(ctx.evacuationPlans, { secureCookies: secure }));
  app.route('/', observatoryPages({ observatory: ctx.observatory, externalDatasets: ctx.externalDatasets, secureCookies: secure }));
  app.route('/', externalDatasetPages(ctx.externalDatasets, { secureCookies: secure }));
  // The editors' pages before the public ones, as for Red Lists.
  app.route('/', libraryAdminPages(ctx.library, { secureCookies: secure }));
  app.route('/', libraryPages(ctx.library, { secureCookies: secure }));
  app.route('/', fieldPages({ places: ctx.heritagePlaces, secureCookies: secure }));
  app.route('/', emergencyPages({ emergencies: ctx.emergencies, noStrike: ctx.noStrikeExports, secureCookies: secure, mapTiles: config.mapTiles }));
  app.route('/', certificatePages({ certificates: ctx.certificates, lots: { certifiableLot: (principal, checkId, lotId) => ctx.dueDiligence.certifiableLot(principal, checkId, lotId) }, secureCookies: secure }));
  app.route('/', webhookPages(ctx.webhooks, { secureCookies: secure, pauseAfter: config.webhooks.pauseAfter }));
  app.route('/', apiReferencePages(openApiDocument, secure));

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return problem(c, 404, `Nothing at ${c.req.path}.`);
    return renderHtml(c, <NotFoundPage page={pageContext(c, visitorLanguage(c), secure)} />, 404);
  });

  app.onError((error, c) => {
    if (error instanceof DomainError) {
      return domainProblem(c, error);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, error.status as 400, error.message);
    }
    if (error instanceof DatabaseBusyError) {
      // Another process (an import, an index rebuild) held the write lock for longer than a write waits: nothing was changed.
      ctx.logger.warn('database busy', { method: c.req.method, path: c.req.path, waitedMs: Math.round(error.waitedMs) });
      c.header('Retry-After', String(DATABASE_BUSY_RETRY_AFTER_SECONDS));
      return problem(c, 503, 'The database is busy with another process’s writes (an import, an index rebuild); nothing was changed. Try again in a few seconds.');
    }
    if (isDatabaseUnreachable(error)) {
      // PostgreSQL restarting or failing over: the pool opens new connections once it is back.
      ctx.logger.warn('database unreachable', { method: c.req.method, path: c.req.path, reason: error instanceof Error ? error.message : String(error) });
      c.header('Retry-After', String(DATABASE_BUSY_RETRY_AFTER_SECONDS));
      return problem(c, 503, 'The database cannot be reached at the moment; try again in a few seconds.');
    }
    if (clientGone(c)) {
      ctx.logger.info('client disconnected before the answer', { method: c.req.method, path: c.req.path });
      return new Response(null, { status: CLIENT_CLOSED_REQUEST });
    }
    ctx.logger.error('unhandled error', { method: c.req.method, path: c.req.path, error });
    return problem(c, 500, 'Something went wrong on our side; the error has been logged.');
  });

  return app;
}

const openApiInfo = openApiDocumentConfig(API_BASE);

/** The language of the URL prefix when it is one of ours, otherwise the browser's preference. */
function visitorLanguage(c: Context<AppEnv>): Lang {
  const prefix = c.req.path.split('/')[1];
  return isLang(prefix) ? prefix : negotiateLanguage(c.req.header('Accept-Language'));
}
