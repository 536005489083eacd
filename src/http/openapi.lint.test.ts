import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from './csrf.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

const REDOCLY = fileURLToPath(new URL('../../node_modules/.bin/redocly', import.meta.url));

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

/** `redocly lint` with its `recommended` rules, run in an empty folder so that no stray config applies. */
function redoclyLint(document: string): { status: number | null; problems: LintProblem[] } {
  const dir = mkdtempSync(join(tmpdir(), 'egide-openapi-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), document);
    const result = spawnSync(REDOCLY, ['lint', 'openapi.json', '--extends=recommended', '--format=json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    if (result.error) throw new Error(`@redocly/cli could not be run (${REDOCLY}): ${result.error.message}`);
    const report = JSON.parse(result.stdout) as { problems: LintProblem[] };
    return { status: result.status, problems: report.problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('passes redocly lint (recommended rules) with no error and no warning', async () => {
    const response = await t.app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const { status, problems } = redoclyLint(await response.text());
    expect(problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location.map((l) => l.pointer).join(', ')}: ${p.message}`)).toEqual([]);
    expect(status).toBe(0);
  }, 60_000);

  it('documents the session cookie, and the X-CSRF-Token header and 403 of every change made with it', async () => {
    type Requirement = Record<string, string[]>;
    const document = (await (await t.app.request('/api/v1/openapi.json')).json()) as {
      info: { description: string };
      security: Requirement[];
      components: { securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
      paths: Record<string, Record<string, { operationId: string; security?: Requirement[]; responses: Record<string, { description: string }> }>>;
    };
    expect(document.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
    expect(document.components.securitySchemes.csrfToken).toMatchObject({ type: 'apiKey', in: 'header', name: CSRF_HEADER });
    expect(document.info.description).toContain(CSRF_HEADER);
    expect(document.security).toContainEqual({ sessionCookie: [] });
    const operations = Object.values(document.paths).flatMap((item) => Object.entries(item));
    const writes = operations.filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method));
    expect(writes.length).toBeGreaterThan(10);
    for (const [, operation] of writes) {
      expect(operation.security, operation.operationId).toContainEqual({ sessionCookie: [], csrfToken: [] });
      expect(operation.security, operation.operationId).not.toContainEqual({ sessionCookie: [] });
      expect(operation.responses['403']?.description, operation.operationId).toContain(CSRF_HEADER);
    }
    // Identification stays open to anyone; admin reads take the session as they take a token.
    const identify = operations.find(([, operation]) => operation.operationId === 'identifyPhoto')?.[1];
    expect(identify?.security).toContainEqual({});
    for (const [method, operation] of operations) {
      if (method === 'get' && operation.security !== undefined) expect(operation.security, operation.operationId).toContainEqual({ sessionCookie: [] });
    }
  });
});
