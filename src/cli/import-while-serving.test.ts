import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgide } from '../test-support/cli.js';
import { startEgideServer, type EgideServer } from '../test-support/egide-server.js';
import { painting } from '../test-support/identify-images.js';
import { createTestApp } from '../test-support/test-app.js';

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

beforeAll(async () => {
  const t = await createTestApp(dataDir);
  await t.context.organisations.ensure('busy-museum', 'Busy museum', 'museum');
  token = await t.token('registrar', 'busy-museum');
  await t.close();
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
    const load = writeLoad(await createApiObjects());
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

function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(`/api/v1${path}`, server.url), { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
}

async function createApiObjects(): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < EDITED_OBJECTS; n++) {
    const response = await api('/objects', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: { inventoryNumber: `API-${n}`, title: { en: `API object ${n}` }, objectType: [{ label: { en: 'paintings' } }] } }),
    });
    expect(response.status).toBe(201);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

/**
 * Edits the objects in turn (read, then PATCH with If-Match) and now and then uploads a photo,
 * which the server queues and indexes, until stopped. Keeps what the server acknowledged.
 */
function writeLoad(ids: string[]) {
  const titles = new Map<string, string>();
  const uploads = new Map<string, number>();
  const failures: string[] = [];
  let stopping = false;
  const running = (async () => {
    for (let round = 0; !stopping; round++) {
      const id = ids[round % ids.length]!;
      const read = await api(`/objects/${id}`);
      const title = `edited ${round}`;
      const edit = await api(`/objects/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': read.headers.get('ETag') ?? '' },
        body: JSON.stringify({ description: { title: { en: title } } }),
      });
      if (edit.status === 200) titles.set(id, title);
      else failures.push(`PATCH ${edit.status}: ${await edit.text()}`);
      if (round % 8 === 0) {
        const form = new FormData();
        form.set('photo', new Blob([new Uint8Array(await smallPainting(IMAGES + (round % 20)))], { type: 'image/jpeg' }), 'field.jpg');
        const upload = await api(`/objects/${id}/photos`, { method: 'POST', body: form });
        if (upload.status === 201) uploads.set(id, (uploads.get(id) ?? 0) + 1);
        else failures.push(`upload ${upload.status}: ${await upload.text()}`);
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      await running;
      return { titles, uploads, failures };
    },
  };
}
