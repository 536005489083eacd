import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../roles.js';
import { painting, rephotographed, unregisteredPainting } from '../test-support/identify-images.js';
import { expectDomainError } from '../test-support/domain-errors.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { CreateObjectSchema } from '../registry/object.schemas.js';
import { levantList, publishLists } from '../redlists/red-list-public.test-support.js';
import type { DueDiligenceService } from './due-diligence.service.js';

describe('DueDiligenceService', () => {
  let t: TestApp;
  let checks: DueDiligenceService;
  let dealer: Principal;
  let colleague: Principal;
  let otherDealer: Principal;
  let admin: Principal;
  let stolenId: string;

  beforeAll(async () => {
    t = await createTestApp();
    checks = t.context.dueDiligence;
    await t.context.organisations.ensure('galerie', 'Galerie Dupont', 'partner');
    await t.context.organisations.ensure('maison', 'Maison de ventes', 'partner');
    await t.context.organisations.ensure('musee', 'Musée', 'museum');
    dealer = await t.context.accounts.addPerson({ email: 'dealer@galerie.test', displayName: 'Dealer Dupont', password: 'a long enough password', organisationSlug: 'galerie', role: 'registrar' });
    colleague = await t.context.accounts.addPerson({ email: 'colleague@galerie.test', displayName: 'Colleague', password: 'a long enough password', organisationSlug: 'galerie', role: 'registrar' });
    otherDealer = await t.context.accounts.servicePrincipal('maison', 'registrar');
    admin = await t.context.accounts.servicePrincipal('secretariat', 'admin');
    const museum = await t.context.accounts.servicePrincipal('musee', 'registrar');
    const object = await t.context.objects.create(
      museum,
      CreateObjectSchema.parse({
        description: {
          inventoryNumber: 'MU 1987.12',
          title: { en: 'Portrait of a bearded man', fr: 'Portrait d’un homme barbu' },
          objectType: [{ label: { en: 'paintings' } }],
          makers: [{ name: 'Jan van Dijck' }],
          measurements: [{ dimension: 'height', value: 61, unit: 'cm' }, { dimension: 'width', value: 50, unit: 'cm' }],
        },
      }),
    );
    stolenId = object.id;
    await t.context.photos.addPhoto(museum, object.id, await painting(0), 'portrait.jpg');
    await t.context.objects.reportIncident(museum, object.id, { method: 'theft', reporter: 'Registrar', publish: true });
    await t.context.indexingQueue.drain();
    await publishLists(t, [levantList()]);
  }, 120_000);
  afterAll(() => t.close());

  it('screens a catalogue in the background: a match by number and text, one by photo, a clean lot, and a broken row reported', async () => {
    const submitted = await checks.submit(dealer, {
      source: 'csv',
      filename: 'sale-42.csv',
      lots: [
        { position: 2, fields: { reference: 'Lot 1', title: 'Portrait of a bearded man', maker: 'van Dijck', inventoryNumbers: ['inv. MU-1987-12'], measurements: { height: 60.5, width: 50 } } },
        { position: 3, fields: { reference: 'Lot 2', title: 'Study of a head' }, photos: [{ name: 'lot2.jpg', read: async () => rephotographed(await painting(0)) }] },
        { position: 4, fields: { reference: 'Lot 3', title: 'Still life with lemons', provenance: 'Galerie X, Paris, 1931; private collection 1938–1990; sale 2010', period: { from: 1650, to: 1660 } }, photos: [{ name: 'lot3.jpg', read: unregisteredPainting }] },
        { position: 5, error: '3 cells where the header has 5' },
      ],
    });
    expect(submitted).toMatchObject({ state: 'queued', organisation: { slug: 'galerie' }, requestedBy: { name: 'Dealer Dupont' }, progress: { total: 4, screened: 0, broken: 1 } });
    // The submission is in the audit trail with the catalogue's name and its number of lots.
    const audited = await t.context.audit.list({ targetId: submitted.id }, 50, 0);
    expect(audited.items).toEqual([expect.objectContaining({ action: 'due-diligence.check', actor_user_id: dealer.userId, target_type: 'due-diligence-check' })]);
    expect(JSON.parse(audited.items[0]!.details)).toEqual({ source: 'csv', catalogue: 'sale-42.csv', lots: 4 });

    const seen: number[] = [];
    const done = await checks.runNext({ checkId: submitted.id, onProgress: (check) => seen.push(check.progress.screened) });
    // Told after each lot (two are screened at a time, so two may report the same count).
    expect(seen).toHaveLength(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(3);
    expect(done).toMatchObject({ state: 'done', progress: { total: 4, screened: 3, broken: 1, outcomes: { match: 2, possible: 0, 'no-match': 1 } } });
    expect(done?.registryState).toMatchObject({ objects: 1, alerts: 1, photos: 1 });
    expect(done?.registryState?.version).toMatch(/^history-\d+$/);

    const { lots } = await checks.get(colleague, submitted.id);
    const [byText, byPhoto, clean, broken] = lots;
    expect(byText).toMatchObject({ state: 'done', outcome: 'match' });
    expect(byText!.evidence!.text[0]).toMatchObject({ objectId: stolenId, verdict: 'match', status: 'stolen' });
    expect(byText!.evidence!.text[0]!.rules.map((hit) => hit.rule)).toEqual(['inventory-number', 'title', 'maker', 'measurements']);
    expect(byPhoto).toMatchObject({ outcome: 'match', evidence: { photos: [expect.objectContaining({ objectId: stolenId, verdict: 'match', photo: 'lot2.jpg' })] } });
    expect(clean).toMatchObject({ outcome: 'no-match', evidence: { text: [], photos: [], provenance: [] } });
    expect(clean!.evidence!.thresholds.map((threshold) => threshold.rule)).toContain('eu-importer-statement');
    expect(broken).toMatchObject({ state: 'broken', position: 5, error: '3 cells where the header has 5', outcome: null });

    const sharp = (await import('sharp')).default;
    expect((await sharp(await checks.evidence(colleague, submitted.id, byPhoto!.id, stolenId)).metadata()).format).toBe('jpeg');
    expect((await checks.photo(colleague, submitted.id, byPhoto!.id, 1)).name).toBe('lot2.jpg');

    const certifiable = await checks.certifiableLot(dealer, submitted.id, clean!.id);
    expect(certifiable).toMatchObject({ checkId: submitted.id, lotId: clean!.id, outcome: 'no-match', fields: { reference: 'Lot 3' }, by: { name: 'Dealer Dupont', organisation: { slug: 'galerie' } } });
    expect(certifiable.scopes).toEqual(['registry-text', 'registry-photos', 'red-lists', 'eu-import-thresholds', 'provenance']);
    expect(certifiable.photos[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(certifiable.registry).toEqual(done!.registryState);
    await expectDomainError(checks.certifiableLot(dealer, submitted.id, broken!.id), 'invalid');
  }, 120_000);

  it('finds a Red List category for a lot described like one: a possible match', async () => {
    const submitted = await checks.submit(dealer, { source: 'form', lots: [{ position: 1, fields: { title: 'Painted bowl', objectType: 'painted bowl', material: 'ceramic', period: { from: -700, to: -400 }, originCountry: 'LB' } }] });
    await checks.runNext({ checkId: submitted.id });
    const [lot] = (await checks.get(dealer, submitted.id)).lots;
    expect(lot?.outcome).toBe('possible');
    expect(lot?.evidence?.categories[0]).toMatchObject({ listSlug: 'levant-demo', categoryId: 'painted-bowls' });
    expect(lot!.evidence!.thresholds).toEqual([{ rule: 'eu-import-licence', applies: 'yes' }]);
  });

  it('is seen by its organisation and admins only; a check needs a signed-in caller and at least one lot', async () => {
    const submitted = await checks.submit(dealer, { source: 'form', lots: [{ position: 1, fields: { title: 'A chair' } }] });
    expect((await checks.get(admin, submitted.id)).check.id).toBe(submitted.id);
    for (const stranger of [otherDealer, null]) await expectDomainError(checks.get(stranger, submitted.id), 'not-found');
    expect((await checks.list(otherDealer)).items.map((item) => item.id)).not.toContain(submitted.id);
    expect((await checks.list(colleague)).items.map((item) => item.id)).toContain(submitted.id);
    await expectDomainError(checks.submit(null, { source: 'form', lots: [{ position: 1, fields: {} }] }), 'unauthorized');
    await expectDomainError(checks.submit(dealer, { source: 'csv', lots: [] }), 'invalid');
  });

  it('reports a lot whose file is not a photo, and takes over a check whose runner was killed', async () => {
    const submitted = await checks.submit(dealer, { source: 'csv', lots: [{ position: 2, fields: { title: 'Vase' }, photos: [{ name: 'notes.txt', read: async () => Buffer.from('hello') }] }, { position: 3, fields: { title: 'Jug' } }] });
    expect(submitted.progress).toMatchObject({ total: 2, broken: 1 });
    // A runner claims it and dies without screening: the lease keeps others off until it expires.
    const repository = (checks as unknown as { parts: { checks: { claim(now: Date, ms: number, id?: string): Promise<unknown> } } }).parts.checks;
    expect(await repository.claim(new Date(), 60_000, submitted.id)).toBeDefined();
    expect(await checks.runNext({ checkId: submitted.id })).toBeUndefined();
    await repository.claim(new Date(Date.now() - 120_000), 60_000, submitted.id).then((again) => expect(again).toBeUndefined());
    const later = new Date(Date.now() + 61_000);
    expect(await repository.claim(later, 60_000, submitted.id)).toMatchObject({ id: submitted.id, principal: { userId: dealer.userId } });
  });
});
