import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../roles.js';
import { pdfText } from '../../test-support/pdf-text.js';
import { jpeg } from '../../test-support/photo-images.js';
import { registryTokens, type RegistryTokens } from '../../test-support/registry.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { makeObject, plan, principalOf } from './evacuation.test-support.js';

let t: TestApp;
let tokens: RegistryTokens;
let louvre: Principal;

beforeAll(async () => {
  t = await createTestApp();
  tokens = await registryTokens(t);
  louvre = await principalOf(t, tokens.louvre);
  const plans: Array<[string, string, ReturnType<typeof plan>]> = [
    ['L-3', 'Stele (old) – “Nakht” \\ 1890', plan(2, 'B1-1-12')],
    ['L-1', 'Gold crown', plan(1, 'B2-10-1', { packing: ['crate', 'two-people'], handling: 'Gloves; hold by the base' })],
    ['L-2', 'Painted bowl', plan(1, 'B2-2-300-C-4', { packing: ['padded-box'], packingNote: 'tissue paper' })],
    ['L-4', 'Ἀμφορεύς with Greek title', plan(3, 'B1')],
    ['L-5', 'Unplanned jar', undefined as never],
  ];
  for (const [number, title, objectPlan] of plans) {
    const id = await makeObject(t, louvre, number, title);
    if (objectPlan) await t.context.evacuationPlans.set(louvre, id, objectPlan);
    if (number === 'L-1') await t.context.photos.addPhoto(louvre, id, await jpeg(), 'crown.jpg');
  }
}, 60_000);
afterAll(() => t.close());

async function list(principal: Principal, lang: 'en' | 'fr' = 'en'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await t.context.evacuationPlans.writeList(principal, sink, { lang, date: '7 December 2026' });
  return Buffer.concat(chunks);
}

describe('the evacuation list', () => {
  it('lists planned objects by priority, then building, floor, room, unit and shelf, with a summary and a dated header', async () => {
    const text = await pdfText(await list(louvre));
    expect(text).toContain('Evacuation list — Musée du Louvre');
    expect(text).toContain('7 December 2026 · Page 1');
    expect(text).toMatch(/Priority 1 \(first\): 2 Priority 2: 1 Priority 3: 1 Total: 4/);
    const order = ['L-2', 'L-1', 'L-3', 'L-4'].map((number) => text.indexOf(`${number} `));
    expect(order.every((at) => at > 0)).toBe(true);
    // Floor 2 before floor 10 in building B2, then priority 2, then 3.
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toContain('L-5');
    expect(text).toContain('B2-2-300-C-4');
    expect(text).toContain('Crate, Two people. Gloves; hold by the base');
    expect(text).toContain('Padded box, tissue paper');
    expect(text).toContain('Ἀμφορεύς with Greek title');
    // Set by hand in Helvetica: delimiters escaped, typographic marks in its encoding.
    expect(text).toContain('Stele (old) – “Nakht” \\ 1890');
  });

  it('embeds the thumbnail it made once and kept', async () => {
    const rows = await t.context.db.selectFrom('evacuation_thumbnails').select(['photo_id', 'jpeg']).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const pdf = await list(louvre);
    expect(pdf.includes(rows[0]!.jpeg.subarray(0, 64))).toBe(true);
  });

  it('is printed in the reader’s language', async () => {
    const text = await pdfText(await list(louvre, 'fr'));
    expect(text).toContain('Liste d’évacuation — Musée du Louvre');
    expect(text).toContain('Priorité 1 (en premier) : 2');
    expect(text).toContain('Caisse, Deux personnes');
  });

  it('is served to the museum’s registrars only, at /{lang}/evacuation/list.pdf', async () => {
    const get = (token?: string, query = '') => t.app.request(`/en/evacuation/list.pdf${query}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    const own = await get(tokens.louvre);
    expect([own.status, own.headers.get('Content-Type')]).toEqual([200, 'application/pdf']);
    expect(await pdfText(Buffer.from(await own.arrayBuffer()))).toContain('Gold crown');
    const other = await get(tokens.prado);
    expect(await pdfText(Buffer.from(await other.arrayBuffer()))).not.toContain('Gold crown');
    expect((await get(tokens.prado, '?organisation=louvre')).status).toBe(403);
    expect((await get(tokens.investigator)).status).toBe(403);
    expect((await get()).status).toBe(303);
    const admin = await get(tokens.admin, '?organisation=louvre');
    expect(await pdfText(Buffer.from(await admin.arrayBuffer()))).toContain('Gold crown');
  });
});
