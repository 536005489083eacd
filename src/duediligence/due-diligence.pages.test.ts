import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { html, location, signedIn, visitor, type Person } from '../registry/pages.test-support.js';
import { escapeHtml } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('due-diligence pages', () => {
  let t: TestApp;
  let dealer: Person;
  let other: Person;

  /** Sends a form of the page as a browser does (multipart, with the form token). */
  async function submit(person: Person, fields: Record<string, string>, files: Record<string, File> = {}): Promise<Response> {
    await html(person.browser.get('/fr/due-diligence'));
    const body = new FormData();
    body.append('_csrf', person.browser.csrf());
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    for (const [name, file] of Object.entries(files)) body.append(name, file);
    const cookie = [...person.browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    return t.app.request('/fr/due-diligence', { method: 'POST', body, headers: { Cookie: cookie } });
  }
  const fr = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => escapeHtml(translate('fr', key, params));

  beforeAll(async () => {
    t = await createTestApp();
    dealer = await signedIn(t, 'registrar', 'galerie');
    other = await signedIn(t, 'registrar', 'maison');
  }, 60_000);
  afterAll(() => t.close());

  it('offers the two forms to the signed-in and sends others to sign in', async () => {
    const page = await html(dealer.browser.get('/fr/due-diligence'));
    for (const field of ['reference', 'title', 'maker', 'inventoryNumbers', 'dating', 'dimensions', 'valueEur', 'provenance', 'photo', 'catalogue', 'format', 'images', 'archive']) expect(page, field).toContain(`id="f-${field}"`);
    expect(page).toContain(fr('dd.page.checks.empty'));
    expect(location(await visitor(t).get('/fr/due-diligence'))).toBe('/fr/login?next=%2Ffr%2Fdue-diligence');
  });

  it('checks one object: its page refreshes itself while it runs, then shows the outcome and evidence', async () => {
    const response = await submit(dealer, { kind: 'object', title: 'Nature morte aux citrons', dating: 'c. 1650', provenance: 'Galerie X, 1925' });
    const path = location(response);
    expect(path).toMatch(/^\/fr\/due-diligence\/[0-9a-z]{16}$/);
    const running = await html(dealer.browser.get(path));
    expect(running).toContain('<meta http-equiv="refresh" content="3"/>');
    expect(running).toContain(fr('dd.check.state.queued'));
    await t.context.dueDiligence.runNext({ checkId: path.split('/').pop() });
    const done = await html(dealer.browser.get(path));
    expect(done).not.toContain('http-equiv="refresh"');
    expect(done).toContain(fr('dd.lot.outcome.no-match'));
    expect(done).toContain(fr('dd.gap.gap-1933-1945'));
    expect(await html(other.browser.get(path), 404)).not.toContain('Nature morte');
    expect(await html(dealer.browser.get('/fr/due-diligence'))).toContain(`href="${path}"`);
  });

  it('names what is wrong: an unreadable cell of the object, a missing catalogue', async () => {
    const bad = await html(submit(dealer, { kind: 'object', title: 'Vase', valueEur: 'beaucoup' }), 400);
    expect(bad).toContain('value &quot;beaucoup&quot; is not an amount in euros');
    expect(bad).toContain('value="Vase"');
    expect(await html(submit(dealer, { kind: 'catalogue', format: 'csv' }), 400)).toContain(fr('dd.form.missingCatalogue'));
  });

  it('checks a catalogue and lists its lots, broken rows with why', async () => {
    const response = await submit(dealer, { kind: 'catalogue', format: 'csv' }, { catalogue: new File(['lot;titre\n1;Chaise\n2\n'], 'vente.csv', { type: 'text/csv' }) });
    const path = location(response);
    await t.context.dueDiligence.runNext({ checkId: path.split('/').pop() });
    const page = await html(dealer.browser.get(path));
    expect(page).toContain('Chaise');
    expect(page).toContain(fr('dd.lot.broken', { error: '1 cell where the header has 2 (a missing separator, or a cell with a ";" that is not between double quotes?)' }));
  });
});
