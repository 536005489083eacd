import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../roles.js';
import { painting, rephotographed } from '../../test-support/identify-images.js';
import { registryTokens, type RegistryTokens } from '../../test-support/registry.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { isSubscriptionAlert } from '../../notifications/subscription-alerts.js';

/** Each test describes real photos on the describe pool: seconds alone, much more on a loaded machine. */
const PHOTO_TEST_MS = 120_000;

describe('image watches: a dealer learns that an object it holds was just reported', () => {
  let t: TestApp;
  let tokens: RegistryTokens;
  let dealer: Principal;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const json = (token: string, body: unknown) => ({ method: 'POST', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  /** A painting of the Louvre with its photo indexed; its id. */
  async function louvrePainting(n: number): Promise<string> {
    const created = await t.app.request('/api/v1/objects', json(tokens.louvre, { description: { inventoryNumber: `L-${n}`, title: { en: `Painting ${n}` }, objectType: [{ label: { en: 'paintings' } }] } }));
    const { id } = (await created.json()) as { id: string };
    const form = new FormData();
    form.append('photo', new File([new Uint8Array(await painting(n))], `${n}.jpg`));
    expect((await t.app.request(`/api/v1/objects/${id}/photos`, { method: 'POST', headers: bearer(tokens.louvre), body: form })).status).toBe(201);
    await t.context.indexingQueue.drain();
    return id;
  }

  const report = async (id: string, publish: boolean) => expect((await t.app.request(`/api/v1/objects/${id}/incidents`, json(tokens.louvre, { method: 'theft', reporter: 'Head of security', publish }))).status).toBe(201);

  /** Dispatches the alerts and delivers what they queued; the in-app alerts the dealer has. */
  async function dealerInbox() {
    await t.context.alerts.dispatcher.dispatchPending();
    await t.context.alerts.outbox.drain();
    return (await t.context.alerts.subscriptions.inbox(dealer, 50, 0, 'en')).items.filter(isSubscriptionAlert);
  }

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await registryTokens(t);
    await t.context.organisations.ensure('gallery', 'A gallery', 'partner');
    dealer = (await t.context.accounts.principalFromApiToken(await t.token('registrar', 'gallery')))!;
  }, 60_000);
  afterAll(() => t.close());

  it('notifies the watch’s owner with the stock photo found and its score, for published alerts only', async () => {
    const watches = t.context.imageWatches;
    const watch = await watches.create(dealer, { label: 'Spring stock', channels: { inApp: true, email: 'off', webhookId: null }, lang: 'en' });
    const added = await watches.addPhotos(dealer, watch.id, [
      { source: await rephotographed(await painting(0)), label: 'stock-0.jpg' },
      { source: await rephotographed(await painting(1)), label: 'stock-1.jpg' },
    ]);
    expect(added.refused).toEqual([]);
    expect((await watches.list(dealer)).map(({ subscription, photoCount }) => [subscription.label, photoCount])).toEqual([['Spring stock', 2]]);

    const unpublished = await louvrePainting(0);
    await report(unpublished, false);
    const stolen = await louvrePainting(1);
    const unrelated = await louvrePainting(2);
    await report(unrelated, true);
    expect(await dealerInbox()).toEqual([]);

    await report(stolen, true);
    const inbox = await dealerInbox();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ objectId: stolen, status: 'stolen', subscriptionLabel: 'Spring stock' });
    // The stock photo found, shown with its thumbnail and a line with its verdict and score.
    expect(inbox[0]!.evidence).toEqual([{ label: 'stock-1.jpg', thumbnailPath: `/media/watches/${watch.id}/photos/${added.added[1]!.id}`, score: expect.any(Number), line: expect.stringMatching(/^stock-1\.jpg: match, score \d+/) }]);
    expect(inbox[0]!.evidence![0]!.score).toBeGreaterThanOrEqual(0.5);
    // Dispatching again delivers nothing twice.
    expect(await dealerInbox()).toHaveLength(1);
  }, PHOTO_TEST_MS);

  it('forgets the photos of a watch deleted as a subscription when an alert finds them', async () => {
    const watch = await t.context.imageWatches.create(dealer, { label: 'Old stock', channels: { inApp: true, email: 'off', webhookId: null }, lang: 'en' });
    await t.context.imageWatches.addPhotos(dealer, watch.id, [{ source: await painting(3), label: 'old-3.jpg' }]);
    await t.context.alerts.subscriptions.delete(dealer, watch.id);
    const before = (await dealerInbox()).length;
    await report(await louvrePainting(3), true);
    expect(await dealerInbox()).toHaveLength(before);
    expect(await t.context.watchedPhotos.list({ kind: 'image-watch', ownerId: watch.id })).toEqual([]);
  }, PHOTO_TEST_MS);

  it('ends a watch with its photos, and shows each watch to its owner only', async () => {
    const watches = t.context.imageWatches;
    const watch = await watches.create(dealer, { label: 'Autumn stock', channels: { inApp: true, email: 'off', webhookId: null }, lang: 'fr' });
    const { added } = await watches.addPhotos(dealer, watch.id, [{ source: await painting(4), label: 'a.jpg' }, { source: await painting(5), label: 'b.jpg' }]);
    const other = (await t.context.accounts.principalFromApiToken(tokens.prado))!;
    await expect(watches.get(other, watch.id)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(watches.thumbnail(other, watch.id, added[0]!.id)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(watches.addPhotos(other, watch.id, [])).rejects.toMatchObject({ kind: 'not-found' });

    await watches.removePhoto(dealer, watch.id, added[0]!.id);
    await expect(watches.removePhoto(dealer, watch.id, added[0]!.id)).rejects.toMatchObject({ kind: 'not-found' });
    expect((await watches.get(dealer, watch.id)).photos.map((photo) => photo.label)).toEqual(['b.jpg']);
    await watches.delete(dealer, watch.id);
    await expect(watches.get(dealer, watch.id)).rejects.toMatchObject({ kind: 'not-found' });
    expect(await t.context.watchedPhotos.list({ kind: 'image-watch', ownerId: watch.id })).toEqual([]);
  }, PHOTO_TEST_MS);
});
