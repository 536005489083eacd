import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, visitor, type Person } from '../../registry/pages.test-support.js';
import { painting, rephotographed } from '../../test-support/identify-images.js';
import { pdfText } from '../../test-support/pdf-text.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { levantList, publishLists } from '../red-list-public.test-support.js';
import { renderCheckReport } from './check-report.js';
import type { CheckView } from './customs-check.service.js';

/** A Phoenician painted bowl declared from Lebanon to France, worth little, without any document. */
const BOWL = { objectType: 'painted bowl', material: 'ceramic', period: { from: -700, to: -400 }, originCountry: 'LB', destinationCountry: 'FR', declaredValueEur: 800 };

describe('the customs check report', () => {
  let t: TestApp;
  let officer: Person;
  let colleague: Person;
  let stranger: Person;
  let view: CheckView;
  const report = (lang: 'fr' | 'en' | 'es') =>
    renderCheckReport(view, lang, {
      photo: (n) => t.context.customsChecks.photo(officer.principal, view.check.id, n, 'display'),
      evidence: (objectId) => t.context.customsChecks.evidence(officer.principal, view.check.id, objectId),
    });
  /** The images a PDF draws: PDFKit writes each as an XObject whose dictionary is not compressed. */
  const imagesIn = (pdf: Buffer) => pdf.toString('latin1').split('/Subtype /Image').length - 1;

  beforeAll(async () => {
    t = await createTestApp();
    await publishLists(t, [levantList()]);
    officer = await signedIn(t, 'investigator', 'douane');
    colleague = await signedIn(t, 'investigator', 'douane');
    stranger = await signedIn(t, 'investigator', 'police');
    const checked = await t.context.customsChecks.run(officer.principal, {
      facts: BOWL,
      place: { text: 'Marseille, port, container MSCU 1234567' },
      photos: [{ source: await rephotographed(await painting(1)), filename: 'field.jpg' }],
    });
    view = await t.context.customsChecks.decide(officer.principal, checked.check.id, { decision: 'release', reason: 'Modern copy: the seller shows the workshop’s invoice.' });
  }, 60_000);
  afterAll(() => t.close());

  const cases = [
    { lang: 'fr', title: 'Rapport de contrôle douanier', category: 'Bols peints', decision: 'contre la recommandation', rules: 'Règles applicables', photo: 'Photo 1' },
    { lang: 'en', title: 'Customs check report', category: 'Painted bowls', decision: 'overriding the recommendation', rules: 'Rules that apply', photo: 'Photo 1' },
    { lang: 'es', title: 'Informe de control aduanero', category: 'Bols peints', decision: 'en contra de la recomendación', rules: 'Normas aplicables', photo: 'Foto 1' },
  ] as const;

  for (const expected of cases) {
    it(`records the check in ${expected.lang}: who, when, where, the photo, the answer and the decision with its reason`, async () => {
      const text = await pdfText(await report(expected.lang));
      const { check } = view;
      expect(text).toContain(expected.title);
      expect(text).toContain(check.id);
      expect(text).toContain(check.officer.name);
      expect(text).toContain('Marseille, port, container MSCU 1234567');
      expect(text).toContain(expected.photo);
      expect(text).toContain('painted bowl');
      expect(text).toContain(expected.category);
      expect(text).toContain(expected.rules);
      expect(text).toContain(expected.decision);
      expect(text).toContain('Modern copy: the seller shows the workshop’s invoice.');
      expect(text).toContain('Lebanese Customs');
      expect(text).toContain('levant-demo');
    });
  }

  describe('GET /{lang}/customs-check/{id}/report.pdf', () => {
    const path = () => `/en/customs-check/${view.check.id}/report.pdf`;

    it('gives the officer and a colleague of the organisation the same report, the photo drawn in both', async () => {
      const mine = await officer.browser.get(path());
      expect(mine.status).toBe(200);
      expect(mine.headers.get('Content-Type')).toBe('application/pdf');
      expect(mine.headers.get('Cache-Control')).toBe('private, no-store');
      const own = Buffer.from(await mine.arrayBuffer());
      expect(await pdfText(own)).toContain(`Customs check ${view.check.id} page 1 of`);

      const theirs = await colleague.browser.get(path());
      expect(theirs.status).toBe(200);
      const shared = Buffer.from(await theirs.arrayBuffer());
      const text = await pdfText(shared);
      expect(text).toContain('Photo 1');
      expect(text).not.toContain('Photo unavailable');
      expect(text).toContain('Painted bowls');
      expect(imagesIn(shared)).toBe(1);
      expect(imagesIn(shared)).toBe(imagesIn(own));
    });

    it('answers 404 to another organisation, the public and an unknown check', async () => {
      for (const response of [await stranger.browser.get(path()), await visitor(t).get(path()), await officer.browser.get('/en/customs-check/nothing-here/report.pdf')]) {
        expect(response.status).toBe(404);
        expect(response.headers.get('Content-Type')).not.toBe('application/pdf');
      }
    });
  });
});
