import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../../i18n/i18n.js';
import { html, location, signedIn, visitor, type Person } from '../../registry/pages.test-support.js';
import { escapeHtml } from '../../test-support/html.js';
import { jpeg } from '../../test-support/photo-images.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { customsCheckPhotoPath } from '../red-list-paths.js';
import { levantList, publishLists } from '../red-list-public.test-support.js';

describe('customs check pages', () => {
  let t: TestApp;
  let officer: Person;
  let colleague: Person;
  let otherAgency: Person;

  /** Sends the check's form as a browser does (multipart, with the form token); returns where it leads. */
  async function submit(person: Person, fields: Record<string, string>, lang = 'fr', photos: Array<Buffer | null> = []): Promise<Response> {
    await html(person.browser.get(`/${lang}/customs-check`));
    const body = new FormData();
    body.append('_csrf', person.browser.csrf());
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    // A file input left empty is sent as an empty file without a name, as browsers do.
    for (const photo of photos) body.append('photo', new File(photo ? [new Uint8Array(photo)] : [], photo ? 'side.jpg' : '', { type: photo ? 'image/jpeg' : 'application/octet-stream' }));
    const cookie = [...person.browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    return t.app.request(`/${lang}/customs-check`, { method: 'POST', body, headers: { Cookie: cookie } });
  }
  const fr = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => escapeHtml(translate('fr', key, params));

  beforeAll(async () => {
    t = await createTestApp();
    officer = await signedIn(t, 'investigator', 'douane');
    colleague = await signedIn(t, 'investigator', 'douane');
    otherAgency = await signedIn(t, 'investigator', 'police');
    await publishLists(t, [levantList()]);
  }, 60_000);
  afterAll(() => t.close());

  it('shows investigators one phone-first form, in the navigation; others are sent to sign in or refused', async () => {
    const page = await html(officer.browser.get('/fr/customs-check'));
    expect(page).toContain('<input id="f-photo" type="file" name="photo" accept="image/*" capture="environment"');
    for (const n of [2, 3]) expect(page).toContain(`<label for="f-photo-${n}">${fr('customs.form.photo.other', { n })}</label><input id="f-photo-${n}" type="file" name="photo"`);
    for (const field of ['objectType', 'material', 'periodPreset', 'periodFrom', 'periodFromEra', 'periodTo', 'periodToEra', 'originCountry', 'destinationCountry', 'declaredValueEur', 'place']) {
      expect(page, field).toContain(`id="f-${field}"`);
    }
    for (const name of ['importLicence', 'importerStatement', 'exportCertificate']) expect(page).toContain(`name="${name}"`);
    expect(page).toContain('<option value="LB">Liban</option>');
    expect(page).toContain(`<a href="/fr/customs-check">${fr('customs.page.nav')}</a>`);

    expect(location(await visitor(t).get('/fr/customs-check'))).toBe('/fr/login?next=%2Ffr%2Fcustoms-check');
    const registrar = await signedIn(t, 'registrar', 'musee');
    const refused = await html(registrar.browser.get('/fr/customs-check'), 403);
    expect(refused).not.toContain(`<a href="/fr/customs-check">`);
  });

  it('answers on one page: recommendation first, categories linked to their pages, the rule, what is missing; then the decision', async () => {
    const response = await submit(officer, { objectType: 'bol peint', material: 'ceramic', periodFrom: '700', periodFromEra: 'bce', periodTo: '400', periodToEra: 'bce', originCountry: 'LB', destinationCountry: 'FR', declaredValueEur: '800', place: 'Marseille, quai 4' });
    const path = location(response);
    expect(path).toMatch(/^\/fr\/customs-check\/[0-9a-z]{16}$/);
    const page = await html(officer.browser.get(path));
    const recommendationAt = page.indexOf('class="recommendation recommendation-');
    expect(recommendationAt).toBeGreaterThan(0);
    expect(recommendationAt).toBeLessThan(page.indexOf('id="categories-heading"'));
    expect(page).toContain('href="/fr/red-lists/levant-demo/editions/2/categories/painted-bowls"');
    expect(page).toContain('Bols peints');
    expect(page).toContain(fr('customs.page.result.rule.eu-import-licence'));
    expect(page).toContain(fr('customs.page.result.missing.photo'));
    expect(page).toContain(fr('customs.page.result.registry.noPhoto'));
    expect(page).toContain('Marseille, quai 4');
    expect(page).toContain(`href="${path}/report.pdf"`);
    expect(page).toContain('name="decision"');

    // A colleague overrides without a reason: refused, then with one: recorded.
    const id = path.split('/').pop()!;
    const view = await t.context.customsChecks.get(officer.principal, id);
    const recommended = view.check.assessment.recommendation.action;
    const other = recommended === 'release' ? 'hold' : 'release';
    await html(colleague.browser.get(path));
    const refused = await html(colleague.browser.post(`${path}/decision`, { _csrf: colleague.browser.csrf(), decision: other, reason: '' }), 400);
    expect(refused).toContain(fr('customs.form.decision.reasonRequired'));
    const saved = await colleague.browser.post(`${path}/decision`, { _csrf: colleague.browser.csrf(), decision: other, reason: 'Certificat vérifié par téléphone.' });
    expect(location(saved)).toBe(`${path}?saved=decision#decision`);
    const decided = await html(colleague.browser.get(`${path}?saved=decision`));
    expect(decided).toContain(fr('customs.page.result.saved'));
    expect(decided).toContain('Certificat vérifié par téléphone.');
    expect(decided).not.toContain('name="decision"');
    expect(await html(colleague.browser.post(`${path}/decision`, { _csrf: colleague.browser.csrf(), decision: recommended }), 409)).toContain(fr('customs.form.decision.already'));

    // Another agency does not learn that the check exists.
    await html(otherAgency.browser.get(path), 404);
    await html(otherAgency.browser.post(`${path}/decision`, { _csrf: colleague.browser.csrf(), decision: recommended }), 403);
    const history = await html(colleague.browser.get('/fr/customs-check/history'));
    expect(history).toContain(`href="${path}"`);
    expect(await html(otherAgency.browser.get('/fr/customs-check/history'))).not.toContain(`href="${path}"`);
  });

  it('shows the form again with each wrong field named, and what was typed', async () => {
    const page = await html(submit(officer, { objectType: 'statuette', periodFrom: '100', periodTo: '50', periodToEra: 'bce', declaredValueEur: '-3' }), 400);
    expect(page).toContain('href="#f-periodTo"');
    expect(page).toContain('href="#f-declaredValueEur"');
    expect(page).toContain('value="statuette"');
    expect(page).toContain('aria-invalid="true"');
  });

  it('shows the check’s photos to the officer’s colleagues, through the check', async () => {
    const path = location(await submit(officer, { objectType: 'bol peint' }, 'fr', [await jpeg(400, 300), null, await jpeg(300, 400)]));
    const id = path.split('/').pop()!;
    const page = await html(colleague.browser.get(path));
    for (const n of [1, 2]) expect(page).toContain(`<a href="${customsCheckPhotoPath(id, n)}"><img src="${customsCheckPhotoPath(id, n, 'thumbnail')}" alt="${fr('customs.page.result.photo', { n })}"`);
    expect(page).not.toContain(customsCheckPhotoPath(id, 3));
    expect((await colleague.browser.get(customsCheckPhotoPath(id, 2))).status).toBe(200);
    expect((await otherAgency.browser.get(customsCheckPhotoPath(id, 1))).status).toBe(404);
    const tooMany = await html(submit(officer, {}, 'fr', await Promise.all([1, 2, 3, 4].map(() => jpeg(300, 300)))), 400);
    expect(tooMany).toContain(fr('customs.form.photo.tooMany', { max: 3 }));
  });

  it('answers a check sent with nothing, saying what it lacked', async () => {
    const page = await html(officer.browser.get(location(await submit(officer, {}, 'es'))));
    expect(page).toContain(escapeHtml(translate('es', 'customs.page.result.missing.objectType')));
    expect(page).toContain(escapeHtml(translate('es', 'customs.page.result.missing.originCountry')));
  });

  it('offers the countries of a fictional region under its list’s name, and refuses a code no list names', async () => {
    const region = { fr: 'Péninsule de Solmar (région fictive)', en: 'Solmar Peninsula (fictional region)', ar: 'شبه جزيرة سولمار' };
    await publishLists(t, [levantList({ slug: 'solmar-demo', region: { name: region, countries: ['XS', 'XH'] }, legal: { exportRules: [{ country: 'XS', rule: 'prohibited' }] } })]);
    const form = await html(officer.browser.get('/fr/customs-check'));
    expect(form).toContain(`<optgroup label="${escapeHtml(region.fr)}"><option value="XS">${escapeHtml(region.fr)} — XS</option>`);

    const page = await html(officer.browser.get(location(await submit(officer, { objectType: 'bol peint', originCountry: 'XS', destinationCountry: 'FR' }))));
    expect(page).toContain(fr('customs.reason.originExport.prohibited', { country: `${region.fr} — XS` }));

    const refused = await html(submit(officer, { objectType: 'bol peint', originCountry: 'QQ' }), 400);
    expect(refused).toContain('href="#f-originCountry"');
    expect(refused).toContain(fr('customs.form.country.unknownCode'));
  });
});
