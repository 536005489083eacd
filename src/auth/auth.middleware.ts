import type { MiddlewareHandler } from 'hono';
import type { AccountService } from '../accounts/account.service.js';
import type { AppEnv } from '../http/env.js';
import { problem } from '../http/problem.js';
import { readSessionCookie } from '../http/session-cookie.js';

/**
 * Identifies the caller: a Bearer token (API clients) or a session cookie (browsers).
 * A token that is present but wrong is refused outright rather than treated as anonymous.
 */
export function identify(accounts: AccountService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const authorization = c.req.header('Authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const principal = match?.[1] ? await accounts.principalFromApiToken(match[1]) : undefined;
      if (!principal) {
        c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
        return problem(c, 401, 'The API token is missing, malformed, expired, revoked or unknown.');
      }
      c.set('principal', principal);
      return next();
    }
    const session = readSessionCookie(c);
    c.set('principal', session ? ((await accounts.principalFromSession(session)) ?? null) : null);
    return next();
  };
}
