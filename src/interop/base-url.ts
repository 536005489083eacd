import type { Context, MiddlewareHandler } from 'hono';
import type { EgideConfig } from '../config/config.js';
import { isLocalHostName } from '../config/host-names.js';
import { problem } from '../http/problem.js';
import { Links } from './exportable-object.js';

/**
 * The public base URL the exports put in their URIs: `EGIDE_BASE_URL` when set (recommended behind
 * a reverse proxy or TLS terminator), otherwise the origin the request was made to, whose host
 * `knownHostsOnly` has checked.
 */
export function linksFor(c: Context, env: NodeJS.ProcessEnv = process.env): Links {
  const configured = env.EGIDE_BASE_URL?.trim();
  return new Links(configured || new URL(c.req.url).origin);
}

/**
 * The Host header (or an absolute request target) is the client's to write: without a base URL it
 * would become the address in IIIF redirects and ids, OAI-PMH identifiers and Linked Art ids, so a
 * forged one could poison caches and harvests. Without `EGIDE_BASE_URL`, or when `EGIDE_ALLOWED_HOSTS`
 * is set, a request must be made to a name of `EGIDE_ALLOWED_HOSTS`, to the base URL's host, or
 * (outside production) to a localhost name; any other gets 400. `/healthz` is answered before this
 * check, so that probes may use any address.
 */
export function knownHostsOnly(config: Pick<EgideConfig, 'baseUrl' | 'allowedHosts' | 'production'>): MiddlewareHandler {
  const enforced = config.baseUrl === undefined || config.allowedHosts.length > 0;
  const allowed = new Set(config.allowedHosts);
  if (config.baseUrl !== undefined) allowed.add(new URL(config.baseUrl).hostname);
  return async (c, next) => {
    if (!enforced) return next();
    const hostname = new URL(c.req.url).hostname;
    if (allowed.has(hostname) || (!config.production && isLocalHostName(hostname))) return next();
    // The name is not echoed: it is the client's text.
    return problem(c, 400, 'This server does not answer to the host name this request was sent to. Its operator sets the public address in EGIDE_BASE_URL, or the names it answers to in EGIDE_ALLOWED_HOSTS.');
  };
}

/** Who to contact about the OAI-PMH repository: `EGIDE_ADMIN_EMAIL`, else an address at the host that says it was not configured. */
export function adminEmail(links: Links, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.EGIDE_ADMIN_EMAIL?.trim();
  if (configured) return configured;
  const host = links.host;
  // OAI-PMH requires an address of the form x@y.z; `.invalid` (RFC 2606) marks it as not set up.
  return host.includes('.') ? `admin@${host}` : `admin@${host}.invalid`;
}
