import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { ForbiddenPage } from './forbidden.page.js';
import { NotFoundPage } from './not-found.page.js';
import { pageContext, type PageContext } from './page-context.js';
import { renderHtml } from './render.js';

export interface PageOptions {
  secureCookies: boolean;
}

/** Renders a page in the request's language (`/{lang}/…` routes) with its page context. */
export function renderPage(c: Context<AppEnv>, options: PageOptions, body: (page: PageContext) => JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  return renderHtml(c, body(pageContext(c, c.get('lang'), options.secureCookies)), status);
}

/** 404 in the visitor's language: for what does not exist, and for what they may not see. */
export function notFoundPage(c: Context<AppEnv>, options: PageOptions): Promise<Response> {
  return renderPage(c, options, (page) => <NotFoundPage page={page} />, 404);
}

/** 403: the wrong role, or a form whose token has expired. */
export function forbiddenPage(c: Context<AppEnv>, options: PageOptions): Promise<Response> {
  return renderPage(c, options, (page) => <ForbiddenPage page={page} />, 403);
}

/** To the sign-in page, back here afterwards. */
export function loginRedirect(c: Context<AppEnv>): Response {
  const url = new URL(c.req.url);
  return c.redirect(`/${c.get('lang')}/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
}

/**
 * The page for a refusal from the services: not found (or not visible) → 404, forbidden → 403
 * (sign-in first when anonymous). Anything else is not a refusal and is rethrown.
 */
export function refusalPage(c: Context<AppEnv>, options: PageOptions, error: unknown): Promise<Response> | Response {
  if (error instanceof DomainError) {
    if (error.kind === 'not-found') return notFoundPage(c, options);
    if (error.kind === 'forbidden' || error.kind === 'unauthorized') return c.get('principal') ? forbiddenPage(c, options) : loginRedirect(c);
  }
  throw error;
}
