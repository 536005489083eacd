import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.js';
import type { Principal } from '../../roles.js';
import { painting, rephotographed } from '../../test-support/identify-images.js';
import { jpeg } from '../../test-support/photo-images.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { CreateObjectSchema } from '../../registry/object.schemas.js';
import { levantList, publishLists } from '../red-list-public.test-support.js';
import type { CustomsCheckService } from './customs-check.service.js';
import { reasonText } from './reason-text.js';

/** A Phoenician painted bowl declared from Lebanon to France, worth little, without any document. */
const BOWL = { objectType: 'painted bowl', material: 'ceramic', period: { from: -700, to: -400 }, originCountry: 'LB', destinationCountry: 'FR', declaredValueEur: 800 };

const refusal = async (promise: Promise<unknown>): Promise<DomainError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('CustomsCheckService', () => {
  let t: TestApp;
  let checks: CustomsCheckService;
  let officer: Principal;
  let colleague: Principal;
  let otherAgency: Principal;
  let registrar: Principal;
  let admin: Principal;

  beforeAll(async () => {
    t = await createTestApp();
    checks = t.context.customsChecks;
    await t.context.organisations.ensure('douane', 'Douane', 'agency');
    await t.context.organisations.ensure('police', 'Police', 'agency');
    await t.context.organisations.ensure('musee', 'Musée', 'museum');
    officer = await t.context.accounts.addPerson({ email: 'officer@douane.test', displayName: 'Officer Dupont', password: 'a long enough password', organisationSlug: 'douane', role: 'investigator' });
    colleague = await t.context.accounts.addPerson({ email: 'colleague@douane.test', displayName: 'Colleague Martin', password: 'a long enough password', organisationSlug: 'douane', role: 'investigator' });
    otherAgency = await t.context.accounts.addPerson({ email: 'officer@police.test', displayName: 'Officer Ruiz', password: 'a long enough password', organisationSlug: 'police', role: 'investigator' });
    registrar = await t.context.accounts.servicePrincipal('musee', 'registrar');
    admin = await t.context.accounts.servicePrincipal('secretariat', 'admin');
    await publishLists(t, [levantList()]);
  }, 60_000);
  afterAll(() => t.close());

  it('answers from the facts alone, says the photo is missing, and records the check for the organisation', async () => {
    const { check } = await checks.run(officer, { facts: BOWL, place: { text: 'Marseille, port' }, photos: [] });
    expect(check.organisation).toMatchObject({ slug: 'douane', name: 'Douane' });
    expect(check.officer.name).toBe('Officer Dupont');
    expect(check.place).toEqual({ text: 'Marseille, port' });
    expect(check.identificationIds).toEqual([]);
    expect(check.assessment.missing).toContain('photo');
    expect(check.assessment.categories[0]).toMatchObject({ listSlug: 'levant-demo', edition: 2, categoryId: 'painted-bowls' });
    // An archaeological bowl over 250 years old entering the EU needs an import licence, which was not presented.
    expect(check.assessment.rules.find((rule) => rule.rule === 'eu-import-licence')).toMatchObject({ applies: 'yes', documentHeld: false });
    expect(check.assessment.recommendation.action).not.toBe('release');
    expect(check.editions).toEqual({ engine: 'egide-customs-check/1', lists: [{ slug: 'levant-demo', edition: 2 }] });

    const read = await checks.get(colleague, check.id);
    expect(read.check).toEqual(check);
    expect(read.canDecide).toBe(true);
  });

  it('answers a check with neither photo nor facts, naming everything it lacked', async () => {
    const { check } = await checks.run(officer, { facts: {}, photos: [] });
    expect(check.assessment.missing).toEqual(expect.arrayContaining(['photo', 'objectType', 'material', 'period', 'originCountry', 'destinationCountry']));
    expect(check.assessment.categories).toEqual([]);
    expect(check.place).toBeNull();
  });

  it('is seen by its organisation and admins only: anyone else is told it does not exist', async () => {
    const { check } = await checks.run(officer, { facts: BOWL, photos: [] });
    expect((await checks.get(admin, check.id)).check.id).toBe(check.id);
    for (const stranger of [otherAgency, registrar, null]) expect((await refusal(checks.get(stranger, check.id))).kind).toBe('not-found');
    expect((await refusal(checks.decide(otherAgency, check.id, { decision: 'release', reason: 'seen' }))).kind).toBe('not-found');
    expect((await checks.list(otherAgency)).items.map((item) => item.id)).not.toContain(check.id);
    expect((await checks.list(colleague)).items.map((item) => item.id)).toContain(check.id);
    expect((await checks.list(admin)).items.map((item) => item.id)).toContain(check.id);
    expect((await refusal(checks.run(registrar, { facts: BOWL, photos: [] }))).kind).toBe('forbidden');
    expect((await refusal(checks.list(null))).kind).toBe('unauthorized');
  });

  it('records the officer’s decision once; overriding the recommendation needs a reason', async () => {
    const { check } = await checks.run(officer, { facts: BOWL, photos: [] });
    const recommended = check.assessment.recommendation.action;
    const other = recommended === 'release' ? 'hold' : 'release';
    const missingReason = await refusal(checks.decide(colleague, check.id, { decision: other }));
    expect(missingReason.kind).toBe('invalid');
    expect(missingReason.issues).toEqual([{ field: 'reason', message: expect.stringContaining('required') as string }]);

    const decided = await checks.decide(colleague, check.id, { decision: other, reason: 'The importer showed the 1960 collection record.' });
    expect(decided.check.decision).toMatchObject({ decision: other, reason: 'The importer showed the 1960 collection record.', decidedBy: { userId: colleague.userId, name: 'Colleague Martin' } });
    expect(decided.canDecide).toBe(false);
    expect((await refusal(checks.decide(officer, check.id, { decision: recommended }))).kind).toBe('conflict');

    const audit = await t.context.audit.list({ targetId: check.id }, 50, 0);
    expect(audit.items.map((entry) => entry.action).sort()).toEqual(['customs-check.decide', 'customs-check.run']);
    await checks.get(officer, check.id);
    expect((await t.context.audit.list({ targetId: check.id, action: 'customs-check.read' }, 50, 0)).total).toBe(1);
  });

  it('ranks the categories whose example photos the photo looks like (visual similarity), even with no facts', async () => {
    const { check } = await checks.run(officer, { facts: {}, photos: [{ source: await jpeg(400, 300), filename: 'object.jpg' }] });
    const top = check.assessment.categories[0]!;
    expect(top).toMatchObject({ listSlug: 'levant-demo', categoryId: 'painted-bowls' });
    expect(top.reasons.map((reason) => reason.kind)).toEqual(['visual']);
    expect(check.assessment.missing).not.toContain('photo');
  });

  it('identifies the photo against the registry: a stolen object found is to be detained, with its evidence for the officer', async () => {
    const museum = await t.context.accounts.servicePrincipal('musee', 'registrar');
    const object = await t.context.objects.create(
      museum,
      CreateObjectSchema.parse({ description: { inventoryNumber: 'M-1', title: { en: 'Portrait of a man' }, objectType: [{ label: { en: 'paintings' } }] } }),
    );
    await t.context.photos.addPhoto(museum, object.id, await painting(0), 'portrait.jpg');
    await t.context.objects.reportIncident(museum, object.id, { method: 'theft', reporter: 'Registrar', publish: false });
    await t.context.indexingQueue.drain();

    // Two sides of the object, both showing the painting: it is matched once, with its best verdict.
    const photos = [await rephotographed(await painting(0)), await painting(0)].map((source, i) => ({ source, filename: `side-${i + 1}.jpg` }));
    const view = await checks.run(officer, { facts: { objectType: 'painting' }, photos });
    expect(view.check.identificationIds).toHaveLength(2);
    expect(view.check.assessment.registry).toEqual([expect.objectContaining({ objectId: object.id, verdict: 'match', status: 'stolen' })]);
    expect(view.check.assessment.recommendation.action).toBe('detain');
    expect(view.check.assessment.missing).not.toContain('photo');
    // A colleague reads the check with its photos and the evidence.
    const seen = await checks.get(colleague, view.check.id);
    expect(seen.check.assessment.registry).toHaveLength(1);
    const sharp = (await import('sharp')).default;
    expect((await sharp(await checks.photo(colleague, view.check.id, 2, 'thumbnail')).metadata()).format).toBe('webp');
    expect((await sharp(await checks.evidence(colleague, view.check.id, object.id)).metadata()).format).toBe('jpeg');
    for (const stranger of [otherAgency, registrar, null]) {
      expect((await refusal(checks.photo(stranger, view.check.id, 1, 'display'))).kind).toBe('not-found');
      expect((await refusal(checks.evidence(stranger, view.check.id, object.id))).kind).toBe('not-found');
    }
    expect((await refusal(checks.photo(colleague, view.check.id, 3, 'display'))).kind).toBe('not-found');
  }, 60_000);

  it('takes the countries of a fictional region that a published list names, and applies their export rule', async () => {
    const solmar = levantList({
      slug: 'solmar-demo',
      region: { name: { fr: 'Péninsule de Solmar (région fictive)', en: 'Solmar Peninsula (fictional region)', ar: 'شبه جزيرة سولمار' }, countries: ['XS', 'XH'] },
      legal: { exportRules: [{ country: 'XS', rule: 'prohibited', minimumAgeYears: 100, categories: ['painted-bowls'] }] },
      contacts: [{ country: 'XS', kind: 'customs', name: 'Solmar Customs' }],
    });
    // Refused while no published list names XS.
    expect((await refusal(checks.run(officer, { facts: { ...BOWL, originCountry: 'XS' }, photos: [] }))).issues).toEqual([
      { field: 'facts.originCountry', message: 'neither an ISO 3166-1 country nor a country of a published Red List' },
    ]);
    await publishLists(t, [solmar]);

    const view = await checks.run(officer, { facts: { ...BOWL, originCountry: 'XS' }, photos: [] });
    expect(view.check.assessment.categories[0]).toMatchObject({ listSlug: 'solmar-demo', categoryId: 'painted-bowls' });
    const exportRule = view.check.assessment.rules.find((rule) => rule.rule === 'origin-export');
    expect(exportRule).toMatchObject({ applies: 'yes', exportRule: 'prohibited' });
    expect(reasonText(exportRule!.reasons[0]!, 'en', view.countries)).toBe('The law of Solmar Peninsula (fictional region) — XS prohibits the export of such objects.');
    expect(view.countries.get('XH')).toEqual(solmar.region.name);
    // Other unknown codes are still refused, naming the field.
    expect((await refusal(checks.run(officer, { facts: { originCountry: 'XS', destinationCountry: 'QQ' }, photos: [] }))).issues!.map((issue) => issue.field)).toEqual(['facts.destinationCountry']);
  });

  it('takes at most three photos', async () => {
    const photo = { source: await jpeg(400, 300), filename: 'side.jpg' };
    expect((await refusal(checks.run(officer, { facts: BOWL, photos: [photo, photo, photo, photo] }))).issues).toEqual([{ field: 'photo', message: 'at most 3' }]);
  });
});
