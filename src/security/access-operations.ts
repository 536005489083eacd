/**
 * The access rule of each API operation, by its OpenAPI `operationId`, and how to make a request that
 * succeeds once access is granted. A new operation in the document needs a rule here: the access
 * matrix fails until it has one.
 */
import { makeLouvrePlace, sampleMuseum, sampleSubmission } from '../emergencies/places/heritage-place.test-support.js';
import { makeEmergency, SAMPLE_EMERGENCY } from '../emergencies/emergency.test-support.js';
import { makeDataset, makeLibraryItem, SAMPLE_CSV, sampleDatasetMetadata, sampleLibraryItem } from '../observatory/library.test-support.js';
import { sampleImages, sampleRedList } from '../redlists/red-list.test-support.js';
import type { TestApp } from '../test-support/test-app.js';
import type { Cast } from './access-fixtures.js';
import { newPartner } from '../test-support/fixtures.js';
import { jpeg } from '../test-support/photo-images.js';
import type { Access, TargetState } from './access-rules.js';
import { makeWebhook } from '../alerts/webhooks/webhook.test-support.js';
import { makeCertificate } from '../duediligence/certificates/certificate.test-support.js';

/** What a request carries besides its method and path. */
export interface RequestParts {
  query?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
}

/** The case's target: an object's version and state, or a partner's slug. */
export interface RequestContext {
  version: number | null;
  state: TargetState | null;
  slug: string | null;
}

export interface OperationRule {
  access: Access;
  /**
   * What fills the path: a registry object in each visibility state, a partner, an API token, a person,
   * a Red List (`{slug}`, its category `{id}`) published, draft or absent, the investigator's customs check or an absent one, or nothing.
   */
  target: 'object' | 'partner' | 'token' | 'person' | 'red-list' | 'customs-check' | 'none';
  /** Whether a successful call changes its target (each case then gets a fresh one). */
  writes: boolean;
  /** The answer once access is granted, for a target in `state`. */
  granted: (state: TargetState | null) => number;
  request?: (context: RequestContext) => Promise<RequestParts> | RequestParts;
  /** For a `none` target whose path has an `{id}`: makes the thing it names (fresh for each case that writes). */
  pathId?: (t: TestApp, cast: Cast) => Promise<string>;
}

const json = (body: unknown): RequestParts => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function photoForm(): Promise<RequestParts> {
  const form = new FormData();
  form.append('photo', new File([new Uint8Array(await jpeg())], 'matrix.jpg', { type: 'image/jpeg' }));
  return { body: form };
}

let listSerial = 0;

/** A new list to import, published at once. */
async function redListForm(): Promise<RequestParts> {
  const form = new FormData();
  form.append('document', JSON.stringify(sampleRedList({ slug: `matrix-import-${++listSerial}` })));
  for (const [name, bytes] of await sampleImages()) form.append('images', new File([new Uint8Array(bytes)], name));
  form.append('publish', 'true');
  return { body: form };
}

/** One museum place of the owner's museum, as a CSV upload. */
function placesForm(): RequestParts {
  const form = new FormData();
  form.append('file', new File(['name,kind,longitude,latitude,country,organisation\r\nMatrix museum,museum,2.33,48.86,FR,louvre\r\n'], 'places.csv', { type: 'text/csv' }));
  return { body: form };
}

let partnerSerial = 0;
/** A partner slug no other case uses. */
export const freshPartnerSlug = () => `matrix-partner-${++partnerSerial}`;

const ok = () => 200;
const anyone: Access = { kind: 'anyone' };
const admins: Access = { kind: 'role', roles: ['admin'] };
/** Registrar and admin operations on an object: other roles are refused before the object is looked up. */
const editors: Access = { kind: 'edit-object', roleFirst: true };
/** The read API serves published editions only: a draft is read and edited on its editors' pages. */
const publishedList: Access = { kind: 'see-red-list', drafts: false };
const check: Access = { kind: 'see-check' };
const officers: Access = { kind: 'role', roles: ['investigator', 'admin'] };
/** Registrars (of any museum: each works on its own) and admins. */
const museumStaff: Access = { kind: 'role', roles: ['owner', 'other-registrar', 'admin'] };

function evacuationCsvForm(): RequestParts {
  const form = new FormData();
  form.append('file', new File(['inventory_number,priority,building\n'], 'plans.csv', { type: 'text/csv' }));
  return { body: form };
}
/** A museum's heritage place: its registrars (the owner) and admins write it; heritage assessors too (none among the callers: src/emergencies/places/ tests them). */
const placeWriters: Access = { kind: 'role', roles: ['owner', 'admin'] };
const louvrePlace = (t: TestApp, cast: Cast) => makeLouvrePlace(t, cast.admin);
const emergency = (t: TestApp, cast: Cast) => makeEmergency(t, cast.admin);

/** A PDF form for a library item's document. */
function pdfForm(): RequestParts {
  const form = new FormData();
  form.append('document', new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], 'matrix.pdf', { type: 'application/pdf' }));
  return { body: form };
}
/** Anyone signed in registers webhooks for their organisation. */
const signedIn: Access = { kind: 'role', roles: ['owner', 'other-registrar', 'investigator', 'admin'] };
const ownOrganisation: Access = { kind: 'own-organisation' };
const webhook = (t: TestApp, cast: Cast) => makeWebhook(t, cast.owner);
const dataset = (t: TestApp, cast: Cast) => makeDataset(t, cast.admin);
const libraryItem = (t: TestApp, cast: Cast) => makeLibraryItem(t, cast.admin);
/** A certificate of the owner's museum (a lot without a match of one of its checks). */
const certificate = (t: TestApp, cast: Cast) => makeCertificate(t, cast.owner);
/** A due-diligence check of the owner's museum (one lot, screened in the background). */
const dueDiligenceCheck = async (t: TestApp, cast: Cast) => (await t.context.dueDiligence.submit(cast.owner, { source: 'json', lots: [{ position: 1, fields: { title: 'Matrix lot' } }] })).id;

export const OPERATION_RULES: Record<string, OperationRule> = {
  listPartners: { access: anyone, target: 'none', writes: false, granted: ok },
  getPartner: { access: anyone, target: 'partner', writes: false, granted: ok },
  createPartner: { access: admins, target: 'none', writes: true, granted: () => 201, request: () => json(newPartner({ slug: freshPartnerSlug() })) },
  replacePartner: { access: admins, target: 'partner', writes: true, granted: ok, request: ({ slug }) => json(newPartner({ slug: slug! })) },
  deletePartner: { access: admins, target: 'partner', writes: true, granted: () => 204 },
  createObject: {
    access: { kind: 'role', roles: ['owner', 'other-registrar', 'admin'] },
    target: 'none',
    writes: true,
    granted: () => 201,
    request: () => json({ description: { title: { en: 'Created by the access matrix' } } }),
  },
  getObject: { access: { kind: 'see-object' }, target: 'object', writes: false, granted: ok },
  getObjectLido: { access: { kind: 'see-object' }, target: 'object', writes: false, granted: ok },
  getObjectLinkedArt: { access: { kind: 'see-object' }, target: 'object', writes: false, granted: ok },
  getObjectHistory: { access: { kind: 'see-sensitive' }, target: 'object', writes: false, granted: ok },
  editObject: {
    access: editors,
    target: 'object',
    writes: true,
    granted: ok,
    request: ({ version }) => {
      const parts = json({ description: { title: { en: 'Edited by the access matrix' } } });
      return { ...parts, headers: { ...parts.headers, 'If-Match': `"v${version ?? 1}"` } };
    },
  },
  changeObjectStatus: {
    access: editors,
    target: 'object',
    writes: true,
    // An object still in its collection becomes stolen only by a reported incident: the lifecycle says 400.
    granted: (state) => (state === 'private' ? 400 : 200),
    request: ({ state }) => json({ status: state === 'recovered' ? 'in-collection' : 'recovered', reason: 'Access matrix' }),
  },
  reportIncident: {
    access: editors,
    target: 'object',
    writes: true,
    granted: () => 201,
    request: () => json({ method: 'loss', reporter: 'Access matrix', publish: false }),
  },
  // Any signed-in caller passes its first step: the object decides (documented on the route).
  addObjectPhoto: { access: { kind: 'edit-object', roleFirst: false }, target: 'object', writes: true, granted: () => 201, request: photoForm },
  searchObjects: { access: anyone, target: 'none', writes: false, granted: ok, request: () => ({ query: '?q=Matrixvase&limit=100' }) },
  suggestSearchTerms: { access: anyone, target: 'none', writes: false, granted: ok, request: () => ({ query: '?q=Matrixv' }) },
  listAlerts: { access: anyone, target: 'none', writes: false, granted: ok, request: () => ({ query: '?limit=100' }) },
  // The photo every target carries: each caller's candidates show what its visibility allows, nothing more.
  identifyPhoto: { access: anyone, target: 'none', writes: false, granted: ok, request: photoForm },
  listAuditEntries: { access: admins, target: 'none', writes: false, granted: ok },
  listApiTokens: { access: admins, target: 'none', writes: false, granted: ok },
  revokeApiToken: { access: admins, target: 'token', writes: true, granted: ok },
  listPeople: { access: admins, target: 'none', writes: false, granted: ok },
  disablePerson: { access: admins, target: 'person', writes: true, granted: () => 204 },
  enablePerson: { access: admins, target: 'person', writes: true, granted: () => 204 },
  listRedLists: { access: anyone, target: 'none', writes: false, granted: ok },
  searchRedLists: { access: anyone, target: 'none', writes: false, granted: ok, request: () => ({ query: '?q=tablet' }) },
  getRedList: { access: publishedList, target: 'red-list', writes: false, granted: ok },
  getRedListCategory: { access: publishedList, target: 'red-list', writes: false, granted: ok },
  getRedListCategoryJsonLd: { access: publishedList, target: 'red-list', writes: false, granted: ok },
  // Red List editors may import too: the matrix has none, src/redlists/red-list.api.test.ts covers them.
  importRedList: { access: admins, target: 'none', writes: true, granted: () => 201, request: redListForm },
  runCustomsCheck: { access: officers, target: 'none', writes: true, granted: () => 201, request: () => json({ facts: { objectType: 'tablet', material: 'clay' } }) },
  listCustomsChecks: { access: officers, target: 'none', writes: false, granted: ok },
  getCustomsCheck: { access: check, target: 'customs-check', writes: false, granted: ok },
  // A reason, so that the decision is taken whatever the recommendation.
  decideCustomsCheck: { access: check, target: 'customs-check', writes: true, granted: ok, request: () => json({ decision: 'hold', reason: 'Access matrix' }) },
  // Evacuation plans are never public: the owning museum's registrars and admins only (investigators neither).
  getEvacuationPlan: { access: editors, target: 'object', writes: false, granted: ok },
  setEvacuationPlan: { access: editors, target: 'object', writes: true, granted: ok, request: () => json({ priority: 1, location: { building: 'B1', floor: '2', room: '204' } }) },
  // Targets have no plan: once access is granted, 404 (src/emergencies/plans/evacuation-plan.api.test.ts removes one).
  removeEvacuationPlan: { access: editors, target: 'object', writes: true, granted: () => 404 },
  recordObjectMovement: { access: editors, target: 'object', writes: true, granted: () => 201, request: () => json({ to: { building: 'Depot' }, condition: 'good' }) },
  listEvacuationPlans: { access: museumStaff, target: 'none', writes: false, granted: ok },
  listEvacuationMovements: { access: museumStaff, target: 'none', writes: false, granted: ok },
  // A header without lines: accepted (0 plans) by whoever may import into their own museum.
  importEvacuationPlans: { access: museumStaff, target: 'none', writes: true, granted: ok, request: evacuationCsvForm },
  // No museum of the callers has this number: the batch is refused as a whole, naming it (the API test records real ones).
  recordEvacuationMovements: { access: museumStaff, target: 'none', writes: true, granted: () => 400, request: () => json({ inventoryNumbers: ['MX-nowhere'], to: { building: 'Depot' }, condition: 'good' }) },
  // Open data: everyone reads the figures; investigators and admins get them exact, the rest published (src/observatory/observatory-privacy.ts).
  getObservatoryChart: { access: anyone, target: 'none', writes: false, granted: ok },
  getObservatoryChartCsv: { access: anyone, target: 'none', writes: false, granted: ok },
  describeObservatoryDataset: { access: anyone, target: 'none', writes: false, granted: ok },
  getObservatoryYear: { access: anyone, target: 'none', writes: false, granted: ok },
  getObservatoryYearCsv: { access: anyone, target: 'none', writes: false, granted: ok },
  // Every place is public; what each caller sees of a sensitive one's position: src/emergencies/places/heritage-place.sensitivity.test.ts.
  listHeritagePlaces: { access: anyone, target: 'none', writes: false, granted: ok },
  getHeritagePlace: { access: anyone, target: 'none', writes: false, granted: ok, pathId: louvrePlace },
  listHeritageAssessments: { access: anyone, target: 'none', writes: false, granted: ok, pathId: louvrePlace },
  createHeritagePlace: { access: placeWriters, target: 'none', writes: true, granted: () => 201, request: () => json(sampleMuseum('louvre')) },
  updateHeritagePlace: {
    access: placeWriters,
    target: 'none',
    writes: true,
    granted: ok,
    pathId: louvrePlace,
    request: () => {
      const parts = json(sampleMuseum('louvre', { description: 'Edited by the access matrix' }));
      return { ...parts, headers: { ...parts.headers, 'If-Match': '"v1"' } };
    },
  },
  createHeritageAssessment: { access: placeWriters, target: 'none', writes: true, granted: () => 201, pathId: louvrePlace, request: () => json(sampleSubmission()) },
  // Emergencies and their dashboards are public (sensitive positions as regions: src/emergencies/emergency.api.test.ts); the secretariat declares them.
  listEmergencies: { access: anyone, target: 'none', writes: false, granted: ok },
  getEmergency: { access: anyone, target: 'none', writes: false, granted: ok, pathId: emergency },
  declareEmergency: { access: admins, target: 'none', writes: true, granted: () => 201, request: () => json(SAMPLE_EMERGENCY) },
  updateEmergency: { access: admins, target: 'none', writes: true, granted: ok, pathId: emergency, request: () => json({ ...SAMPLE_EMERGENCY, version: 1 }) },
  // Heritage assessors too (none among the callers: src/emergencies/emergency.api.test.ts).
  exportNoStrikeList: { access: officers, target: 'none', writes: false, granted: ok, pathId: emergency },
  listSigningKeys: { access: anyone, target: 'none', writes: false, granted: ok },
  // Each row goes through the places' own rules: another museum's registrar gets 200 with the row refused (src/emergencies/places-import.test.ts).
  importHeritagePlaces: { access: { kind: 'role', roles: ['owner', 'other-registrar', 'admin'] }, target: 'none', writes: true, granted: ok, request: placesForm },
  // External datasets and the resource library (src/observatory/library.api.test.ts covers consent by the owner's registrars).
  listExternalDatasets: { access: anyone, target: 'none', writes: false, granted: ok },
  getExternalDataset: { access: anyone, target: 'none', writes: false, granted: ok, pathId: dataset },
  getExternalDatasetCsv: { access: anyone, target: 'none', writes: false, granted: ok, pathId: dataset },
  importExternalDataset: { access: admins, target: 'none', writes: true, granted: () => 201, request: () => json({ ...sampleDatasetMetadata(), csv: SAMPLE_CSV }) },
  deleteExternalDataset: { access: admins, target: 'none', writes: true, granted: () => 204, pathId: dataset },
  searchLibrary: { access: anyone, target: 'none', writes: false, granted: ok },
  listRedListLaws: { access: anyone, target: 'none', writes: false, granted: ok },
  getLibraryItem: { access: anyone, target: 'none', writes: false, granted: ok, pathId: libraryItem },
  // The item has no document: 404 to everyone who sees it (src/observatory/library.api.test.ts downloads one).
  getLibraryDocument: { access: anyone, target: 'none', writes: false, granted: () => 404, pathId: libraryItem },
  createLibraryItem: { access: admins, target: 'none', writes: true, granted: () => 201, request: () => json(sampleLibraryItem()) },
  replaceLibraryItem: { access: admins, target: 'none', writes: true, granted: ok, pathId: libraryItem, request: () => json(sampleLibraryItem()) },
  deleteLibraryItem: { access: admins, target: 'none', writes: true, granted: () => 204, pathId: libraryItem },
  uploadLibraryDocument: { access: admins, target: 'none', writes: true, granted: ok, pathId: libraryItem, request: pdfForm },
  // The item is not drawn from an object, so it needs no consent (400) once the role passes.
  setLibraryConsent: { access: { kind: 'role', roles: ['owner', 'other-registrar', 'admin'] }, target: 'none', writes: true, granted: () => 400, pathId: libraryItem, request: () => json({ consent: true }) },
  // Alert subscriptions are each person's own: one of another person's answers as an absent one (src/alerts/subscriptions/subscription.api.test.ts).
  listSubscriptions: { access: signedIn, target: 'none', writes: false, granted: ok },
  createSubscription: { access: signedIn, target: 'none', writes: true, granted: () => 201, request: () => json({ kind: 'search', label: 'Matrix', search: 'q=matrixvase', channels: { inApp: true, email: 'off', webhookId: null }, lang: 'en' }) },
  getSubscription: { access: signedIn, target: 'none', writes: false, granted: () => 404, pathId: async () => 'no-such-subscription' },
  updateSubscription: { access: signedIn, target: 'none', writes: true, granted: () => 404, pathId: async () => 'no-such-subscription', request: () => json({ label: 'Matrix', channels: { inApp: true, email: 'off', webhookId: null }, lang: 'en' }) },
  deleteSubscription: { access: signedIn, target: 'none', writes: true, granted: () => 404, pathId: async () => 'no-such-subscription' },
  // Webhooks: an IP address written in the URL (nothing resolved, nothing sent); the test delivery's address became private, so it fails at once (200 with the attempt).
  listWebhooks: { access: signedIn, target: 'none', writes: false, granted: ok },
  createWebhook: { access: signedIn, target: 'none', writes: true, granted: () => 201, request: () => json({ label: 'Access matrix', url: 'https://93.184.216.34/matrix' }) },
  getWebhook: { access: ownOrganisation, target: 'none', writes: false, granted: ok, pathId: webhook },
  deleteWebhook: { access: ownOrganisation, target: 'none', writes: true, granted: () => 204, pathId: webhook },
  pauseWebhook: { access: ownOrganisation, target: 'none', writes: true, granted: ok, pathId: webhook },
  resumeWebhook: { access: ownOrganisation, target: 'none', writes: true, granted: ok, pathId: webhook },
  testWebhook: { access: ownOrganisation, target: 'none', writes: true, granted: ok, pathId: webhook },
  listWebhookAttempts: { access: ownOrganisation, target: 'none', writes: false, granted: ok, pathId: webhook },
  // Certificates: issuing one needs a check the caller reads (none here: 404; src/duediligence/certificates/certificate-flow.test.ts issues one); verifying is anyone's.
  issueCertificate: { access: signedIn, target: 'none', writes: true, granted: () => 404, request: () => json({ checkId: 'no-such-check', lotId: 1, watch: false }) },
  listCertificates: { access: signedIn, target: 'none', writes: false, granted: ok },
  getCertificate: { access: { kind: 'certificate', write: false }, target: 'none', writes: false, granted: ok, pathId: certificate },
  downloadCertificate: { access: { kind: 'certificate', write: false }, target: 'none', writes: false, granted: ok, pathId: certificate },
  withdrawCertificate: { access: { kind: 'certificate', write: true }, target: 'none', writes: true, granted: ok, pathId: certificate },
  getCertificateStatus: { access: anyone, target: 'none', writes: false, granted: ok, pathId: certificate },
  verifyCertificate: { access: anyone, target: 'none', writes: false, granted: ok, request: () => json({ jws: 'not.a.certificate' }) },
  getCertificateStatusList: { access: anyone, target: 'none', writes: false, granted: ok },
  // Due-diligence checks: anyone signed in checks lots; a check is its organisation's (and the admins').
  submitDueDiligenceCheck: { access: signedIn, target: 'none', writes: true, granted: () => 202, request: () => json({ lots: [{ title: 'Matrix lot' }] }) },
  listDueDiligenceChecks: { access: signedIn, target: 'none', writes: false, granted: ok },
  getDueDiligenceCheck: { access: ownOrganisation, target: 'none', writes: false, granted: ok, pathId: dueDiligenceCheck },
  // Image watches are their creator's alone (src/alerts/watch/image-watch.api.test.ts): here, one that is no one's.
  listImageWatches: { access: signedIn, target: 'none', writes: false, granted: ok },
  createImageWatch: { access: signedIn, target: 'none', writes: true, granted: () => 201, request: () => json({ label: 'Matrix watch', channels: { inApp: true, email: false, webhookId: null }, lang: 'en' }) },
  getImageWatch: { access: signedIn, target: 'none', writes: false, granted: () => 404, pathId: async () => 'no-such-watch' },
  addWatchedPhotos: { access: signedIn, target: 'none', writes: true, granted: () => 404, pathId: async () => 'no-such-watch', request: photoForm },
  removeWatchedPhoto: { access: signedIn, target: 'none', writes: true, granted: () => 404, pathId: async () => 'no-such-watch' },
  deleteImageWatch: { access: signedIn, target: 'none', writes: true, granted: () => 404, pathId: async () => 'no-such-watch' },
  getIdentificationAccuracy: { access: anyone, target: 'none', writes: false, granted: ok },
};

/**
 * Routes outside the OpenAPI document that serve an object's media: as visible as their object
 * (`{photoId}` is the target's photo, `{id}` the target).
 */
export const MEDIA_ROUTES = [
  '/media/photos/{photoId}',
  '/media/photos/{photoId}/thumbnail',
  '/media/photos/{photoId}/original',
  '/iiif/3/{photoId}/info.json',
  '/iiif/3/{photoId}/full/max/0/default.jpg',
  '/iiif/3/manifests/{id}',
] as const;

/** A Red List's example image (`{edition}` is 1, or `draft` for the draft list), as visible as its list. */
export const RED_LIST_MEDIA_ROUTES = ['original', 'display', 'thumbnail'].map((variant) => `/media/red-lists/{slug}/{edition}/${variant}/tablet-1.jpg`);

/** A customs check's photo, as visible as its check. */
export const CHECK_MEDIA_ROUTES = ['/media/customs-checks/{id}/photos/1', '/media/customs-checks/{id}/photos/1/thumbnail'] as const;
