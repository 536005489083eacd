/**
 * What the registry's page modules share: their dependencies, rendering with the page context,
 * and the answers every page gives alike (404 in the visitor's language for what does not exist
 * or may not be seen, sign-in for the anonymous, 403 for the wrong role or an expired form).
 */
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AccountService } from '../accounts/account.service.js';
import type { Principal } from '../roles.js';
import type { AppEnv } from '../http/env.js';
import type { Lang } from '../i18n/languages.js';
import type { PageContext } from '../web/page-context.js';
import { forbiddenPage, loginRedirect, notFoundPage, refusalPage, renderPage, type PageOptions } from '../web/page-responses.js';
import type { ObjectService } from './object.service.js';
import type { ObjectView } from './object-view.js';
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
  /** The organisations, for admins' lists and filters. */
  accounts: Pick<AccountService, 'listOrganisations' | 'findOrganisation'>;
  photos: PhotoUploads;
  search: ObjectSearch;
  secureCookies: boolean;
}

export type PageStatus = 200 | 400 | 403 | 404 | 409 | 412 | 413;

/** Rendering with the page context, as every page module does (see web/page-responses). */
export function render(c: Context<AppEnv>, deps: PageOptions, body: (page: PageContext) => JSX.Element, status: PageStatus = 200): Promise<Response> {
  return renderPage(c, deps, body, status);
}

export { forbiddenPage, notFoundPage, refusalPage };

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
