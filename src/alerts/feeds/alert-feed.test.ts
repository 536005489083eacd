import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstRelaxNg } from '../../interop/testing/xmllint.js';
import { html, makeObject, report, signedIn, visitor, type Person } from '../../registry/pages.test-support.js';
import { jpeg } from '../../test-support/photo-images.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { canonicalQuery } from './alert-feed.service.js';

const ATOM_RNG = fileURLToPath(new URL('./fixtures/atom.rng', import.meta.url));
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let t: TestApp;
let museum: Person;
let painting: string;
let vase: string;
let hidden: string;

/** Each element's text and attributes the tests look at, read with regular expressions (the feed is Egide's own, one element a line). */
const all = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((match) => match[1]!);
const entries = (xml: string) => xml.split('<entry>').slice(1);

/** RFC 4287's rules besides the schema's: ids as tag: or urn: URIs, RFC 3339 dates, an author for each entry, a link or content in each. */
function expectValidAtom(xml: string) {
  const result = validateAgainstRelaxNg(ATOM_RNG, xml);
  expect(result.ok, result.output).toBe(true);
  for (const id of all(xml, /<id>([^<]*)<\/id>/g)) expect(id).toMatch(/^(tag:[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:|urn:)/);
  expect(new Set(all(xml, /<id>([^<]*)<\/id>/g)).size).toBe(all(xml, /<id>/g).length);
  for (const updated of all(xml, /<updated>([^<]*)<\/updated>/g)) expect(updated).toMatch(RFC3339);
  expect(xml).toMatch(/<link href="[^"]*" rel="self" type="application\/atom\+xml"\/>/);
  for (const entry of entries(xml)) {
    expect(entry).toContain('<author><name>');
    expect(entry).toMatch(/<link href="http[^"]*" rel="alternate" type="text\/html"/);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  museum = await signedIn(t, 'registrar', 'musee-du-lac');
  const place = (country: string) => [{ name: 'Lac', country, kind: 'origin' }];
  painting = (await makeObject(t, museum, { title: { en: 'Harbour at dusk', fr: 'Port au crépuscule', es: 'Puerto al anochecer' }, objectType: [{ label: { en: 'paintings' } }], places: place('FR') })).id;
  vase = (await makeObject(t, museum, { title: { en: 'Green vase', fr: 'Vase vert', es: 'Jarrón verde' }, objectType: [{ label: { en: 'vases' } }], places: place('ES') })).id;
  hidden = (await makeObject(t, museum, { title: { en: 'Unpublished bowl', fr: 'Bol non publié', es: 'Cuenco no publicado' } })).id;
  await t.context.photos.addPhoto(museum.principal, painting, await jpeg(640, 480), 'harbour.jpg', 'Front & frame <recto>');
  await report(t, museum, painting, true);
  await report(t, museum, vase, true, { country: 'ES' });
  await report(t, museum, hidden, false);
}, 60_000);
afterAll(() => t.close());

describe('the alert feeds', () => {
  it('list the public alert list as valid Atom 1.0, titles in the language, photos as enclosures with length and type', async () => {
    const response = await visitor(t).get('/fr/feeds/alerts.atom');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=300');
    const xml = await response.text();
    expectValidAtom(xml);
    expect(xml).toContain('xml:lang="fr"');
    expect(xml).toContain('<title type="text">Egide — liste publique des alertes</title>');
    expect(entries(xml)).toHaveLength(2);
    expect(xml).toContain('<title type="text">Port au crépuscule</title>');
    expect(xml).toContain('<title type="text">Vase vert</title>');
    expect(xml).not.toContain('Bol non publié');
    const photo = (await t.context.objects.get(null, painting)).photos[0]!;
    const display = await t.context.photos.readPhoto(null, photo.id, 'display');
    expect(xml).toContain(`<link href="http://localhost/media/photos/${photo.id}" rel="enclosure" type="image/jpeg" title="Front &amp; frame &lt;recto&gt;" length="${display.size}"/>`);
    expect(xml).toContain(`<link href="http://localhost/fr/objects/${painting}" rel="alternate" type="text/html" hreflang="fr"/>`);
    expect(xml).toMatch(/<summary type="text">Volé · Musee Du Lac\. [^<]*Signalé le [^<]*\(France\)<\/summary>/);
    expect(xml).toContain('<category term="stolen" label="Volé"/>');
  });

  it('narrow to a country, a type or words: the search page’s query string, with its own id and title', async () => {
    const byCountry = await (await visitor(t).get('/en/feeds/alerts.atom?country=es')).text();
    expectValidAtom(byCountry);
    expect(entries(byCountry).map((entry) => /<title type="text">([^<]*)</.exec(entry)![1])).toEqual(['Green vase']);
    expect(byCountry).toContain('<title type="text">Egide — public alerts: Spain</title>');
    expect(byCountry).toContain('<id>tag:localhost,2026:alerts?country=ES</id>');
    expect(byCountry).toContain('href="http://localhost/en/search?country=ES&amp;alerts=1&amp;sort=newest" rel="alternate"');
    // `paintings` includes the narrower types; the words match as on the search page.
    const byType = await (await visitor(t).get('/en/feeds/alerts.atom?type=paintings')).text();
    expect(entries(byType)).toHaveLength(1);
    expect(byType).toContain('Harbour at dusk');
    const byWords = await (await visitor(t).get(`/es/feeds/alerts.atom?q=${encodeURIComponent('jarrón')}`)).text();
    expectValidAtom(byWords);
    expect(entries(byWords)).toHaveLength(1);
    expect(byWords).toContain('Jarrón verde');
    const none = await (await visitor(t).get('/en/feeds/alerts.atom?country=JP')).text();
    expectValidAtom(none);
    expect(entries(none)).toHaveLength(0);
    expect(none).toContain('<updated>1970-01-01T00:00:00Z</updated>');
  });

  it('give the same feed one id and ETag however its query is written, and answer 304 to a reader that has it', async () => {
    expect(canonicalQuery(new URLSearchParams('type=vases&country=fr&country=es&page=2&utm_source=x'))).toBe('type=vases&country=ES&country=FR');
    const first = await visitor(t).get('/en/feeds/alerts.atom?type=vases&country=es');
    const second = await visitor(t).get('/en/feeds/alerts.atom?country=ES&type=vases&utm_source=reader');
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect(second.headers.get('ETag')).toBe(etag);
    const cached = await visitor(t).get('/en/feeds/alerts.atom?type=vases&country=es', { 'If-None-Match': etag });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');
    expect(cached.headers.get('ETag')).toBe(etag);
    // A new alert changes the feed.
    const bowl = await makeObject(t, museum, { title: { en: 'Green bowl', fr: 'Bol vert', es: 'Cuenco verde' }, objectType: [{ label: { en: 'vases' } }], places: [{ name: 'Lac', country: 'ES' }] });
    await report(t, museum, bowl.id, true, { country: 'ES' });
    const changed = await visitor(t).get('/en/feeds/alerts.atom?type=vases&country=es', { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(entries(await changed.text())).toHaveLength(2);
  });

  it('serve /feeds/alerts.atom in the reader’s language, and are linked from the alert list page', async () => {
    const response = await visitor(t).get('/feeds/alerts.atom', { 'Accept-Language': 'es-ES,es;q=0.9' });
    expect(response.headers.get('Vary')).toContain('Accept-Language');
    const xml = await response.text();
    expectValidAtom(xml);
    expect(xml).toContain('<link href="http://localhost/feeds/alerts.atom" rel="self" type="application/atom+xml"/>');
    expect(xml).toContain('xml:lang="es"');
    const page = await html(visitor(t).get('/en/alerts'));
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" title="Atom feed of this list" href="/en/feeds/alerts.atom"/>');
    expect((await visitor(t).get('/xx/feeds/alerts.atom')).status).toBe(404);
  });
});
