import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html, location, makeObject, report, signedIn, type Person } from '../../registry/pages.test-support.js';
import { painting, rephotographed } from '../../test-support/identify-images.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let museum: Person;
let dealer: Person;

beforeAll(async () => {
  t = await createTestApp();
  museum = await signedIn(t, 'registrar', 'musee-flow');
  dealer = await signedIn(t, 'registrar', 'galerie-flow');
});
afterAll(() => t.close());

describe('a certified lot watched by photo', () => {
  it('is certified from its check’s page, then revoked when the museum reports the object its photo shows', async () => {
    // The museum's painting, photographed and indexed; not on alert, so the dealer's check cannot see it.
    const object = await makeObject(t, museum, { inventoryNumber: 'MF-1', title: { en: 'River landscape at dusk' }, makers: [{ name: 'Jan van Goyen' }] });
    await t.context.photos.addPhoto(museum.principal, object.id, await painting(7), 'mf-1.jpg');
    await t.context.indexingQueue.drain();

    const stock = await rephotographed(await painting(7));
    const check = await t.context.dueDiligence.submit(dealer.principal, { source: 'form', lots: [{ position: 1, fields: { reference: 'Lot 4', title: 'Dutch landscape' }, photos: [{ name: 'lot-4.jpg', read: async () => stock }] }] });
    await t.context.dueDiligence.runNext({ checkId: check.id });
    const { lots } = await t.context.dueDiligence.get(dealer.principal, check.id);
    expect(lots.map((lot) => lot.outcome)).toEqual(['no-match']);
    const lotId = lots[0]!.id;

    const form = await html(dealer.browser.get(`/en/due-diligence/${check.id}/lots/${lotId}/certificate`));
    expect(form).toContain('name="watch"');
    const issued = await dealer.browser.post(`/en/due-diligence/${check.id}/lots/${lotId}/certificate`, { _csrf: dealer.browser.csrf(), watch: 'on' });
    const path = location(issued);
    const id = /^\/en\/certificates\/(\w+)$/.exec(path)?.[1];
    expect(id).toBeDefined();
    expect(await t.context.watchedPhotos.list({ kind: 'certificate', ownerId: id! })).toHaveLength(1);
    expect(await html(dealer.browser.get(path))).toContain('data-status="valid"');

    await report(t, museum, object.id, true);
    await t.context.alerts.dispatcher.dispatchPending();

    const page = await html(dealer.browser.get(path));
    expect(page).toContain('data-status="revoked"');
    expect(page).toContain('data-match="photo"');
    expect(page).toContain('lot-4.jpg');
    expect((await t.context.certificates.get(dealer.principal, id!)).matches).toEqual([expect.objectContaining({ objectId: object.id, kind: 'photo' })]);
    // Revoked, its photos leave the watch.
    expect(await t.context.watchedPhotos.list({ kind: 'certificate', ownerId: id! })).toEqual([]);
  }, 120_000);
});
