import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { LANGUAGES } from '../i18n/languages.js';
import { hiddenInput } from '../test-support/browser.js';
import { element, escapeHtml, htmlLang, links } from '../test-support/html.js';
import { jpeg } from '../test-support/photo-images.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { html, location, makeObject, type Person, report, signedInCast, visitor } from './pages.test-support.js';

let t: TestApp;
let louvre: Person;
let prado: Person;
let investigator: Person;
let admin: Person;

beforeAll(async () => {
  t = await createTestApp();
  ({ louvre, prado, investigator, admin } = await signedInCast(t));
});
afterAll(() => t.close());

const SENSITIVE = { storageLocation: 'Reserve B, shelf 4', ownerContact: 'curator@louvre.test', address: '99 rue de Rivoli' };

describe('the object page', () => {
  it.each(LANGUAGES)('is written in %s, with the title, fields, status and completeness in that language', async (lang) => {
    const view = await makeObject(t, louvre, {
      measurements: [{ dimension: 'height', value: 35, unit: 'cm' }],
      materials: [{ label: { fr: 'faïence', en: 'faience', es: 'loza estannífera' } }],
      description: { fr: 'Jarre à décor bleu.' },
    });
    const page = await html(louvre.browser.get(`/${lang}/objects/${view.id}`));
    expect(htmlLang(page)).toBe(lang);
    const title = view.description.title[lang]!;
    expect(page).toContain(`<h1>${escapeHtml(title)}</h1>`);
    expect(page).toContain(escapeHtml(translate(lang, 'status.in-collection')));
    expect(page).toContain(escapeHtml(translate(lang, 'dimension.height')));
    expect(page).toContain(escapeHtml(translate(lang, 'object.completeness')));
    // Missing Object ID categories are named in the page's language.
    expect(page).toContain(escapeHtml(translate(lang, 'objectId.photographs')));
    expect(page).toContain(escapeHtml(translate(lang, 'objectId.inscriptions')));
    // The description exists only in French: other pages show it marked as French.
    if (lang === 'fr') expect(page).toContain('<p class="prose">Jarre à décor bleu.</p>');
    else expect(page).toContain('<div lang="fr"><p class="prose">Jarre à décor bleu.</p></div>');
  });

  it('anonymous visitors see a published alert without sensitive fields, incident details or history', async () => {
    const view = await makeObject(t, louvre, {}, SENSITIVE);
    await report(t, louvre, view.id, true);
    const page = await html(visitor(t).get(`/en/objects/${view.id}`));
    expect(page).toContain('Stolen');
    expect(page).toContain(escapeHtml(translate('en', 'object.onAlertList')));
    expect(page).toContain(escapeHtml(translate('en', 'incident.method.theft')));
    for (const secret of [...Object.values(SENSITIVE), 'PV-2024-123', 'Showcase forced', 'Room 12', 'Registrar on duty']) expect(page).not.toContain(secret);
    expect(page).not.toContain('id="history-heading"');
    expect(page).not.toContain(`/en/objects/${view.id}/edit`);
    expect(page).not.toContain('name="status"');
  });

  it('answers 404 in the visitor’s language for a private object, an unknown id, and another organisation’s object', async () => {
    const view = await makeObject(t, louvre);
    for (const lang of LANGUAGES) {
      const page = await html(visitor(t).get(`/${lang}/objects/${view.id}`), 404);
      expect(htmlLang(page)).toBe(lang);
      expect(page).toContain(escapeHtml(translate(lang, 'notFound.title')));
    }
    await html(visitor(t).get('/fr/objects/nosuchobject00000'), 404);
    await html(prado.browser.get(`/es/objects/${view.id}`), 404);
  });

  it('the owner sees sensitive fields, incident details, the history and the editing tools', async () => {
    const view = await makeObject(t, louvre, {}, SENSITIVE);
    await report(t, louvre, view.id, false);
    const page = await html(louvre.browser.get(`/fr/objects/${view.id}`));
    for (const secret of [...Object.values(SENSITIVE), 'PV-2024-123', 'Showcase forced during the night']) expect(page).toContain(escapeHtml(secret));
    const history = element(page, /<ol class="history">/)!;
    expect(history).toContain(escapeHtml(translate('fr', 'history.action.created')));
    expect(history).toContain(escapeHtml(translate('fr', 'history.action.incident-reported')));
    expect(history).toContain(`registrar ${louvre.principal.displayName.split(' ')[1]} of louvre`);
    expect(history).toContain(`${escapeHtml(translate('fr', 'status.in-collection'))} → ${escapeHtml(translate('fr', 'status.stolen'))}`);
    expect(links(page)).toEqual(expect.arrayContaining([`/fr/objects/${view.id}/edit`, `/fr/objects/${view.id}/report`]));
    expect(page).toMatch(/<input id="f-photo" type="file" name="photo" accept="image\/\*" capture="environment"/);
    expect(page).toContain('enctype="multipart/form-data"');
  });

  it('investigators see reported objects, published or not, with their sensitive data, but cannot edit them', async () => {
    const reported = await makeObject(t, louvre, {}, SENSITIVE);
    await report(t, louvre, reported.id, false);
    const page = await html(investigator.browser.get(`/en/objects/${reported.id}`));
    expect(page).toContain(escapeHtml(SENSITIVE.storageLocation));
    expect(page).toContain('PV-2024-123');
    expect(page).toContain('id="history-heading"');
    expect(page).not.toContain(`/en/objects/${reported.id}/edit`);
    const unreported = await makeObject(t, louvre);
    await html(investigator.browser.get(`/en/objects/${unreported.id}`), 404);
  });

  it('a registrar of another organisation sees a published alert without its sensitive data or history', async () => {
    const view = await makeObject(t, louvre, {}, SENSITIVE);
    await report(t, louvre, view.id, true);
    const page = await html(prado.browser.get(`/en/objects/${view.id}`));
    expect(page).not.toContain(escapeHtml(SENSITIVE.storageLocation));
    expect(page).not.toContain('id="history-heading"');
    expect(page).not.toContain('id="actions-heading"');
  });
});

describe('changing the status', () => {
  async function stolenObject() {
    const view = await makeObject(t, louvre);
    return report(t, louvre, view.id, true);
  }

  it('offers only the allowed transitions, and moves the object with its reason kept in the history', async () => {
    const view = await stolenObject();
    const page = await html(louvre.browser.get(`/en/objects/${view.id}`));
    const select = element(page, /<select id="f-status"[^>]*>/)!;
    const offered = [...select.matchAll(/value="([^"]+)"/g)].map((m) => m[1]);
    expect(offered).toEqual(['recovered', 'disputed', 'closed']);
    const response = await louvre.browser.post(`/en/objects/${view.id}/status`, {
      _csrf: louvre.browser.csrf(),
      version: hiddenInput(page, 'version')!,
      status: 'recovered',
      reason: 'Returned by the police on 3 May',
    });
    expect(location(response)).toBe(`/en/objects/${view.id}?saved=status`);
    const after = await html(louvre.browser.get(location(response)));
    expect(after).toContain(escapeHtml(translate('en', 'object.saved.status')));
    expect(after).toContain('<span class="badge status-recovered">Recovered</span>');
    expect(after).toContain('Returned by the police on 3 May');
    // No longer on the alert list.
    expect(await html(visitor(t).get(`/en/objects/${view.id}`), 404)).toContain(escapeHtml(translate('en', 'notFound.title')));
  });

  it('asks for a reason, in the page’s language, and changes nothing without one', async () => {
    const view = await stolenObject();
    const page = await html(louvre.browser.get(`/es/objects/${view.id}`));
    const response = await louvre.browser.post(`/es/objects/${view.id}/status`, { _csrf: louvre.browser.csrf(), version: hiddenInput(page, 'version')!, status: 'recovered', reason: '  ' });
    const body = await html(response, 400);
    expect(body).toContain(escapeHtml(translate('es', 'form.error.required')));
    expect(body).toContain('aria-invalid="true"');
    expect((await t.context.objects.get(louvre.principal, view.id)).status).toBe('stolen');
  });

  it('refuses a transition that is not allowed', async () => {
    const view = await stolenObject();
    const page = await html(louvre.browser.get(`/en/objects/${view.id}`));
    const response = await louvre.browser.post(`/en/objects/${view.id}/status`, { _csrf: louvre.browser.csrf(), version: hiddenInput(page, 'version')!, status: 'found', reason: 'x' });
    expect(await html(response, 400)).toContain(escapeHtml(translate('en', 'form.error.choice')));
    expect((await t.context.objects.get(louvre.principal, view.id)).status).toBe('stolen');
  });

  it('says when someone else changed the object first, and changes nothing', async () => {
    const view = await stolenObject();
    const page = await html(louvre.browser.get(`/fr/objects/${view.id}`));
    await t.context.objects.changeStatus(admin.principal, view.id, 'disputed', 'Ownership questioned');
    const response = await louvre.browser.post(`/fr/objects/${view.id}/status`, { _csrf: louvre.browser.csrf(), version: hiddenInput(page, 'version')!, status: 'recovered', reason: 'Back' });
    expect(await html(response, 409)).toContain(escapeHtml(translate('fr', 'object.conflict')));
    expect((await t.context.objects.get(louvre.principal, view.id)).status).toBe('disputed');
  });

  it('refuses other organisations, investigators, anonymous visitors and expired forms', async () => {
    const view = await stolenObject();
    await html(louvre.browser.get(`/en/objects/${view.id}`));
    const form = { status: 'recovered', reason: 'x', version: String(view.version) };
    await html(prado.browser.get('/en/login'));
    expect((await prado.browser.post(`/en/objects/${view.id}/status`, { ...form, _csrf: prado.browser.csrf() })).status).toBe(403);
    await html(investigator.browser.get('/en/login'));
    expect((await investigator.browser.post(`/en/objects/${view.id}/status`, { ...form, _csrf: investigator.browser.csrf() })).status).toBe(403);
    expect((await louvre.browser.post(`/en/objects/${view.id}/status`, { ...form, _csrf: 'forged' })).status).toBe(403);
    const anonymous = visitor(t);
    await html(anonymous.get('/en/login'));
    expect(location(await anonymous.post(`/en/objects/${view.id}/status`, { ...form, _csrf: anonymous.csrf() }))).toMatch(/^\/en\/login\?next=/);
    expect((await t.context.objects.get(louvre.principal, view.id)).status).toBe('stolen');
  });
});

describe('adding a photograph', () => {
  async function upload(person: Person, id: string, file: Blob | null, caption = '', lang = 'en') {
    await html(person.browser.get(`/${lang}/login`));
    const body = new FormData();
    body.append('_csrf', person.browser.csrf());
    if (file) body.append('photo', file, 'jar.jpg');
    body.append('caption', caption);
    const cookie = [...person.browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    return t.app.request(`/${lang}/objects/${id}/photos`, { method: 'POST', body, headers: { Cookie: cookie } });
  }

  it('uploads from the object page and shows the thumbnail linking to the display image', async () => {
    const view = await makeObject(t, louvre);
    const response = await upload(louvre, view.id, new Blob([await jpeg(640, 480)], { type: 'image/jpeg' }), 'Front view');
    expect(location(response)).toBe(`/en/objects/${view.id}?saved=photo`);
    const page = await html(louvre.browser.get(location(response)));
    const photo = (await t.context.objects.get(louvre.principal, view.id)).photos[0]!;
    expect(page).toContain(`<a href="/media/photos/${photo.id}"`);
    expect(page).toContain(`src="/media/photos/${photo.id}/thumbnail"`);
    expect(page).toContain('<figcaption>Front view</figcaption>');
    expect(page).toContain(escapeHtml(translate('en', 'object.saved.photo')));
  });

  it('accepts photographs larger than the 1 MiB limit of other forms', async () => {
    const view = await makeObject(t, louvre);
    const big = await sharp({ create: { width: 1600, height: 1600, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg({ quality: 95 }).toBuffer();
    expect(big.length).toBeGreaterThan(1024 * 1024);
    expect(location(await upload(louvre, view.id, new Blob([big], { type: 'image/jpeg' })))).toBe(`/en/objects/${view.id}?saved=photo`);
  });

  it('says, in the page’s language, when no file was chosen or the file is not a photograph', async () => {
    const view = await makeObject(t, louvre);
    expect(await html(upload(louvre, view.id, null, '', 'fr'), 400)).toContain(escapeHtml(translate('fr', 'object.photo.error.missing')));
    const text = new Blob(['not an image at all'], { type: 'image/jpeg' });
    expect(await html(upload(louvre, view.id, text, '', 'es'), 400)).toContain(escapeHtml(translate('es', 'object.photo.error.invalid')));
    expect((await t.context.objects.get(louvre.principal, view.id)).photos).toHaveLength(0);
  });

  it('is refused to another organisation’s registrar (404: they cannot see it)', async () => {
    const view = await makeObject(t, louvre);
    expect((await upload(prado, view.id, new Blob([await jpeg()], { type: 'image/jpeg' }))).status).toBe(404);
  });
});
