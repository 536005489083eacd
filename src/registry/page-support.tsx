/**
 * What the registry's page modules share: their dependencies, rendering with the page context,
 * and the answers every page gives alike (404 in the visitor's language for what does not exist
 * or may not be seen, sign-in for the anonymous, 403 for the wrong role or an expired form).
 */
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { OrganisationRepository } from '../accounts/organisation.repository.js';
import type { Principal } from '../accounts/roles.js';
import { loginRedirect } from '../auth/login.pages.js';
import { DomainError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import type { Lang } from '../i18n/languages.js';
import type { PageContext } from '../web/page-context.js';
import { forbiddenPage, notFoundPage, renderPage, type PageOptions } from '../web/page-responses.js';
import type { ObjectRepository } from './object.repository.js';
import type { ObjectService } from './object.service.js';
import { objectView, type ObjectView } from './object-view.js';
import type { SearchQuery, SearchResult } from './search/search.types.js';

/** The part of the photo service the pages use (src/registry/photos/). */
export interface PhotoUploads {
  addPhoto(actor: Principal, objectId: string, bytes: Buffer, filename: string, caption?: string): Promise<unknown>;
}

/** The part of the search service the pages use (src/registry/search/). */
export interface ObjectSearch {
  search(principal: Principal | null, query: SearchQuery, lang: Lang): Promise<SearchResult>;
}

export interface RegistryPageDeps {
  objects: ObjectService;
  objectRepository: ObjectRepository;
  organisations: OrganisationRepository;
  photos: PhotoUploads;
  search: ObjectSearch;
  secureCookies: boolean;
}

export type PageStatus = 200 | 400 | 403 | 404 | 409 | 412 | 413;

/** Rendering with the page context, as every page module does (see web/page-responses). */
export function render(c: Context<AppEnv>, deps: PageOptions, body: (page: PageContext) => JSX.Element, status: PageStatus = 200): Promise<Response> {
  return renderPage(c, deps, body, status);
}

export { forbiddenPage, notFoundPage };

/**
 * The page for a refusal from the services: not found (or not visible) → 404, forbidden → 403
 * (sign-in first when anonymous). Anything else is not a refusal and is rethrown.
 */
export function refusalPage(c: Context<AppEnv>, deps: Pick<RegistryPageDeps, 'secureCookies'>, error: unknown): Promise<Response> | Response {
  if (error instanceof DomainError) {
    if (error.kind === 'not-found') return notFoundPage(c, deps);
    if (error.kind === 'forbidden' || error.kind === 'unauthorized') return c.get('principal') ? forbiddenPage(c, deps) : loginRedirect(c);
  }
  throw error;
}

/** Registrars and admins describe objects; others are sent to sign in, or refused. */
export function requireEditorRole(c: Context<AppEnv>, deps: Pick<RegistryPageDeps, 'secureCookies'>): Principal | Promise<Response> | Response {
  const principal = c.get('principal');
  if (!principal) return loginRedirect(c);
  if (principal.role !== 'admin' && principal.role !== 'registrar') return forbiddenPage(c, deps);
  return principal;
}

/** Loads an object the signed-in user may edit: anonymous → sign in, invisible → 404, not theirs → 403. */
export async function loadEditable(c: Context<AppEnv>, deps: RegistryPageDeps, id: string): Promise<{ principal: Principal; view: ObjectView } | Response> {
  const principal = c.get('principal');
  if (!principal) return loginRedirect(c);
  try {
    const view = await deps.objects.get(principal, id);
    if (!view.canEdit) return await forbiddenPage(c, deps);
    return { principal, view };
  } catch (error) {
    return await refusalPage(c, deps, error);
  }
}

/** One page of the objects `principal` sees, as ObjectViews (photos and incidents included). */
export async function pageOfViews(
  deps: Pick<RegistryPageDeps, 'objectRepository'>,
  principal: Principal | null,
  options: Parameters<ObjectRepository['page']>[1],
): Promise<{ items: ObjectView[]; total: number }> {
  const { rows, total } = await deps.objectRepository.page(principal, options);
  const seqs = rows.map((row) => row.seq);
  const [photos, incidents] = await Promise.all([deps.objectRepository.photosOf(seqs), deps.objectRepository.incidentsOf(seqs)]);
  const items = rows.map((row) => objectView(row, principal, photos.get(row.seq) ?? [], incidents.get(row.seq) ?? []));
  return { items, total };
}

/** Form values as posted: one string, or several for repeated names. */
export type FormValues = Record<string, string | string[] | File>;

/** The first text value of a form field, trimmed ('' when absent). */
export function formText(form: FormValues, name: string): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}
