import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../roles.js';
import { createAppContext, type AppContext } from '../app/context.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createApp } from '../app/app.js';
import { dropTestDatabase, testDatabaseEnv } from './test-database.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  context: AppContext;
  dataDir: string;
  /** A fresh API token for a service user of `org` with `role`. */
  token(role: Role, org?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real app on a real database (medium tests): SQLite, or PostgreSQL under `EGIDE_TEST_DIALECT=postgres`. Without `dataDir` it uses a new temporary
 * folder and removes it on close; a given folder is kept, so a test can reopen it. `env` holds the
 * settings read from the environment (none by default). Two-factor sign-in is required of no role
 * unless `env` says so (`EGIDE_REQUIRE_2FA_ROLES`), so tests of other features sign in with a password.
 */
export async function createTestApp(dataDir?: string, env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const ownsDir = dataDir === undefined;
  dataDir ??= mkdtempSync(join(tmpdir(), 'egide-test-'));
  const config = loadConfig({ data: dataDir, port: 0, logLevel: 'silent' }, { EGIDE_REQUIRE_2FA_ROLES: 'none', ...(await testDatabaseEnv(dataDir)), ...env });
  const context = await createAppContext(config, createLogger('silent'));
  return {
    app: createApp(context),
    context,
    dataDir,
    token: (role, org = 'secretariat') => context.accounts.createApiToken(org, role, 'test'),
    close: async () => {
      await context.close();
      if (ownsDir) {
        rmSync(dataDir, { recursive: true, force: true });
        await dropTestDatabase(dataDir);
      }
    },
  };
}

/** Serves the test app over real HTTP on a free local port, for clients that cannot call `app.request`. */
export async function serveTestApp(t: TestApp): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<ServerType>((resolve, reject) => {
    const instance = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(instance));
    instance.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
