import type { MiddlewareHandler } from 'hono';
import type { Principal } from '../roles.js';
import type { Logger } from '../config/logger.js';
import { CLIENT_CLOSED_REQUEST, clientGone } from './client-gone.js';

export function requestLogger(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const principal = c.get('principal') as Principal | null | undefined;
    logger.info('request', {
      method: c.req.method,
      path: c.req.path,
      // A client that left mid-request gets no answer: whatever the handler made of its cut-off body is not what happened.
      status: clientGone(c) ? CLIENT_CLOSED_REQUEST : c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      // Who asked: each API token is named by its own id, not by the service user it shares.
      user: principal?.userId,
      token: principal?.tokenId,
    });
  };
}
