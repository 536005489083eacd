import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgide } from '../test-support/cli.js';
import { startEgideServer, type EgideServer } from '../test-support/egide-server.js';
import { painting } from '../test-support/identify-images.js';
import { apiOf, createApiObjects, museumRegistrarToken, startWriteLoad } from '../test-support/write-load.js';

/**
 * An import into the data folder of a running server that is itself writing: API edits, photo
 * uploads and its indexing queue (which also indexes the photos being imported). Before write
 * transactions started as writers, most such imports died with SQLITE_BUSY_SNAPSHOT.
 */
const ROWS = 300;
const IMAGES = 24;
const EDITED_OBJECTS = 6;

const dir = mkdtempSync(join(tmpdir(), 'egide-import-while-serving-'));
const dataDir = join(dir, 'data');
let token: string;
let server: EgideServer;

const api = apiOf(() => server, () => token);

beforeAll(async () => {
  token = await museumRegistrarToken(dataDir, 'busy-museum', 'Busy museum');
  const images = join(dir, 'images');
  mkdirSync(images);
  for (let n = 0; n < IMAGES; n++) writeFileSync(join(images, `${n}.jpg`), await smallPainting(n));
  const rows = Array.from({ length: ROWS }, (_, n) => `IMP-${n},Imported object ${n},paintings,${n < IMAGES ? `images/${n}.jpg` : ''}`);
  writeFileSync(join(dir, 'objects.csv'), `inventory_number,title,object_type,images\n${rows.join('\n')}\n`);
  server = await startEgideServer(dataDir);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('egide import while a server writes to the same data folder', () => {
  it('runs to the end twice with the same results, and loses none of the server’s writes', async () => {
    const load = startWriteLoad(api, await createApiObjects(api, EDITED_OBJECTS, 'API', (n) => `API object ${n}`), {
      uploadEvery: 8,
      photo: (round) => smallPainting(IMAGES + (round % 20)),
    });
    const first = await runEgide(['import', '--format', 'csv', '--org', 'busy-museum', join(dir, 'objects.csv'), '--data', dataDir]);
    const second = await runEgide(['import', '--format', 'csv', '--org', 'busy-museum', join(dir, 'objects.csv'), '--data', dataDir]);
    const { titles, uploads, failures } = await load.stop();

    expect(first.stderr).not.toMatch(/SQLITE_BUSY|busy/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^created ${ROWS}, updated 0, unchanged 0\\b.*failed 0$`, 'm'));
    expect(first.stdout).toContain(`images: attached ${IMAGES}, already attached 0, failed 0`);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`^created 0, updated 0, unchanged ${ROWS}\\b.*failed 0$`, 'm'));
    expect(second.stdout).toContain(`images: attached 0, already attached ${IMAGES}, failed 0`);

    // The load really ran alongside, and every write the server acknowledged is there.
    expect(failures).toEqual([]);
    expect(titles.size).toBe(EDITED_OBJECTS);
    expect(uploads.size).toBeGreaterThan(0);
    for (const [id, title] of titles) {
      const object = (await (await api(`/objects/${id}`)).json()) as { description: { title: { en: string } }; photos?: unknown[] };
      expect(object.description.title.en).toBe(title);
    }
    for (const [id, count] of uploads) {
      const object = (await (await api(`/objects/${id}`)).json()) as { photos: unknown[] };
      expect(object.photos).toHaveLength(count);
    }
    expect(server.errors).toEqual([]);
  }, 120_000);
});

/** The n-th of distinct small photos (the test images hold 9 paintings: each comes in several sizes). */
async function smallPainting(n: number): Promise<Buffer> {
  return sharp(await painting(n % 9)).resize({ width: 300 + 4 * n }).jpeg({ quality: 85 }).toBuffer();
}
