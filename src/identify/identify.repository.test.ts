import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../roles.js';
import { painting } from '../test-support/identify-images.js';
import { registryTokens, type RegistryTokens } from '../test-support/registry.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('photos each caller may identify against', () => {
  let t: TestApp;
  let tokens: RegistryTokens;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const json = (token: string, method: string, body: unknown) => ({ method, headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  /** A painting of the museum behind `token`, with an indexed photo: its object id and index slot. */
  async function indexedPainting(token: string, n: number): Promise<{ id: string; seq: number }> {
    const created = await t.app.request('/api/v1/objects', json(token, 'POST', { description: { inventoryNumber: `INV-${n}`, title: { en: `Painting ${n}` } } }));
    const { id } = (await created.json()) as { id: string };
    const form = new FormData();
    form.append('photo', new File([new Uint8Array(await painting(n))], `${n}.jpg`));
    expect((await t.app.request(`/api/v1/objects/${id}/photos`, { method: 'POST', headers: bearer(token), body: form })).status).toBe(201);
    await t.context.indexingQueue.runOnce();
    const row = await t.context.db
      .selectFrom('identify_images')
      .innerJoin('object_photos', 'object_photos.id', 'identify_images.photo_id')
      .innerJoin('objects', 'objects.seq', 'object_photos.object_seq')
      .select('identify_images.seq')
      .where('objects.id', '=', id)
      .executeTakeFirstOrThrow();
    return { id, seq: row.seq };
  }

  const principal = async (token: string): Promise<Principal> => (await t.context.accounts.principalFromApiToken(token))!;
  const version = async () => (await t.context.db.selectFrom('identify_visibility').select('version').executeTakeFirstOrThrow()).version;

  beforeEach(async () => {
    t = await createTestApp();
    tokens = await registryTokens(t);
  });
  afterEach(() => t.close());

  it('are read once per change that could alter them, whatever made the change', async () => {
    const repository = t.context.identifyRepository;
    const louvre = await indexedPainting(tokens.louvre, 0);
    const prado = await indexedPainting(tokens.prado, 1);
    const registrar = await principal(tokens.louvre);

    const first = await repository.visibleSeqs(registrar);
    expect([...first!]).toEqual([louvre.seq]);
    expect(await repository.visibleSeqs(registrar)).toBe(first); // nothing changed: the list is not read again
    expect(await repository.visibleSeqs(null)).toEqual(new Set());
    expect(await repository.visibleSeqs(await principal(tokens.admin))).toBeUndefined();

    // Changing anything else of an object (here its last change date) changes nobody's view.
    const before = await version();
    await t.context.db.updateTable('objects').set({ updated_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', prado.id).execute();
    expect(await version()).toBe(before);

    // The Prado's painting put on the public alert list: the Louvre's registrar and the public now see it.
    const published = await t.app.request(`/api/v1/objects/${prado.id}/incidents`, json(tokens.prado, 'POST', { method: 'theft', reporter: 'Head of security', publish: true }));
    expect(published.status).toBe(201);
    expect(await version()).toBeGreaterThan(before);
    expect(await repository.visibleSeqs(registrar)).toEqual(new Set([louvre.seq, prado.seq]));
    expect(await repository.visibleSeqs(null)).toEqual(new Set([prado.seq]));

    // A photo indexed by another process, and one deleted by SQL, are seen too.
    const third = await indexedPainting(tokens.louvre, 2);
    expect(await repository.visibleSeqs(registrar)).toEqual(new Set([louvre.seq, prado.seq, third.seq]));
    await t.context.db.deleteFrom('identify_images').where('seq', '=', louvre.seq).execute();
    expect(await repository.visibleSeqs(registrar)).toEqual(new Set([prado.seq, third.seq]));
  });
});
