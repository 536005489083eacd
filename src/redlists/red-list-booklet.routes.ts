import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { sendKeptFile } from '../http/conditional.js';
import { refusalPage, type PageOptions } from '../web/page-responses.js';
import type { RedListBookletService } from './red-list-booklet.service.js';

/** A day: an edition's booklet never changes; the latest edition's address moves to the next one sooner. */
const EDITION_MAX_AGE = 86_400;
const LATEST_MAX_AGE = 600;

/** `/{lang}/red-lists/{slug}/booklet.pdf` (the latest edition) and `/{lang}/red-lists/{slug}/editions/{n}/booklet.pdf`: public, as the published lists. */
export function redListBookletRoutes(booklets: RedListBookletService, options: PageOptions): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const send = (c: Context<AppEnv>, edition: number | undefined) => sendBooklet(c, booklets, edition).catch((error: unknown) => refusalPage(c, options, error));
  routes.get('/:lang/red-lists/:slug/booklet.pdf', (c) => send(c, undefined));
  routes.get('/:lang/red-lists/:slug/editions/:edition{[1-9][0-9]{0,3}}/booklet.pdf', (c) => send(c, Number(c.req.param('edition'))));
  return routes;
}

async function sendBooklet(c: Context<AppEnv>, booklets: RedListBookletService, edition: number | undefined): Promise<Response> {
  const file = await booklets.booklet(c.req.param('slug') ?? '', edition, c.get('lang'));
  return sendKeptFile(c, file, {
    cacheControl: `public, max-age=${edition === undefined ? LATEST_MAX_AGE : EDITION_MAX_AGE}`,
    contentType: 'application/pdf',
    filename: `${file.slug}-${file.edition}-${c.get('lang')}.pdf`,
  });
}
