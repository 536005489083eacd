/**
 * The access rule of each API operation, by its OpenAPI `operationId`, and how to make a request that
 * succeeds once access is granted. A new operation in the document needs a rule here: the access
 * matrix fails until it has one.
 */
import { sampleImages, sampleRedList } from '../redlists/red-list.test-support.js';
import { newPartner } from '../test-support/fixtures.js';
import { jpeg } from '../test-support/photo-images.js';
import type { Access, TargetState } from './access-rules.js';

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
