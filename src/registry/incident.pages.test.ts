import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { LANGUAGES } from '../i18n/languages.js';
import { escapeHtml, htmlLang, links } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { html, location, makeObject, signedIn, visitor, type Person } from './pages.test-support.js';

let t: TestApp;
let louvre: Person;
let prado: Person;
let investigator: Person;

beforeAll(async () => {
  t = await createTestApp();
  louvre = await signedIn(t, 'registrar', 'louvre');
  prado = await signedIn(t, 'registrar', 'prado');
  investigator = await signedIn(t, 'investigator', 'interpol');
});
afterAll(() => t.close());

/** The ids of the objects on a list page, in order. */
const listed = (page: string, lang: string) => [...page.matchAll(new RegExp(`<h3><a href="/${lang}/objects/([0-9a-z]+)"`, 'g'))].map((match) => match[1]);

function reportForm(csrf: string, publish: boolean): Record<string, string> {
  return {
    _csrf: csrf,
    method: 'burglary',
    reference: '',
    discoveredOn: '2024-05-03',
    reportedOn: '2024-05-03',
    reporter: 'Claire Martin',
    reporterContact: 'claire.martin@louvre.test',
    circumstances: 'Window forced at night; showcase 4 broken.',
    policeReportNumber: 'PV 2024/0503',
    place: 'Gallery 7',
    country: 'FR',
    ...(publish ? { publish: 'yes' } : {}),
  };
}

describe('the theft or loss report form', () => {
  it.each(LANGUAGES)('is in %s, with every Spectrum field and the consent explained', async (lang) => {
    const view = await makeObject(t, louvre);
    const page = await html(louvre.browser.get(`/${lang}/objects/${view.id}/report`));
    expect(htmlLang(page)).toBe(lang);
    expect(page).toContain(`<h1>${escapeHtml(translate(lang, 'report.title'))}</h1>`);
    for (const name of ['reference', 'method', 'discoveredOn', 'reportedOn', 'reporter', 'reporterContact', 'circumstances', 'policeReportNumber', 'place', 'country', 'publish']) {
      expect(page, name).toContain(`name="${name}"`);
      expect(page, name).toContain(`for="f-${name}"`);
    }
    expect(page).toContain(escapeHtml(translate(lang, 'report.publish.shows')));
    expect(page).toContain(escapeHtml(translate(lang, 'report.publish.hides')));
    // Consent is never given by default.
    expect(page).not.toMatch(/name="publish" value="yes" checked/);
  });

  it('with consent, marks the object stolen and puts it on the public alert list, without what must stay private', async () => {
    const view = await makeObject(t, louvre, {}, { storageLocation: 'Reserve D' });
    await html(louvre.browser.get(`/en/objects/${view.id}/report`));
    const response = await louvre.browser.post(`/en/objects/${view.id}/report`, reportForm(louvre.browser.csrf(), true));
    expect(location(response)).toBe(`/en/objects/${view.id}?saved=reported`);
    const stored = await t.context.objects.get(louvre.principal, view.id);
    expect(stored.status).toBe('stolen');
    expect(stored.onAlertList).toBe(true);
    expect(stored.incidents[0]).toMatchObject({ method: 'burglary', reporter: 'Claire Martin', policeReportNumber: 'PV 2024/0503', country: 'FR', publish: true });

    for (const lang of LANGUAGES) {
      const alerts = await html(visitor(t).get(`/${lang}/alerts`));
      expect(listed(alerts, lang)).toContain(view.id);
    }
    const alerts = await html(visitor(t).get('/fr/alerts'));
    expect(alerts).toContain(escapeHtml(view.description.title.fr!));
    expect(alerts).toContain(escapeHtml(translate('fr', 'status.stolen')));
    expect(alerts).toContain('3 mai 2024');
    expect(alerts).toContain('France');
    for (const secret of ['Claire Martin', 'claire.martin', 'PV 2024/0503', 'Gallery 7', 'Window forced', 'Reserve D']) expect(alerts).not.toContain(secret);
    const page = await html(visitor(t).get(`/fr/objects/${view.id}`));
    for (const secret of ['Claire Martin', 'claire.martin', 'PV 2024/0503', 'Gallery 7', 'Window forced', 'Reserve D']) expect(page).not.toContain(secret);
  });

  it('without consent, the object is stolen but stays off the alert list; investigators still see it', async () => {
    const view = await makeObject(t, louvre);
    await html(louvre.browser.get(`/en/objects/${view.id}/report`));
    const response = await louvre.browser.post(`/en/objects/${view.id}/report`, reportForm(louvre.browser.csrf(), false));
    expect(location(response)).toBe(`/en/objects/${view.id}?saved=reported`);
    expect((await t.context.objects.get(louvre.principal, view.id)).status).toBe('stolen');
    expect(listed(await html(visitor(t).get('/en/alerts')), 'en')).not.toContain(view.id);
    expect(listed(await html(investigator.browser.get('/en/alerts')), 'en')).not.toContain(view.id);
    await html(visitor(t).get(`/en/objects/${view.id}`), 404);
    expect(await html(investigator.browser.get(`/en/objects/${view.id}`))).toContain('PV 2024/0503');
  });

  it('shows localized errors and records nothing when the reporter is missing or a date is in the future', async () => {
    const view = await makeObject(t, louvre);
    await html(louvre.browser.get(`/es/objects/${view.id}/report`));
    const missing = await html(louvre.browser.post(`/es/objects/${view.id}/report`, { ...reportForm(louvre.browser.csrf(), true), reporter: ' ', discoveredOn: 'yesterday' }), 400);
    expect(missing).toContain(`<p class="field-error" id="f-reporter-error">${escapeHtml(translate('es', 'form.error.required'))}</p>`);
    expect(missing).toContain('href="#f-discoveredOn"');
    // What was typed is kept, consent included.
    expect(missing).toContain('value="claire.martin@louvre.test"');
    expect(missing).toMatch(/name="publish" value="yes" checked=""/);
    const future = await html(louvre.browser.post(`/es/objects/${view.id}/report`, { ...reportForm(louvre.browser.csrf(), true), discoveredOn: '2999-01-01' }), 400);
    expect(future).toContain(escapeHtml(translate('es', 'report.error.future')));
    const stored = await t.context.objects.get(louvre.principal, view.id);
    expect(stored.status).toBe('in-collection');
    expect(stored.incidents).toEqual([]);
  });

  it('is for the owning organisation: sign in first, 404 for others, and expired forms are refused', async () => {
    const view = await makeObject(t, louvre);
    expect(location(await visitor(t).get(`/en/objects/${view.id}/report`))).toMatch(/^\/en\/login\?next=/);
    await html(prado.browser.get(`/en/objects/${view.id}/report`), 404);
    expect((await louvre.browser.post(`/en/objects/${view.id}/report`, reportForm('forged', true))).status).toBe(403);
    expect((await t.context.objects.get(louvre.principal, view.id)).status).toBe('in-collection');
  });
});

describe('the alert list', () => {
  it.each(LANGUAGES)('is in %s, newest first, and paginated', async (lang) => {
    const page = await html(visitor(t).get(`/${lang}/alerts`));
    expect(htmlLang(page)).toBe(lang);
    expect(page).toContain(`<h1>${escapeHtml(translate(lang, 'alerts.title'))}</h1>`);
  });

  it('pages through more than 20 objects, newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) {
      const view = await makeObject(t, prado);
      await t.context.objects.reportIncident(prado.principal, view.id, { method: 'theft', reporter: 'x', publish: true });
      ids.push(view.id);
    }
    const first = await html(visitor(t).get('/en/alerts'));
    const firstIds = listed(first, 'en');
    expect(firstIds).toHaveLength(20);
    expect(firstIds.slice(0, 3)).toEqual(ids.slice(-3).reverse());
    expect(links(first)).toContain('/en/alerts?page=2');
    const second = await html(visitor(t).get('/en/alerts?page=2'));
    expect(listed(second, 'en').length).toBeGreaterThanOrEqual(2);
    expect(listed(second, 'en')).not.toContain(firstIds[0]);
    expect(links(second)).toContain('/en/alerts');
    expect(second).toContain(escapeHtml(translate('en', 'pagination.page', { page: 2, pages: 2 })));
  });
});
