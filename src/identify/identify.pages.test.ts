import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { LANGUAGES } from '../i18n/languages.js';
import { html, location, makeObject, type Person, report, signedIn, signedInCast, visitor } from '../registry/pages.test-support.js';
import type { Browser } from '../test-support/browser.js';
import { element, escapeHtml, htmlLang, links } from '../test-support/html.js';
import { blankPhoto, painting, rephotographed } from '../test-support/identify-images.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
let louvre: Person;
let prado: Person;
let investigator: Person;
let paintingId: string;
let fieldPhoto: Buffer;

const PAINTING = { inventoryNumber: 'RF-2024-7', title: { en: 'The Annunciation', fr: 'L’Annonciation' }, objectType: [{ label: { en: 'paintings' } }], makers: [{ name: 'Fra Carnevale' }] };

/** Sends a photo through the page's form, as a browser does (multipart, with the form token). */
async function submitPhoto(browser: Browser, bytes: Buffer, lang = 'en', withToken = true): Promise<Response> {
  await browser.get(`/${lang}/identify`);
  const form = new FormData();
  if (withToken) form.append('_csrf', browser.csrf());
  form.append('photo', new File([new Uint8Array(bytes)], 'field.jpg', { type: 'image/jpeg' }));
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
  return t.app.request(`/${lang}/identify`, { method: 'POST', headers: { Cookie: cookie }, body: form });
}

/** The result page's address after identifying a photo. */
async function identifyThroughPage(browser: Browser, bytes: Buffer): Promise<string> {
  return location(await submitPhoto(browser, bytes));
}

const text = (lang: 'en' | 'fr' | 'es', key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => escapeHtml(translate(lang, key, params));

beforeAll(async () => {
  t = await createTestApp();
  ({ louvre, prado, investigator } = await signedInCast(t));
  const view = await makeObject(t, louvre, PAINTING);
  paintingId = view.id;
  const original = await painting(0);
  await t.context.photos.addPhoto(louvre.principal, paintingId, original, 'annunciation.jpg');
  for (const n of [1, 2]) {
    const other = await makeObject(t, prado, { objectType: [{ label: { en: 'paintings' } }] });
    await t.context.photos.addPhoto(prado.principal, other.id, await painting(n), `p${n}.jpg`);
  }
  await t.context.indexingQueue.drain();
  // Reported stolen without consent to publish: investigators see it, the public does not.
  await report(t, louvre, paintingId, false);
  fieldPhoto = await rephotographed(original);
}, 60_000);
afterAll(() => t.close());

describe('the identification page', () => {
  it.each(LANGUAGES)('offers the phone camera, in %s, and says what the visitor compares with', async (lang) => {
    const page = await html(visitor(t).get(`/${lang}/identify`));
    expect(htmlLang(page)).toBe(lang);
    expect(page).toContain(`<h1>${text(lang, 'identify.title')}</h1>`);
    expect(page).toMatch(/<input id="f-photo" type="file" name="photo" accept="image\/\*" capture="environment" required/);
    expect(page).toContain(text(lang, 'identify.scope.public'));
    expect(page).toContain(`<label for="f-photo">${text(lang, 'identify.photo')}</label>`);
    // Linked from the navigation and the home page.
    expect(links(page)).toContain(`/${lang}/identify`);
    expect(links(await html(visitor(t).get(`/${lang}/`)))).toContain(`/${lang}/identify`);
  });

  it('shows an investigator the match with its evidence and key fields; confirming records a sighting that notifies the museum', async () => {
    const resultUrl = await identifyThroughPage(investigator.browser, fieldPhoto);
    expect(resultUrl).toMatch(/^\/en\/identify\/[0-9a-z]{16}$/);
    const result = await html(investigator.browser.get(resultUrl));
    expect(result).toContain(text('en', 'identify.verdict.match'));
    expect(result).toContain(text('en', 'identify.humanConfirms'));
    const candidate = element(result, new RegExp(`<article class="candidate" id="candidate-${paintingId}"`)) ?? '';
    expect(candidate).toContain(`<a href="/en/objects/${paintingId}">The Annunciation</a>`);
    for (const shown of ['RF-2024-7', 'Fra Carnevale', text('en', 'status.stolen'), text('en', 'identify.candidate.match')]) expect(candidate).toContain(shown);
    const evidenceUrl = /<img src="(\/media\/identifications\/[^"]+\/evidence\/[^"]+)"/.exec(candidate)?.[1];
    expect(evidenceUrl).toBeDefined();
    const evidence = await investigator.browser.get(evidenceUrl!);
    expect(evidence.status).toBe(200);
    expect(evidence.headers.get('Content-Type')).toBe('image/jpeg');

    // A place is required.
    const confirmUrl = `${resultUrl}/confirm`;
    const missing = await html(investigator.browser.post(confirmUrl, { _csrf: investigator.browser.csrf(), object: paintingId, place: ' ', country: '' }), 400);
    expect(missing).toContain(`<a href="#f-${paintingId}-place">${text('en', 'identify.confirm.place')}</a>`);
    expect(missing).toContain(text('en', 'form.error.required'));

    const confirmed = await investigator.browser.post(confirmUrl, { _csrf: investigator.browser.csrf(), object: paintingId, place: 'Antiques shop, 12 Market Street', country: 'be', note: 'Offered for sale' });
    expect(location(confirmed)).toBe(`${resultUrl}?saved=sighting#candidate-${paintingId}`);
    const after = await html(investigator.browser.get(`${resultUrl}?saved=sighting`));
    expect(after).toContain(text('en', 'identify.saved.sighting'));
    expect(after).toContain('Antiques shop, 12 Market Street: ');
    expect(after).not.toContain(`action="${confirmUrl}"`);
    // Confirming twice records one sighting.
    await investigator.browser.post(confirmUrl, { _csrf: investigator.browser.csrf(), object: paintingId, place: 'Again', country: '' });
    expect(await t.context.db.selectFrom('sightings').select('place').execute()).toEqual([{ place: 'Antiques shop, 12 Market Street' }]);

    // The owning museum is notified: a count in the navigation, the sighting in its list.
    const louvreHome = await html(louvre.browser.get('/en/'));
    expect(element(louvreHome, /<nav class="site-nav"/)).toContain(text('en', 'nav.notifications.unread', { count: 1 }));
    const notifications = await html(louvre.browser.get('/en/notifications'));
    expect(notifications).toContain('Antiques shop, 12 Market Street, Belgium');
    expect(notifications).toContain('Offered for sale');
    expect(notifications).toContain(`<a href="/en/objects/${paintingId}">The Annunciation</a>`);
    const sightingPhoto = /<a href="(\/media\/sightings\/[0-9a-z]+)"/.exec(notifications)?.[1];
    expect((await louvre.browser.get(sightingPhoto!)).headers.get('Content-Type')).toBe('image/jpeg');
    // Another museum neither is notified nor sees the photo.
    expect(await html(prado.browser.get('/en/notifications'))).toContain(text('en', 'notifications.none'));
    expect((await prado.browser.get(sightingPhoto!)).status).toBe(404);
    // Other investigators are notified; the one who recorded it is not.
    const colleague = await signedIn(t, 'investigator', 'interpol');
    expect(await html(colleague.browser.get('/en/notifications'))).toContain('Antiques shop, 12 Market Street');
    expect(await html(investigator.browser.get('/en/notifications'))).toContain(text('en', 'notifications.none'));

    // The sighting is in the object's history, with its photo.
    const objectPage = await html(louvre.browser.get(`/en/objects/${paintingId}`));
    expect(objectPage).toContain(text('en', 'history.action.sighting-recorded'));
    expect(links(objectPage)).toContain(sightingPhoto);

    // Marked read: the count goes.
    const read = await louvre.browser.post('/en/notifications/read', { _csrf: louvre.browser.csrf() });
    expect(location(read)).toBe('/en/notifications?saved=read');
    expect(element(await html(louvre.browser.get('/en/')), /<nav class="site-nav"/)).not.toContain('count-badge');
  });

  it('keeps an identification to its author, and lets the anonymous public sign in to confirm', async () => {
    const resultUrl = await identifyThroughPage(investigator.browser, fieldPhoto);
    expect((await louvre.browser.get(resultUrl)).status).toBe(404);

    // The public does not identify an unpublished object.
    const anonymous = visitor(t);
    const publicResult = await html(anonymous.get(await identifyThroughPage(anonymous, fieldPhoto)));
    expect(publicResult).toContain(text('en', 'identify.verdict.no-match'));
    expect(publicResult).not.toContain('class="candidate"');

    await report(t, louvre, paintingId, true);
    const published = await html(anonymous.get(await identifyThroughPage(anonymous, fieldPhoto)));
    expect(published).toContain(text('en', 'identify.verdict.match'));
    expect(published).toContain(text('en', 'identify.confirm.signIn'));
    expect(published).not.toContain('name="place"');
  });

  it('explains in the page’s language why a photo cannot be identified', async () => {
    const person = louvre.browser;
    const blank = await html(submitPhoto(person, await blankPhoto(), 'fr'), 422);
    expect(blank).toContain(text('fr', 'identify.error.notEnoughDetail'));
    const notImage = await html(submitPhoto(person, Buffer.from('%PDF-1.4 not a photo'), 'fr'), 400);
    expect(notImage).toContain(text('fr', 'object.photo.error.invalid'));
    const tiny = await html(submitPhoto(person, await blankPhoto(40, 40), 'fr'), 400);
    expect(tiny).toContain(text('fr', 'identify.error.tooSmall', { min: 64 }));
    expect((await submitPhoto(person, fieldPhoto, 'en', false)).status).toBe(403);
  });
});
