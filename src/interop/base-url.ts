import type { Context } from 'hono';
import { Links } from './exportable-object.js';

/**
 * The public base URL the exports put in their URIs: `EGIDE_BASE_URL` when set (recommended behind
 * a reverse proxy or TLS terminator), otherwise the origin the request was made to.
 */
export function linksFor(c: Context, env: NodeJS.ProcessEnv = process.env): Links {
  const configured = env.EGIDE_BASE_URL?.trim();
  return new Links(configured || new URL(c.req.url).origin);
}

/** Who to contact about the OAI-PMH repository: `EGIDE_ADMIN_EMAIL`, else an address at the host that says it was not configured. */
export function adminEmail(links: Links, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.EGIDE_ADMIN_EMAIL?.trim();
  if (configured) return configured;
  const host = links.host;
  // OAI-PMH requires an address of the form x@y.z; `.invalid` (RFC 2606) marks it as not set up.
  return host.includes('.') ? `admin@${host}` : `admin@${host}.invalid`;
}
