/**
 * The access matrix: every operation of the OpenAPI document (and the media routes beside it) × every
 * caller × every visibility state of its target, reads and writes, must answer as the README states —
 * and no answer may carry an object the caller does not see, or sensitive texts it is not entitled to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '../app/app.js';
import { newPartner } from '../test-support/fixtures.js';
import { createTestApp } from '../test-support/test-app.js';
import { castOf, makePerson, makeTarget, makeToken, versionOf, type Target } from './access-fixtures.js';
import { MEDIA_ROUTES, OPERATION_RULES, freshPartnerSlug, type OperationRule } from './access-operations.js';
import { CALLERS, TARGET_STATES, expectedStatus, sees, seesSensitive, type Caller, type TargetState } from './access-rules.js';

interface Operation {
  method: string;
  path: string;
  operationId: string;
}

const t = await createTestApp();
const cast = await castOf(t);
const document = (await (await t.app.request(`${API_BASE}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
const operations: Operation[] = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase(), path, operationId: operation.operationId ?? `${method} ${path}` })),
);
afterAll(() => t.close());

/** Objects in every state, with a photo, that no case changes: every answer is checked against them. */
const shared = {} as Record<TargetState, Target>;
const SHARED_PARTNER = 'wco';

beforeAll(async () => {
  for (const state of TARGET_STATES) shared[state] = await makeTarget(t, cast.owner, state, true);
  // Identification searches the indexed photos: index the targets' photos now.
  await t.context.indexingQueue.drain();
}, 60_000);

/** Fills `{name}` path parameters from the case's fixtures; an unknown one is a rule to write. */
function fillPath(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No fixture for the path parameter {${name}} of ${template}: add one to src/security/access-matrix.test.ts.`);
    return encodeURIComponent(value);
  });
}

/** Nothing of an object the caller does not see, nor sensitive texts it may not read (`own` is the id the caller sent). */
function expectNothingLeaked(caller: Caller, body: string, own: Target | null, where: string): void {
  for (const target of Object.values(shared)) {
    if (!sees(caller, target.state) && target.id !== own?.id) {
      expect(body, `${where}: the ${target.state} object's id reached ${caller}`).not.toContain(target.id);
      expect(body, `${where}: the ${target.state} object's photo reached ${caller}`).not.toContain(target.photoId);
    }
    if (!seesSensitive(caller, target.state)) for (const secret of target.secrets) expect(body, `${where}: ${secret} reached ${caller}`).not.toContain(secret);
  }
  if (own && !seesSensitive(caller, own.state)) for (const secret of own.secrets) expect(body, `${where}: ${secret} reached ${caller}`).not.toContain(secret);
}

async function newPartnerSlug(): Promise<string> {
  const slug = freshPartnerSlug();
  await t.context.partners.create(newPartner({ slug }));
  return slug;
}

/** The id a token or person target puts in the path. */
async function accountId(rule: OperationRule): Promise<string | undefined> {
  if (rule.target === 'token') return makeToken(t);
  if (rule.target === 'person') return makePerson(t);
  return undefined;
}

async function runCase(operation: Operation, rule: OperationRule, caller: Caller, state: TargetState | null): Promise<void> {
  const target = rule.target === 'object' ? (rule.writes ? await makeTarget(t, cast.owner, state!) : shared[state!]) : null;
  const slug = rule.target === 'partner' ? (rule.writes ? await newPartnerSlug() : SHARED_PARTNER) : null;
  const before = target ? await versionOf(t, target) : null;
  const parts = (await rule.request?.({ version: before, state, slug })) ?? {};
  const path = API_BASE + fillPath(operation.path, { id: target?.id ?? (await accountId(rule)), slug: slug ?? undefined }) + (parts.query ?? '');
  const response = await t.app.request(path, { method: operation.method, headers: { ...parts.headers, ...cast.headers[caller] }, body: parts.body ?? null });
  const body = await response.text();
  const where = `${operation.method} ${operation.path} by ${caller}${state ? ` on a ${state} object` : ''}`;
  const expected = expectedStatus(rule.access, caller, state, rule.granted(state));
  expect(response.status, `${where}: ${body.slice(0, 300)}`).toBe(expected);
  // Every API answer depends on who asks: no cache keeps it.
  expect(response.headers.get('Cache-Control'), where).toBe('private, no-store');
  if (target && expected >= 300) expect(await versionOf(t, target), `${where} changed the object`).toBe(before);
  expectNothingLeaked(caller, body, target, where);
}

const statesOf = (rule: OperationRule): Array<TargetState | null> => (rule.target === 'object' ? [...TARGET_STATES] : [null]);

describe.each(operations)('$method $path ($operationId)', (operation) => {
  const rule = OPERATION_RULES[operation.operationId];
  if (!rule) {
    it('has an access rule', () => {
      expect.fail(`${operation.method} ${operation.path} (${operation.operationId}) has no expected access: add a rule for it to OPERATION_RULES in src/security/access-operations.ts.`);
    });
    return;
  }
  const cases = CALLERS.flatMap((caller) => statesOf(rule).map((state) => ({ caller, state })));
  it.each(cases)('answers $caller on a $state target as the README states', async ({ caller, state }) => {
    await runCase(operation, rule, caller, state);
  });
});

describe('the rules', () => {
  it('name only operations the document has', () => {
    const documented = new Set(operations.map((o) => o.operationId));
    expect(Object.keys(OPERATION_RULES).filter((id) => !documented.has(id))).toEqual([]);
  });
});

describe.each(MEDIA_ROUTES)('GET %s', (route) => {
  const cases = CALLERS.flatMap((caller) => TARGET_STATES.map((state) => ({ caller, state })));
  it.each(cases)('is as visible as its object: $caller on a $state object', async ({ caller, state }) => {
    const target = shared[state];
    const response = await t.app.request(fillPath(route, { id: target.id, photoId: target.photoId }), { headers: cast.headers[caller] });
    const expected = expectedStatus({ kind: 'see-object' }, caller, state, 200);
    const body = await response.text();
    expect(response.status, `${route} by ${caller} on a ${state} object`).toBe(expected);
    // Shared caches may keep what the public may see of an alert-list object (never the untouched original); anything else no cache keeps.
    const shareable = expected === 200 && state === 'published' && !(route.endsWith('/original') && seesSensitive(caller, state));
    expect(response.headers.get('Cache-Control'), `${route} by ${caller} on a ${state} object`).toBe(shareable ? 'public, max-age=600' : 'private, no-store');
    expectNothingLeaked(caller, body, target, `${route} by ${caller}`);
  });
});

describe('search by a sensitive text', () => {
  it('finds nothing by storage location, contacts, address or reporter details', async () => {
    for (const caller of CALLERS.filter((c) => c !== 'wrong-token')) {
      for (const target of Object.values(shared)) {
        for (const secret of target.secrets) {
          const response = await t.app.request(`${API_BASE}/search?q=${encodeURIComponent(secret)}`, { headers: cast.headers[caller] });
          expect(response.status).toBe(200);
          const { total } = (await response.json()) as { total: number };
          expect(total, `${caller} found an object by ${secret}`).toBe(0);
        }
      }
    }
  });
});
