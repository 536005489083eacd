/**
 * Shared set-up for browser tests: the real server (HTTP, SQLite, seeded directory) in this
 * process on a free port, an admin account, and one headless Debian Chromium.
 *
 * A missing browser is a failure, never a skip: these tests are the only check that the pages
 * work in a real browser, and a silent skip would hide that they did not run.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';
import { startServer, type RunningServer } from '../../src/app/server.js';

export const CHROMIUM_PATH = process.env.EGIDE_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const ADMIN = {
  email: 'admin@e2e.test',
  displayName: 'E2E Admin',
  password: 'correct horse battery staple',
} as const;

export interface TestServer {
  server: RunningServer;
  baseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The real server, as `egide serve` runs it, on 127.0.0.1 and a free port, with an admin person.
 * `env`: settings from the environment; two-factor sign-in is required of no role unless it says so.
 */
export async function startTestServer(env: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'egide-e2e-'));
  let server: RunningServer | undefined;
  try {
    server = await startServer(loadConfig({ port: 0, data: dataDir, logLevel: 'silent', host: '127.0.0.1' }, { EGIDE_REQUIRE_2FA_ROLES: 'none', ...env }), createLogger('silent'));
    await server.context.accounts.addPerson({ ...ADMIN, organisationSlug: 'secretariat', role: 'admin' });
  } catch (error) {
    await server?.close(0);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const running = server;
  return {
    server: running,
    baseUrl: `http://127.0.0.1:${running.port}`,
    dataDir,
    close: async () => {
      await running.close(1_000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium; throws with what to do when the browser is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM_PATH}, and it is not there. ` +
        'Install it (Debian: `apt-get install chromium`) or point EGIDE_CHROMIUM at a Chromium binary. ' +
        'These tests fail rather than skip so that a missing browser is never mistaken for a pass.',
    );
  }
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM_PATH} did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export interface E2E extends TestServer {
  browser: Browser;
  /** An absolute URL on the test server. */
  url(path: string): string;
}

/** Server and browser together, for a test file's `beforeAll`; `close` is for its `afterAll`. */
export async function startE2E(env: NodeJS.ProcessEnv = {}): Promise<E2E> {
  const server = await startTestServer(env);
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    ...server,
    browser,
    url: (path) => new URL(path, server.baseUrl).href,
    close: async () => {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

export interface E2ESession {
  /** The running server and browser (throws the start-up error if they could not start). */
  readonly e2e: E2E;
  /** A browser context on the test server, closed after the file. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page whose script errors and console errors fail the test that opened it. */
  newPage(context: BrowserContext, timeoutMs?: number): Promise<Page>;
}

/**
 * The hooks every browser test file needs: one server and browser for the file (with `setup` for its
 * own fixtures), every test failing with the start-up error if they could not start, contexts closed
 * at the end, and the errors pages reported asserted after each test.
 */
export function useE2E(setup?: (e2e: E2E) => Promise<void>, env: NodeJS.ProcessEnv = {}): E2ESession {
  let started: E2E | undefined;
  let startupError: Error | undefined;
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    try {
      started = await startE2E(env);
      await setup?.(started);
    } catch (error) {
      startupError = error instanceof Error ? error : new Error(String(error));
    }
  });
  beforeEach(() => {
    if (startupError) throw startupError;
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => {})));
    await started?.close();
  });
  afterEach(() => {
    const errors = pageErrors.splice(0);
    expect(errors, 'errors reported by the pages').toEqual([]);
  });

  const session: E2ESession = {
    get e2e() {
      if (!started) throw startupError ?? new Error('The browser test server has not started.');
      return started;
    },
    async newContext(options = {}) {
      const context = await session.e2e.browser.newContext({ baseURL: session.e2e.baseUrl, ...options });
      contexts.push(context);
      return context;
    },
    async newPage(context, timeoutMs = 5_000) {
      const page = await context.newPage();
      // Fail fast with Playwright's own message rather than at vitest's 30 s test timeout.
      page.setDefaultTimeout(timeoutMs);
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const source = message.location().url;
        // An error status of the page itself is what some tests ask for (a 404 page, a refused form).
        if (message.text().startsWith('Failed to load resource') && source === page.url()) return;
        pageErrors.push(`${page.url()}: ${message.text()} (${source})`);
      });
      return page;
    },
  };
  return session;
}

/** The page fits the viewport's width: nothing makes a phone scroll sideways. */
export async function expectNoSideways(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `horizontal scroll on ${new URL(page.url()).pathname}`).toBeLessThanOrEqual(clientWidth);
}
