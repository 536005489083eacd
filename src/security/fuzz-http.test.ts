/**
 * Property-based fuzzing of what anyone may send over HTTP: IIIF image parameters, search parameters
 * and OAI-PMH resumption tokens. Whatever they hold, the answer is one the protocol defines (never a
 * 500), and it carries nothing of an object the caller may not see — not even as a count.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '../app/app.js';
import { encodeToken } from '../interop/oai-pmh/resumption-token.js';
import { createTestApp } from '../test-support/test-app.js';
import { ABSENT_ID, castOf, makeTarget, type Cast, type Target } from './access-fixtures.js';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, messyText } from './fuzz-support.js';

const t = await createTestApp();
let cast: Cast;
let published: Target;
/** Objects the public may not see: in the inventory, and reported without consent. */
let hidden: Target[];
afterAll(() => t.close());

beforeAll(async () => {
  cast = await castOf(t);
  published = await makeTarget(t, cast.owner, 'published', true);
  hidden = [await makeTarget(t, cast.owner, 'private', true), await makeTarget(t, cast.owner, 'reported', true), await makeTarget(t, cast.owner, 'recovered', true)];
}, 60_000);

/**
 * No id or photo of a hidden object, and no sensitive text of any. `own`: the object whose id the
 * request itself carries (a page may echo the address asked for). `listedAsDeleted`: OAI-PMH keeps an
 * object that left the alert list as a deleted record (its identifier, nothing else).
 */
function expectNothingHidden(body: string, { own, listedAsDeleted = false }: { own?: Target; listedAsDeleted?: boolean } = {}): void {
  for (const target of hidden) {
    if (target !== own && !(listedAsDeleted && target.state === 'recovered')) expect(body).not.toContain(target.id);
    if (target !== own) expect(body).not.toContain(target.photoId);
    for (const secret of [...target.secrets, ...published.secrets]) expect(body).not.toContain(secret);
  }
}

const number = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 400 }) }, { weight: 1, arbitrary: fc.constantFrom(-5, 10_001, 50_000, 2 ** 53) });
const decimal = fc.oneof(number.map(String), fc.double({ min: -10, max: 200, noNaN: true }).map((d) => d.toFixed(3)), fc.constantFrom('1e3', '0x10', '.5', '5.', '-0', 'NaN', 'Infinity'));
const upscale = fc.constantFrom('', '', '^');

describe('IIIF image parameters', () => {
  // Mostly well-formed requests (each part valid about two times in three), so that images are rendered too.
  // The photo is 300 × 200; the limits (10,000 px, 40 megapixels) are probed without rendering anything that large.
  const pixels = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 400 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1, 301, 10_001, 99_999, 2 ** 31) });
  const region = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('full', 'square') },
    { weight: 2, arbitrary: fc.tuple(pixels, pixels, pixels, pixels).map((n) => n.join(',')) },
    { weight: 1, arbitrary: fc.tuple(decimal, decimal, decimal, decimal).map((n) => `pct:${n.join(',')}`) },
    { weight: 1, arbitrary: messyText(20) },
  );
  const size = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(upscale, fc.constantFrom('max')).map(([u, s]) => u + s) },
    { weight: 2, arbitrary: fc.tuple(upscale, pixels).map(([u, w]) => `${u}${w},`) },
    { weight: 1, arbitrary: fc.tuple(upscale, pixels).map(([u, h]) => `${u},${h}`) },
    { weight: 1, arbitrary: fc.tuple(upscale, decimal).map(([u, p]) => `${u}pct:${p}`) },
    { weight: 1, arbitrary: fc.tuple(upscale, fc.constantFrom('', '!'), pixels, pixels).map(([u, b, w, h]) => `${u}${b}${w},${h}`) },
    { weight: 1, arbitrary: messyText(20) },
  );
  const rotation = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom('', '!'), fc.constantFrom('0', '90', '180', '270')).map(([m, r]) => m + r) },
    { weight: 1, arbitrary: decimal },
    { weight: 1, arbitrary: messyText(10) },
  );
  const qualityFormat = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom('default', 'color', 'gray', 'bitonal'), fc.constantFrom('jpg', 'png', 'webp')).map(([q, f]) => `${q}.${f}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('grey', 'native', ''), fc.constantFrom('gif', 'tif', 'jpeg', '')).map(([q, f]) => `${q}.${f}`) },
    { weight: 1, arbitrary: messyText(20) },
  );
  const request = fc.tuple(region, size, rotation, qualityFormat);
  const path = (photoId: string, segments: readonly string[]) => `/iiif/3/${photoId}/${segments.map(encodeURIComponent).join('/')}`;

  it('answers 200, 400 or 404, never a server error; a hidden photo answers as a missing one', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (segments) => {
        const response = await t.app.request(path(published.photoId, segments));
        expect([200, 400, 404], `${path(published.photoId, segments)}: ${response.status}`).toContain(response.status);
        if (response.status !== 200) expectNothingHidden(await response.text());
        const absent = (await t.app.request(path(ABSENT_ID, segments))).status;
        for (const target of hidden) {
          const answer = await t.app.request(path(target.photoId, segments));
          expect(answer.status, `${target.state} photo, ${segments.join('/')}`).toBe(absent);
          expectNothingHidden(await answer.text(), { own: target });
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('search parameters', () => {
  const word = fc.oneof(
    messyText(30),
    fc.constantFrom('Matrixvase', 'matrixv*', '"Matrixvase', 'NEAR(a b)', 'OR', 'AND', 'NOT', '^', 'title:x', '-x', '(', ')', '*', 'Qz', 'StorageRoom', 'x AND NOT y'),
  );
  const query = fc.record(
    {
      q: fc.array(word, { maxLength: 4 }).map((words) => words.join(' ')),
      type: messyText(20),
      material: messyText(20),
      status: fc.oneof(fc.constantFrom('stolen', 'missing', 'in-collection', 'recovered'), messyText(15)),
      country: fc.oneof(fc.constantFrom('FR', 'fr', 'ZZ'), messyText(5)),
      period: messyText(15),
      height: fc.oneof(fc.tuple(decimal, decimal).map(([a, b]) => `${a}-${b}`), messyText(10)),
      weight: messyText(10),
      tolerance: fc.oneof(decimal, decimal.map((d) => `${d}%`)),
      sort: fc.oneof(fc.constantFrom('relevance', 'newest'), messyText(10)),
      limit: fc.oneof(decimal, messyText(5)),
      offset: fc.oneof(decimal, messyText(5)),
      lang: fc.oneof(fc.constantFrom('fr', 'en', 'es'), messyText(5)),
    },
    { requiredKeys: [] },
  );
  const caller = fc.constantFrom('anonymous' as const, 'other-registrar' as const);

  it('answers 200 or 400, never a server error, and shows the public nothing hidden, not even in counts', async () => {
    await fc.assert(
      fc.asyncProperty(query, caller, async (params, who) => {
        const search = new URLSearchParams(params as Record<string, string>).toString();
        for (const path of [`${API_BASE}/search?${search}`, `${API_BASE}/search/suggest?${search}`, `/en/search?${search}`]) {
          const response = await t.app.request(path, { headers: cast.headers[who] });
          expect([200, 400], `${path}: ${response.status}`).toContain(response.status);
          const body = await response.text();
          expectNothingHidden(body);
          if (response.status === 200 && path.startsWith(`${API_BASE}/search?`)) {
            // One object of the registry is on the alert list: no total or facet may count more.
            const result = JSON.parse(body) as { total: number; facets?: Record<string, Array<{ count: number }>> };
            expect(result.total).toBeLessThanOrEqual(1);
            for (const values of Object.values(result.facets ?? {})) for (const value of values) expect(value.count).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('OAI-PMH resumption tokens', () => {
  const forged = fc
    .record({
      verb: fc.constantFrom('ListRecords', 'ListIdentifiers') as fc.Arbitrary<'ListRecords' | 'ListIdentifiers'>,
      metadataPrefix: fc.oneof(fc.constantFrom('oai_dc', 'lido'), messyText(10)),
      set: fc.option(fc.oneof(fc.constantFrom('org:louvre', 'status:stolen', 'status:in-collection', 'org'), messyText(15)), { nil: undefined }),
      from: fc.option(messyText(25), { nil: undefined }),
      until: fc.option(messyText(25), { nil: undefined }),
      after: fc.record({ updatedAt: messyText(25), id: messyText(20) }),
      cursor: fc.oneof(fc.nat(), fc.integer({ min: -10, max: 10 }), fc.constant(Number.MAX_SAFE_INTEGER)),
    })
    .map((state) => encodeToken(state));
  const token = fc.oneof(forged, messyText(60), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')));

  it('answers a list or an OAI-PMH error (badResumptionToken for a token not its own), never a server error or a hidden record', async () => {
    await fc.assert(
      fc.asyncProperty(token, fc.constantFrom('ListRecords', 'ListIdentifiers'), async (value, verb) => {
        const response = await t.app.request(`/oai?verb=${verb}&resumptionToken=${encodeURIComponent(value)}`);
        expect(response.status).toBe(200);
        const body = await response.text();
        const error = /<error code="([^"]+)"/.exec(body)?.[1];
        if (error !== undefined) expect(['badResumptionToken', 'noRecordsMatch']).toContain(error);
        else expect(body).toContain(`<${verb}>`);
        expectNothingHidden(body, { listedAsDeleted: true });
      }),
      { numRuns: FUZZ_RUNS * 2 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('refuses every token it did not give with badResumptionToken', async () => {
    await fc.assert(
      fc.asyncProperty(messyText(60), async (value) => {
        fc.pre(!/^[A-Za-z0-9_-]+$/.test(value));
        const body = await (await t.app.request(`/oai?verb=ListRecords&resumptionToken=${encodeURIComponent(value)}`)).text();
        expect(body).toContain('<error code="badResumptionToken"');
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);
});
