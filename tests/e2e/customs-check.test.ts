/**
 * The customs check in a real browser, on a phone: an officer photographs an object at the border,
 * says what can be seen and what is declared, gets the Red List categories and the rule that applies
 * on one page, and overrides the recommendation with a reason. No page may scroll sideways at 390 px
 * or report an error.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions } from 'playwright-core';
import { t } from '../../src/i18n/i18n.js';
import { RED_LIST_FORMAT } from '../../src/redlists/red-list-document.js';
import { unregisteredPainting } from '../../src/test-support/identify-images.js';
import { jpeg } from '../../src/test-support/photo-images.js';
import { useE2E, expectNoSideways } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;
const OFFICER = { email: 'agent@douane-e2e.test', displayName: 'Agente Moreau', password: 'a customs officer password' } as const;

/** A small published list: painted bowls of a region, with its export rule and contacts. */
const LIST = {
  format: RED_LIST_FORMAT,
  slug: 'e2e-levant',
  demonstration: true,
  edition: { number: 1, year: 2026 },
  title: { fr: 'Liste de test du Levant', en: 'Test list of the Levant', es: 'Lista de prueba del Levante' },
  region: { name: { fr: 'Levant', en: 'Levant', es: 'Levante' }, countries: ['LB'] },
  languages: ['fr', 'en', 'es'],
  introduction: { fr: 'Pour les tests.', en: 'For the tests.', es: 'Para las pruebas.' },
  disclaimer: { fr: 'Les objets montrés ne sont pas volés.', en: 'The objects shown are not stolen.', es: 'Los objetos mostrados no son robados.' },
  legal: {
    conventions: [{ convention: 'unesco-1970', country: 'LB', ratified: 1992 }],
    laws: [{ country: 'LB', title: { fr: 'Loi sur les antiquités', en: 'Antiquities Law', es: 'Ley de antigüedades' }, reference: 'Decree 166/1933' }],
    exportRules: [{ country: 'LB', rule: 'prohibited', minimumAgeYears: 100, law: 'Decree 166/1933' }],
  },
  contacts: [{ country: 'LB', kind: 'customs', name: 'Lebanese Customs', phone: '+961 1 000 000' }],
  categories: [
    { id: 'ceramics', name: { fr: 'Céramiques', en: 'Ceramics', es: 'Cerámicas' }, materials: ['ceramic', 'clay'], period: { from: -3000, to: 1500 } },
    {
      id: 'painted-bowls',
      parent: 'ceramics',
      name: { fr: 'Bols peints', en: 'Painted bowls', es: 'Cuencos pintados' },
      period: { from: -800, to: -300 },
      objectTypes: ['bowl'],
      materials: ['ceramic'],
      euAnnex: 'c',
      examples: [{ image: 'bowl.jpg', credit: 'Test museum', licence: 'CC0', institution: 'Test museum' }],
    },
    { id: 'bronze-statuettes', name: { fr: 'Statuettes en bronze', en: 'Bronze statuettes', es: 'Estatuillas de bronce' }, objectTypes: ['statuette'], materials: ['bronze'] },
  ],
};

let objectPhoto: Buffer;

const session = useE2E(async (e2e) => {
  const { context } = e2e.server;
  await context.organisations.ensure('douane-e2e', 'Douane de Marseille', 'agency');
  await context.accounts.addPerson({ ...OFFICER, organisationSlug: 'douane-e2e', role: 'investigator' });
  const admin = await context.accounts.servicePrincipal('secretariat', 'admin');
  await context.redLists.importDocument(admin, LIST, new Map([['bowl.jpg', await jpeg(320, 240)]]), { publish: true });
  objectPhoto = await unregisteredPainting();
});

describe('the customs check on a phone', () => {
  it('photograph, declare, get the categories and the rule, override with a reason', async () => {
    const officer = await session.newPage(await session.newContext(PHONE), 15_000);
    await officer.goto(`/fr/login?next=${encodeURIComponent('/fr/customs-check')}`);
    await officer.getByLabel(t('fr', 'login.email'), { exact: true }).fill(OFFICER.email);
    await officer.getByLabel(t('fr', 'login.password'), { exact: true }).fill(OFFICER.password);
    await Promise.all([officer.waitForURL('**/fr/customs-check'), officer.getByRole('button', { name: t('fr', 'login.submit') }).click()]);
    await expectNoSideways(officer);

    await officer.getByLabel(t('fr', 'customs.form.photo'), { exact: true }).setInputFiles({ name: 'objet.jpg', mimeType: 'image/jpeg', buffer: objectPhoto });
    await officer.getByLabel(t('fr', 'customs.form.objectType'), { exact: true }).fill('bowl');
    await officer.getByLabel(t('fr', 'customs.form.material'), { exact: true }).fill('ceramic');
    await officer.getByLabel(t('fr', 'customs.form.period.from'), { exact: true }).fill('700');
    await officer.getByLabel(t('fr', 'customs.form.period.fromEra'), { exact: true }).selectOption('bce');
    await officer.getByLabel(t('fr', 'customs.form.period.to'), { exact: true }).fill('400');
    await officer.getByLabel(t('fr', 'customs.form.period.toEra'), { exact: true }).selectOption('bce');
    await officer.getByLabel(t('fr', 'customs.form.originCountry'), { exact: true }).selectOption('LB');
    await officer.getByLabel(t('fr', 'customs.form.destinationCountry'), { exact: true }).selectOption('FR');
    await officer.getByLabel(t('fr', 'customs.form.declaredValueEur'), { exact: true }).fill('800');
    await officer.getByLabel(t('fr', 'customs.form.place'), { exact: true }).fill('Port de Marseille, conteneur 7');
    await expectNoSideways(officer);
    await Promise.all([officer.waitForURL(/\/fr\/customs-check\/[0-9a-z]{16}$/), officer.getByRole('button', { name: t('fr', 'customs.form.submit') }).click()]);

    // The recommendation first, then the registry, the categories and the rules.
    const recommendation = officer.locator('.recommendation-text');
    expect(await recommendation.innerText()).toBe(t('fr', 'customs.page.action.hold'));
    expect(await officer.locator('section[aria-labelledby="registry-heading"] > p').innerText()).toBe(t('fr', 'customs.page.result.registry.none'));
    const firstCategory = officer.locator('.categories-ranked > li').first().getByRole('link');
    expect(await firstCategory.innerText()).toBe('Bols peints');
    expect(await firstCategory.getAttribute('href')).toBe('/fr/red-lists/e2e-levant/editions/1/categories/painted-bowls');
    const licence = officer.locator('article.rule', { hasText: t('fr', 'customs.page.result.rule.eu-import-licence') });
    expect(await licence.locator('.badge').innerText()).toBe(t('fr', 'customs.page.result.applies.yes'));
    expect(await officer.locator('.contacts').innerText()).toContain('+961 1 000 000');
    await expectNoSideways(officer);

    // The officer overrides the recommendation: a reason is required, then the decision is recorded.
    await officer.getByRole('radio', { name: t('fr', 'customs.page.decision.release'), exact: true }).check();
    await officer.getByRole('button', { name: t('fr', 'customs.form.decision.submit') }).click();
    await officer.waitForLoadState();
    expect(await officer.getByRole('alert').innerText()).toContain(t('fr', 'customs.form.decision.reasonRequired'));
    await expectNoSideways(officer);
    await officer.getByRole('radio', { name: t('fr', 'customs.page.decision.release'), exact: true }).check();
    await officer.getByLabel(t('fr', 'customs.form.decision.reason'), { exact: true }).fill('Licence d’importation présentée sur papier, vérifiée auprès du ministère.');
    await Promise.all([officer.waitForURL('**?saved=decision**'), officer.getByRole('button', { name: t('fr', 'customs.form.decision.submit') }).click()]);
    expect(await officer.getByRole('status').innerText()).toBe(t('fr', 'customs.page.result.saved'));
    expect(await officer.locator('.decision-text').innerText()).toContain('Agente Moreau');
    await expectNoSideways(officer);

    await Promise.all([officer.waitForURL('**/fr/customs-check/history'), officer.getByRole('link', { name: t('fr', 'customs.page.history') }).click()]);
    expect(await officer.locator('.check-history li').count()).toBe(1);
    await expectNoSideways(officer);
  });
});
