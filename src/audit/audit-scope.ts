import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import type { TrustedProxies } from '../config/trusted-proxies.js';
import { clientAddress } from '../http/client-address.js';

/** What the audit trail knows of the request being served: services see principals, not requests. */
export interface AuditScope {
  clientAddress: string;
}

const requestScope = new AsyncLocalStorage<AuditScope>();

/** The request being served, or undefined on the command line. */
export function currentAuditScope(): AuditScope | undefined {
  return requestScope.getStore();
}

/** Runs the rest of the request within its scope. */
export function auditScope(trustedProxies: TrustedProxies): MiddlewareHandler {
  return (c, next) => requestScope.run({ clientAddress: clientAddress(c, trustedProxies) }, next);
}
