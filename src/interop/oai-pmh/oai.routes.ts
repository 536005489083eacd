import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { adminEmail, linksFor } from '../base-url.js';
import type { ExportRepository } from '../export.repository.js';
import { OaiProvider, type OaiArguments } from './oai-provider.js';

/** Every value of every argument, so that repeated arguments can be refused. */
function argumentsOf(params: URLSearchParams): OaiArguments {
  const args: OaiArguments = {};
  for (const [name, value] of params) (args[name] ??= []).push(value);
  return args;
}

async function answer(c: Context<AppEnv>, repository: ExportRepository, params: URLSearchParams | undefined) {
  const links = linksFor(c);
  const provider = new OaiProvider(repository, { links, adminEmail: adminEmail(links) });
  // A POST that is not a form is answered as a request without arguments: badVerb.
  const xml = await provider.respond(params ? argumentsOf(params) : {});
  return c.body(xml, 200, { 'Content-Type': 'text/xml; charset=utf-8' });
}

/** `GET /oai?verb=…` and `POST /oai` (application/x-www-form-urlencoded), as OAI-PMH 2.0 allows both. */
export function oaiRoutes(repository: ExportRepository): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/oai', (c) => answer(c, repository, new URL(c.req.url).searchParams));
  routes.post('/oai', async (c) => {
    const form = /^application\/x-www-form-urlencoded\b/i.test(c.req.header('Content-Type') ?? '');
    return answer(c, repository, form ? new URLSearchParams(await c.req.text()) : undefined);
  });
  return routes;
}
