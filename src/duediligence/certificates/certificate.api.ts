import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DomainError } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { createApiRouter, problemResponse } from '../../http/openapi.js';
import { problem } from '../../http/problem.js';
import { linksFor } from '../../interop/base-url.js';
import { negotiateLanguage, type Lang } from '../../i18n/languages.js';
import { certificateFile, type Certificate, type CertificateMatch } from './certificate.js';
import type { CertificateVerdict } from './certificate-verification.js';
import { certificateJsonPath, certificatePdfPath, verifyPath } from './certificate-paths.js';
import { CertificateFileSchema, CertificateListSchema, CertificateSchema, CertificateStatusSchema, IdParamSchema, IssueRequestSchema, LangQuerySchema, PageQuerySchema, VerdictSchema } from './certificate.schemas.js';
import type { DueDiligenceService } from '../due-diligence.service.js';
import type { CertificateService } from './certificate.service.js';

const TAG = 'Certificates';
const signedIn = [{ bearerAuth: [] }];
const auth = { 401: problemResponse('No or invalid API token.') };
const notVisible = problemResponse('No such certificate, or one of another organisation.');
/** A certificate file is a few kilobytes; anything much larger is not one. */
export const MAX_CERTIFICATE_FILE_BYTES = 256 * 1024;

const issueCertificate = createRoute({
  method: 'post',
  path: '/certificates',
  operationId: 'issueCertificate',
  tags: [TAG],
  summary: 'Issue the certificate of a lot without a match',
  description:
    'For a lot of a due-diligence check whose outcome is `no-match`: a certificate of what was searched, when, against which registry state and by whom, with the statement that it is not a guarantee of title, ' +
    'signed with the network’s Ed25519 key as a compact JWS (verify it with `/.well-known/jwks.json`). Issuing it again gives the same certificate. ' +
    'With `watch`, the lot stays watched: a later alert matching it by text or photo revokes the certificate.',
  security: signedIn,
  request: { query: LangQuerySchema, body: { content: { 'application/json': { schema: IssueRequestSchema } }, required: true } },
  responses: {
    201: { description: 'The certificate.', content: { 'application/json': { schema: CertificateSchema } } },
    400: problemResponse('An invalid field.'),
    ...auth,
    404: problemResponse('No such check or lot, or one of another organisation.'),
    409: problemResponse('The lot has a match or a possible match: it cannot be certified.'),
  },
});

const listCertificates = createRoute({
  method: 'get',
  path: '/certificates',
  operationId: 'listCertificates',
  tags: [TAG],
  summary: 'The organisation’s certificates',
  description: 'Newest first, 20 a page; investigators and admins see every organisation’s.',
  security: signedIn,
  request: { query: PageQuerySchema.merge(LangQuerySchema) },
  responses: { 200: { description: 'A page of certificates.', content: { 'application/json': { schema: CertificateListSchema } } }, 400: problemResponse('An invalid page.'), ...auth },
});

const getCertificate = createRoute({
  method: 'get',
  path: '/certificates/{id}',
  operationId: 'getCertificate',
  tags: [TAG],
  summary: 'One certificate, with the alerts that matched its lot',
  security: signedIn,
  request: { params: IdParamSchema, query: LangQuerySchema },
  responses: { 200: { description: 'The certificate.', content: { 'application/json': { schema: CertificateSchema } } }, ...auth, 404: notVisible },
});

const downloadCertificate = createRoute({
  method: 'get',
  path: '/certificates/{id}/certificate.json',
  operationId: 'downloadCertificate',
  tags: [TAG],
  summary: 'The signed certificate file',
  description: 'The JSON file handed to buyers: `jws` (the certificate) and `certificate` (its payload, decoded for reading). Verify it offline with `egide certificate verify`.',
  security: signedIn,
  request: { params: IdParamSchema },
  responses: { 200: { description: 'The file.', content: { 'application/json': { schema: CertificateFileSchema } } }, ...auth, 404: notVisible },
});

const withdrawCertificate = createRoute({
  method: 'post',
  path: '/certificates/{id}/withdraw',
  operationId: 'withdrawCertificate',
  tags: [TAG],
  summary: 'Withdraw a certificate',
  description: 'By its holder’s organisation or an admin: it then verifies as revoked everywhere.',
  security: signedIn,
  request: { params: IdParamSchema, query: LangQuerySchema },
  responses: {
    200: { description: 'The certificate, revoked.', content: { 'application/json': { schema: CertificateSchema } } },
    ...auth,
    403: problemResponse('Neither its holder’s organisation nor an admin.'),
    404: notVisible,
    409: problemResponse('Revoked already.'),
  },
});

const certificateStatus = createRoute({
  method: 'get',
  path: '/certificates/{id}/status',
  operationId: 'getCertificateStatus',
  tags: [TAG],
  summary: 'Whether a certificate still holds',
  description: 'Anyone with its id (the QR code): valid, or revoked with the date and reason.',
  security: [{}],
  request: { params: IdParamSchema },
  responses: { 200: { description: 'Its status.', content: { 'application/json': { schema: CertificateStatusSchema } } }, 404: problemResponse('No certificate has this id.') },
});

const verifyCertificate = createRoute({
  method: 'post',
  path: '/certificates/verify',
  operationId: 'verifyCertificate',
  tags: [TAG],
  summary: 'Verify a certificate file',
  description:
    'Send the certificate’s JSON file (or its bare JWS as `application/jose`): its signature is checked with the published keys, its readable copy against what was signed, and its status here. ' +
    'A forged, altered or revoked certificate is reported as such (200 with the verdict).',
  security: [{}],
  request: { body: { content: { 'application/json': { schema: { type: 'object' as const } }, 'application/jose': { schema: { type: 'string' as const } } }, required: true } },
  responses: { 200: { description: 'The verdict.', content: { 'application/json': { schema: VerdictSchema } } }, 413: problemResponse(`A body over ${MAX_CERTIFICATE_FILE_BYTES / 1024} KiB.`) },
});

const statusList = createRoute({
  method: 'get',
  path: '/certificates/status-list',
  operationId: 'getCertificateStatusList',
  tags: [TAG],
  summary: 'The signed list of revoked certificates',
  description:
    'A compact JWS (`typ` `egide-certificate-status+jws`, signed like certificates) whose payload lists every revoked certificate with its date and reason, and when the list was made. ' +
    'Verifiers without network use it: `egide certificate verify FILE --keys jwks.json --status status-list.jws`.',
  security: [{}],
  responses: {
    200: { description: 'The list, as a compact JWS.', content: { 'application/jose': { schema: { type: 'string' as const } } } },
    // Its `issuer` is the address the request was made to: an unknown host name is refused (interop/base-url.ts).
    400: problemResponse('Sent to a host name this server does not answer to (EGIDE_BASE_URL, EGIDE_ALLOWED_HOSTS).'),
  },
});

/** A certificate as the API gives it: the signed file, its status, its links. */
export function certificateJson(certificate: Certificate, lang: Lang, matches?: readonly CertificateMatch[]) {
  return {
    id: certificate.id,
    checkId: certificate.checkId,
    lotId: certificate.lotId,
    issuedAt: certificate.issuedAt,
    kid: certificate.kid,
    watched: certificate.watched,
    status: certificate.revocation ? ('revoked' as const) : ('valid' as const),
    revocation: certificate.revocation,
    ...(matches ? { matches: matches.map(({ objectId, kind, evidence, foundAt }) => ({ objectId, kind, evidence, foundAt })) } : {}),
    file: certificateFile(certificate),
    links: { verify: verifyPath(lang, certificate.id), pdf: certificatePdfPath(lang, certificate.id), json: certificateJsonPath(certificate.id) },
  };
}

/** The verdict as the API says it. */
export function verdictJson(verdict: CertificateVerdict) {
  switch (verdict.kind) {
    case 'valid':
      return { verdict: verdict.status === 'good' ? ('valid' as const) : ('unknown' as const), id: verdict.certificate.id, kid: verdict.kid };
    case 'revoked':
      return { verdict: 'revoked' as const, id: verdict.certificate.id, kid: verdict.kid, revocation: verdict.revocation };
    case 'altered':
      return { verdict: 'altered' as const, id: verdict.certificate.id, kid: verdict.kid };
    case 'forged':
    case 'malformed':
      return { verdict: verdict.kind };
  }
}

const langOf = (c: Context<AppEnv>, query: { lang?: Lang | undefined }): Lang => query.lang ?? negotiateLanguage(c.req.header('Accept-Language'));

/** `lots`: the due-diligence checks, whose lots are read with the caller's rights. */
export function certificateApi(certificates: CertificateService, lots: Pick<DueDiligenceService, 'certifiableLot'>) {
  const router = createApiRouter();
  router.use('/certificates/verify', bodyLimit({ maxSize: MAX_CERTIFICATE_FILE_BYTES, onError: (c) => problem(c, 413, `A certificate file is under ${MAX_CERTIFICATE_FILE_BYTES / 1024} KiB.`) }));
  return router
    .openapi(statusList, async (c) => {
      const jws = await certificates.statusList(linksFor(c).base);
      return c.body(jws, 200, { 'Content-Type': 'application/jose' });
    })
    .openapi(verifyCertificate, async (c) => {
      return c.json(verdictJson(await certificates.verifyFile(await c.req.text())), 200);
    })
    .openapi(issueCertificate, async (c) => {
      const lang = langOf(c, c.req.valid('query'));
      const { checkId, lotId, watch } = c.req.valid('json');
      // Signed in before the check is looked up: anonymous callers are told to sign in, not that it does not exist.
      if (!c.get('principal')) throw new DomainError('unauthorized', 'Send an API token to have a certificate issued.');
      const lot = await lots.certifiableLot(c.get('principal'), checkId, lotId);
      const certificate = await certificates.issue(c.get('principal'), { lot, watch, origin: linksFor(c).base, lang });
      c.header('Location', `/api/v1/certificates/${certificate.id}`);
      return c.json(certificateJson(certificate, lang), 201);
    })
    .openapi(listCertificates, async (c) => {
      const query = c.req.valid('query');
      const found = await certificates.list(c.get('principal'), query.page);
      return c.json({ ...found, items: found.items.map((certificate) => certificateJson(certificate, langOf(c, query))) }, 200);
    })
    .openapi(getCertificate, async (c) => {
      const view = await certificates.get(c.get('principal'), c.req.valid('param').id);
      return c.json(certificateJson(view.certificate, langOf(c, c.req.valid('query')), view.matches), 200);
    })
    .openapi(downloadCertificate, async (c) => {
      const { certificate } = await certificates.get(c.get('principal'), c.req.valid('param').id);
      c.header('Content-Disposition', `attachment; filename="certificate-${certificate.id}.json"`);
      return c.json(certificateFile(certificate), 200);
    })
    .openapi(withdrawCertificate, async (c) => {
      const view = await certificates.withdraw(c.get('principal'), c.req.valid('param').id);
      return c.json(certificateJson(view.certificate, langOf(c, c.req.valid('query')), view.matches), 200);
    })
    .openapi(certificateStatus, async (c) => {
      const status = await certificates.status(c.req.valid('param').id);
      return c.json({ id: status.id, status: status.revocation ? ('revoked' as const) : ('valid' as const), issuedAt: status.content.issuedAt, revocation: status.revocation, issuedTo: status.content.by.organisation.name }, 200);
    });
}
