import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'kysely';
import type { AppContext } from '../app/context.js';
import { identify } from '../auth/auth.middleware.js';
import { loginPages } from '../auth/login.pages.js';
import { DomainError } from '../errors.js';
import { identifyApi, identifyMediaRoutes, isIdentifyUpload } from '../identify/identify.api.js';
import { identifyPages } from '../identify/identify.pages.js';
import { isLang, negotiateLanguage, type Lang } from '../i18n/languages.js';
import { partnerAdminPages } from '../network/partner-admin.pages.js';
import { partnerApi } from '../network/partner.api.js';
import { partnerPages } from '../network/partner.pages.js';
import { notificationPages, unreadNotifications } from '../notifications/notifications.pages.js';
import { objectApi } from '../registry/object.api.js';
import { isPhotoUpload, photoApi, photoMediaRoutes } from '../registry/photos/photo.api.js';
import { isPhotoUploadPage } from '../registry/object.pages.js';
import { registryPages } from '../registry/registry.pages.js';
import { searchApi } from '../registry/search/search.api.js';
import { apiReferencePages } from './api-reference.pages.js';
import { documentObjectFormats, objectFormatRoutes } from '../interop/object-formats.api.js';
import { IIIF_BASE } from '../interop/iiif/iiif-paths.js';
import { iiifCrossOrigin, iiifRoutes } from '../interop/iiif/iiif.routes.js';
import { oaiRoutes } from '../interop/oai-pmh/oai.routes.js';
import { assetRoutes } from '../web/assets.js';
import { HomePage } from '../web/home.page.js';
import { NotFoundPage } from '../web/not-found.page.js';
import { pageContext } from '../web/page-context.js';
import { renderHtml } from '../web/render.js';
import { publicResponseCache } from '../web/response-cache.js';
import type { AppEnv } from './env.js';
import { createApiRouter } from './openapi.js';
import { problem, STATUS_OF } from './problem.js';
import { requestLogger } from './request-logger.js';

export const API_BASE = '/api/v1';
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
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    }),
  );

  // The limit protects forms and the API alike. Photo uploads are the exception: their routes have
  // their own, larger limit, applied after authentication (so anonymous callers cannot send 40 MB),
  // except identification, which the public may use.
  const defaultBodyLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => problem(c, 413, `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`) });
  app.use((c, next) =>
    isPhotoUpload(c.req.method, c.req.path, API_BASE) || isPhotoUploadPage(c.req.method, c.req.path) || isIdentifyUpload(c.req.method, c.req.path, API_BASE)
      ? next()
      : defaultBodyLimit(c, next),
  );

  app.get('/healthz', async (c) => {
    await sql`select 1`.execute(ctx.db);
    return c.json({ status: 'ok' });
  });
  app.route('/', assetRoutes());
  // OAI-PMH serves the public alert list only, whoever asks: before identification.
  app.route('/', oaiRoutes(ctx.db));
  app.use(identify(accounts));

  app.route('/', photoMediaRoutes(ctx.photos));
  app.route('/', identifyMediaRoutes(ctx.identify, ctx.sightings));
  app.route('/', iiifRoutes(ctx.iiif, ctx.objects));
  // LIDO and Linked Art of one object (`.lido.xml`, `.jsonld`, or by Accept): before the registry API's `/objects/{id}`.
  app.route('/', objectFormatRoutes(ctx.objects, API_BASE));

  const api = createApiRouter().route('/', partnerApi(partners)).route('/', objectApi(ctx.objects)).route('/', photoApi(ctx.photos)).route('/', searchApi(ctx.search)).route('/', identifyApi(ctx.identify));
  documentObjectFormats(api);
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from `egide token create --org SLUG --role ROLE`.',
  });
  api.doc31('/openapi.json', openApiInfo);
  const cachedWithDirectory = publicResponseCache(() => partners.version);
  app.get(`${API_BASE}/partners`, cachedWithDirectory);
  app.get(`${API_BASE}/partners/:slug`, cachedWithDirectory);
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
  app.use('/:lang/*', unreadNotifications(ctx.notifications));
  app.get('/:lang/', cachedWithDirectory);
  app.get('/:lang/partners', cachedWithDirectory);
  app.get('/:lang/partners/:slug', cachedWithDirectory);
  app.get('/:lang/api', cachedWithDirectory);
  app.get('/:lang', (c) => (isLang(c.req.param('lang')) ? c.redirect(`/${c.req.param('lang')}/`, 301) : c.notFound()));
  app.get('/:lang/', async (c) => {
    const page = pageContext(c, c.get('lang'), secure);
    return renderHtml(c, <HomePage page={page} partners={await partners.list()} />);
  });
  app.route('/', partnerPages(partners, secure));
  app.route('/', loginPages(accounts, ctx.loginThrottle, secure));
  app.route('/', partnerAdminPages(partners, secure));
  app.route(
    '/',
    registryPages({
      objects: ctx.objects,
      objectRepository: ctx.objectRepository,
      organisations: ctx.organisations,
      photos: ctx.photos,
      search: ctx.search,
      secureCookies: secure,
    }),
  );
  app.route('/', identifyPages({ identify: ctx.identify, sightings: ctx.sightings, secureCookies: secure }));
  app.route('/', notificationPages(ctx.notifications, secure));
  app.route('/', apiReferencePages(() => api.getOpenAPI31Document(openApiInfo), secure));

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return problem(c, 404, `Nothing at ${c.req.path}.`);
    return renderHtml(c, <NotFoundPage page={pageContext(c, visitorLanguage(c), secure)} />, 404);
  });

  app.onError((error, c) => {
    if (error instanceof DomainError) {
      return problem(c, STATUS_OF[error.kind], error.message, error.issues);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, error.status as 400, error.message);
    }
    ctx.logger.error('unhandled error', { method: c.req.method, path: c.req.path, error });
    return problem(c, 500, 'Something went wrong on our side; the error has been logged.');
  });

  return app;
}

const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'Egide API',
    version: '1',
    description: 'The museum network’s shared system to protect cultural objects across borders. Errors are RFC 9457 problem documents.',
  },
  servers: [{ url: API_BASE }],
};

/** The language of the URL prefix when it is one of ours, otherwise the browser's preference. */
function visitorLanguage(c: Context<AppEnv>): Lang {
  const prefix = c.req.path.split('/')[1];
  return isLang(prefix) ? prefix : negotiateLanguage(c.req.header('Accept-Language'));
}
