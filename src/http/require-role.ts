import type { MiddlewareHandler } from 'hono';
import type { Role } from '../roles.js';
import type { AppEnv } from './env.js';
import { problem } from './problem.js';

/** For API routes: 401 without credentials, 403 with the wrong role. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer');
      return problem(c, 401, 'This operation needs an API token: send "Authorization: Bearer <token>".');
    }
    if (!roles.includes(principal.role)) {
      return problem(c, 403, `This operation needs the role ${roles.join(' or ')}; your role is ${principal.role}.`);
    }
    return next();
  };
}
