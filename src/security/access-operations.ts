/**
 * The access rule of each API operation, by its OpenAPI `operationId`, and how to make a request that
 * succeeds once access is granted. A new operation in the document needs a rule here: the access
 * matrix fails until it has one.
 */
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
  /** What fills the path: a registry object in each visibility state, a partner, an API token, a person, or nothing. */
  target: 'object' | 'partner' | 'token' | 'person' | 'none';
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

let partnerSerial = 0;
/** A partner slug no other case uses. */
export const freshPartnerSlug = () => `matrix-partner-${++partnerSerial}`;

const ok = () => 200;
const anyone: Access = { kind: 'anyone' };
const admins: Access = { kind: 'role', roles: ['admin'] };
/** Registrar and admin operations on an object: other roles are refused before the object is looked up. */
const editors: Access = { kind: 'edit-object', roleFirst: true };

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
