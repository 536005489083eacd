/**
 * The access matrix: every operation of the OpenAPI document (and the media routes beside it) × every
 * caller × every visibility state of its target, reads and writes, must answer as the README states —
 * and no answer may carry an object the caller does not see, or sensitive texts it is not entitled to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '../app/app.js';
import { newPartner } from '../test-support/fixtures.js';
import { createTestApp } from '../test-support/test-app.js';
import { ABSENT_ID, ABSENT_SLUG, castOf, makeCheck, makePerson, makeRedLists, makeTarget, makeToken, versionOf, type Secretive, type Target } from './access-fixtures.js';
import { CHECK_MEDIA_ROUTES, MEDIA_ROUTES, OPERATION_RULES, RED_LIST_MEDIA_ROUTES, freshPartnerSlug, type OperationRule } from './access-operations.js';
import {
  CALLERS,
  CHECK_STATES,
  RED_LIST_STATES,
  TARGET_STATES,
  expectedStatus,
  sees,
  seesCheck,
  seesRedList,
  seesSensitive,
  type Caller,
  type TargetState,
} from './access-rules.js';

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
const shared = {} as Record<(typeof TARGET_STATES)[number], Target>;
const SHARED_PARTNER = 'wco';
/** A published Red List, a draft one, and the investigator's customs check, that no case changes. */
let lists: { published: string; draft: Secretive };
let sharedCheck: Secretive;

beforeAll(async () => {
  for (const state of TARGET_STATES) shared[state] = await makeTarget(t, cast.owner, state, true);
  lists = await makeRedLists(t, cast.admin);
  sharedCheck = await makeCheck(t, cast.investigator);
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

/**
 * Nothing of an object, a draft Red List or a customs check the caller does not see, nor sensitive
 * texts it may not read (`own` is the target the caller named: its id may come back, its secrets not).
 */
function expectNothingLeaked(caller: Caller, body: string, own: Target | null, where: string, ownOther: Secretive | null = null): void {
  for (const target of Object.values(shared)) {
    if (!sees(caller, target.state) && target.id !== own?.id && target.id !== ownOther?.id) {
      expect(body, `${where}: the ${target.state} object's id reached ${caller}`).not.toContain(target.id);
      expect(body, `${where}: the ${target.state} object's photo reached ${caller}`).not.toContain(target.photoId);
    }
    if (!seesSensitive(caller, target.state)) for (const secret of target.secrets) expect(body, `${where}: ${secret} reached ${caller}`).not.toContain(secret);
  }
  if (own && !seesSensitive(caller, own.state)) for (const secret of own.secrets) expect(body, `${where}: ${secret} reached ${caller}`).not.toContain(secret);
  const hidden: Array<[Secretive, boolean, string]> = [
    [lists.draft, seesRedList(caller, 'draft'), 'draft Red List'],
    [sharedCheck, seesCheck(caller, 'private'), 'customs check'],
  ];
  for (const [thing, seen, what] of hidden) {
    if (seen) continue;
    if (thing.id !== ownOther?.id) expect(body, `${where}: the ${what}'s id reached ${caller}`).not.toContain(thing.id);
    for (const secret of thing.secrets) expect(body, `${where}: ${secret} of the ${what} reached ${caller}`).not.toContain(secret);
  }
}

/** The Red List of the case's state: `{slug}`, and its category as `{id}`. */
function redListOf(state: TargetState): Secretive {
  return { id: state === 'published' ? lists.published : state === 'draft' ? lists.draft.id : ABSENT_SLUG, secrets: [] };
}

/** The customs check of the case's state (a fresh one for a write, which it may change once). */
async function checkOf(rule: OperationRule, state: TargetState): Promise<Secretive> {
  if (state === 'absent') return { id: ABSENT_ID, secrets: [] };
  return rule.writes ? makeCheck(t, cast.investigator) : sharedCheck;
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
  const target = rule.target === 'object' ? (rule.writes ? await makeTarget(t, cast.owner, state!) : shared[state as keyof typeof shared]) : null;
  const list = rule.target === 'red-list' ? redListOf(state!) : null;
  const check = rule.target === 'customs-check' ? await checkOf(rule, state!) : null;
  const slug = rule.target === 'partner' ? (rule.writes ? await newPartnerSlug() : SHARED_PARTNER) : (list?.id ?? null);
  const before = target ? await versionOf(t, target) : null;
  const parts = (await rule.request?.({ version: before, state, slug })) ?? {};
  // A Red List's `{id}` is its category (the sample list's type); a check's, the check.
  const id = target?.id ?? check?.id ?? (list ? 'tablets' : rule.pathId ? await rule.pathId(t, cast) : await accountId(rule));
  const path = API_BASE + fillPath(operation.path, { id, slug: slug ?? undefined, chart: 'by-country', year: '2025', format: 'geojson', photoId: 'no-such-photo' }) + (parts.query ?? '');
  const response = await t.app.request(path, { method: operation.method, headers: { ...parts.headers, ...cast.headers[caller] }, body: parts.body ?? null });
  const body = await response.text();
  const where = `${operation.method} ${operation.path} by ${caller}${state ? ` on a ${state} ${rule.target}` : ''}`;
  const expected = expectedStatus(rule.access, caller, state, rule.granted(state));
  expect(response.status, `${where}: ${body.slice(0, 300)}`).toBe(expected);
  // Every API answer depends on who asks: no cache keeps it.
  expect(response.headers.get('Cache-Control'), where).toBe('private, no-store');
  if (target && expected >= 300) expect(await versionOf(t, target), `${where} changed the object`).toBe(before);
  if (check && state !== 'absent' && expected >= 300) expect((await t.context.customsChecks.get(cast.admin, check.id)).check.decision, `${where} decided the check`).toBeNull();
  expectNothingLeaked(caller, body, target, where, list ?? check);
  // The check's own secrets reach only those who see it (a fresh one is not among the shared ones).
  if (check && expected !== rule.granted(state)) for (const secret of check.secrets) expect(body, `${where}: ${secret} reached ${caller}`).not.toContain(secret);
}

const STATES: Partial<Record<OperationRule['target'], readonly TargetState[]>> = { object: TARGET_STATES, 'red-list': RED_LIST_STATES, 'customs-check': CHECK_STATES };
const statesOf = (rule: OperationRule): Array<TargetState | null> => [...(STATES[rule.target] ?? [null])];

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

describe.each(RED_LIST_MEDIA_ROUTES)('GET %s', (route) => {
  const cases = CALLERS.flatMap((caller) => RED_LIST_STATES.map((state) => ({ caller, state })));
  it.each(cases)('is as visible as its list: $caller on a $state list', async ({ caller, state }) => {
    const list = redListOf(state);
    const response = await t.app.request(fillPath(route, { slug: list.id, edition: state === 'draft' ? 'draft' : '1' }), { headers: cast.headers[caller] });
    const expected = expectedStatus({ kind: 'see-red-list', drafts: true }, caller, state, 200);
    const where = `${route} by ${caller} on a ${state} list`;
    expect(response.status, where).toBe(expected);
    // A published edition's image never changes: any cache keeps it; a draft's or a refusal, none.
    expect(response.headers.get('Cache-Control'), where).toBe(expected === 200 && state === 'published' ? 'public, max-age=31536000, immutable' : 'private, no-store');
    expectNothingLeaked(caller, await response.text(), null, where, list);
  });
});

describe.each(CHECK_MEDIA_ROUTES)('GET %s', (route) => {
  const cases = CALLERS.flatMap((caller) => CHECK_STATES.map((state) => ({ caller, state })));
  it.each(cases)('is as visible as its check: $caller on a $state check', async ({ caller, state }) => {
    const check = state === 'absent' ? { id: ABSENT_ID, secrets: [] } : sharedCheck;
    const response = await t.app.request(fillPath(route, { id: check.id }), { headers: cast.headers[caller] });
    // Media answer as their check's page would: 404 to whoever does not see it, signed in or not.
    const expected = caller === 'wrong-token' ? 401 : seesCheck(caller, state) ? 200 : 404;
    const where = `${route} by ${caller} on a ${state} check`;
    expect(response.status, where).toBe(expected);
    expect(response.headers.get('Cache-Control'), where).toBe('private, no-store');
    expectNothingLeaked(caller, await response.text(), null, where, check);
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
