import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvColumn } from './import/csv-format.js';
import { mapCsvRow } from './import/csv-mapper.js';
import { emptyDescription } from '../registry/object-record.js';
import { FolderPhotoStore } from '../registry/photos/folder-photo-store.js';
import { PhotoStorage } from '../registry/photos/photo-storage.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { ExportRepository } from './export.repository.js';
import { Links } from './exportable-object.js';
import { exportObjects, type ExportOptions } from './object-export.js';
import { fullDescription } from './testing/fixtures.js';
import { validateLinkedArt } from './testing/linked-art-schema.js';
import { seedObjects } from './testing/seed.js';
import { LIDO_XSD } from './testing/standards.js';
import { validateAgainst, xpath } from './testing/xmllint.js';

let t: TestApp;
let repository: ExportRepository;
let louvreId: number;
const links = new Links('https://egide.example.org');
const SECRET = 'Reserve B, shelf 4';

/** A stream that takes its time, so that the exporter has to wait for `drain`. */
class SlowSink extends Writable {
  chunks: string[] = [];
  constructor() {
    super({ highWaterMark: 16 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void) {
    this.chunks.push(chunk.toString('utf8'));
    setImmediate(callback);
  }
  get text() {
    return this.chunks.join('');
  }
}

async function run(options: Partial<ExportOptions> & Pick<ExportOptions, 'format'>) {
  const sink = new SlowSink();
  const progress: Array<[number, number]> = [];
  const summary = await exportObjects(repository, sink, { audience: 'administrative', links, batchSize: 4, onProgress: (done, total) => progress.push([done, total]), ...options });
  return { text: sink.text, summary, progress };
}

beforeAll(async () => {
  t = await createTestApp();
  repository = new ExportRepository(t.context.db);
  const [louvreFirst] = await seedObjects(t, 'louvre', [
    { description: { ...fullDescription(), inventoryNumber: 'L-FULL' }, sensitive: { storageLocation: SECRET }, published: true },
    ...Array.from({ length: 9 }, (_, i) => ({ description: { ...emptyDescription(`L-${i}`), title: { fr: `Objet ${i}` } }, sensitive: { storageLocation: SECRET } })),
  ]);
  await seedObjects(t, 'prado', [{ description: { ...emptyDescription('P-1'), title: { es: 'Obra' } } }]);
  louvreId = (await repository.organisationId('louvre'))!;

  // One stored photo for the full record, as the photo store keeps it.
  const storage = new PhotoStorage(new FolderPhotoStore(join(t.dataDir, 'photos')));
  const seq = (await t.context.db.selectFrom('objects').select('seq').where('id', '=', louvreFirst!).executeTakeFirstOrThrow()).seq;
  const paths = storage.relativePaths('ph0t0000000000a1', 'jpg');
  await storage.store.put(paths.original, Buffer.from('jpeg bytes'));
  await t.context.db
    .insertInto('object_photos')
    .values({ id: 'ph0t0000000000a1', object_seq: seq, position: 0, file: paths.original, mime: 'image/jpeg', width: 800, height: 600, bytes: 10, sha256: 'x', caption: 'Front', created_at: new Date().toISOString(), created_by: null })
    .execute();
});
afterAll(() => t.close());

describe('egide export: whole exports, streamed', () => {
  it('LIDO: one lidoWrap of every object of the organisation, valid, without sensitive fields', async () => {
    const { text, summary, progress } = await run({ format: 'lido', organisationId: louvreId });
    expect(summary.objects).toBe(10);
    expect(validateAgainst(LIDO_XSD(), text).ok).toBe(true);
    expect(Number(xpath(text, "count(/*[local-name()='lidoWrap']/*[local-name()='lido'])"))).toBe(10);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('https://egide.example.org/media/photos/ph0t0000000000a1/original');
    // Progress: the total first, then after each batch of 4.
    expect(progress).toEqual([[0, 10], [4, 10], [8, 10], [10, 10]]);
  });

  it('every organisation when none is given (administrative: private objects too)', async () => {
    const { summary } = await run({ format: 'lido' });
    expect(summary.objects).toBe(11);
  });

  it('the public audience sees only the alert list', async () => {
    const { summary } = await run({ format: 'lido', audience: { principal: null } });
    expect(summary.objects).toBe(1);
  });

  it('Linked Art: one valid JSON-LD document per line', async () => {
    const { text } = await run({ format: 'linked-art', organisationId: louvreId });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(validateLinkedArt(JSON.parse(line)).errors).toEqual([]);
    expect(text).not.toContain(SECRET);
  });

  describe('CSV', () => {
    let folder: string;
    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), 'egide-export-'));
    });
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('writes the import’s columns and copies the photos beside the file, so that the import reads it back', async () => {
      const photosDir = join(folder, 'louvre-images');
      const storage = new PhotoStorage(new FolderPhotoStore(join(t.dataDir, 'photos')));
      const { text, summary } = await run({ format: 'csv', organisationId: louvreId, lang: 'en', photos: { dir: photosDir, relative: 'louvre-images', read: (file) => storage.read(file) } });
      expect(summary).toMatchObject({ objects: 10, photosCopied: 1, photoProblems: [] });
      const fullId = (await t.context.db.selectFrom('objects').select('id').where('inventory_number', '=', 'L-FULL').executeTakeFirstOrThrow()).id;
      expect(existsSync(join(photosDir, `${fullId}-1.jpg`))).toBe(true);
      const rows = parse(text, { columns: true, bom: true }) as Array<Partial<Record<CsvColumn, string>>>;
      expect(rows).toHaveLength(10);
      const mapped = rows.map((row) => mapCsvRow(row, { lang: 'en', folder }));
      const full = mapped.find((m) => (m.description as { inventoryNumber: string }).inventoryNumber === 'L-FULL')!;
      expect(full.images?.map((i) => i.name)).toEqual([`louvre-images/${fullId}-1.jpg`]);
      expect((full.description as { title: unknown }).title).toEqual(fullDescription().title);
      expect(text).not.toContain(SECRET);
    });

    it('reports photos whose file is missing, and still exports the object', async () => {
      const { summary, text } = await run({ format: 'csv', organisationId: louvreId, photos: { dir: join(folder, 'x'), relative: 'x', read: () => new PhotoStorage(new FolderPhotoStore(folder)).read('missing.jpg') } });
      expect(summary.objects).toBe(10);
      expect(summary.photoProblems).toEqual([expect.stringMatching(/^ph0t0000000000a1: .*missing\.jpg is missing/)]);
      expect(text.split('\r\n').filter(Boolean)).toHaveLength(11);
    });
  });
});
