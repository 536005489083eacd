import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { zipOf } from '../test-support/zip.js';
import { archiveImages, attachImages, folderImages, readCatalogue } from './catalogue.js';

describe('catalogues', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'egide-catalogue-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a dealer’s CSV by the names its columns go by, each broken row reported by its line', async () => {
    const csv = [
      'Lot;Titre;Artiste;Inventory number;Date;Pays;Dimensions;Valeur (EUR);Provenance;Estimate low;Images',
      '1;Portrait of a bearded man;Jan van Dijck;MU 1987.12 | K-554;c. 1650;nl;H 61 x W 50 cm;"12 000 €";Galerie X 1931;9000;',
      '2;Vase;;;;France;;;;;',
      '3;Jug;;;;;H 20 cm;lots;;;',
      '4;Bowl;;;;;;;;;bowl.jpg',
      '5;too few cells',
    ].join('\n');
    const path = join(dir, 'sale.csv');
    await writeFile(path, csv);
    const lots = await readCatalogue(path, 'csv', { lang: 'en' });
    expect(lots[0]).toEqual({
      position: 2,
      fields: {
        reference: '1',
        title: 'Portrait of a bearded man',
        maker: 'Jan van Dijck',
        inventoryNumbers: ['MU 1987.12', 'K-554'],
        dating: 'c. 1650',
        period: { from: 1640, to: 1660 },
        originCountry: 'NL',
        measurements: { height: 61, width: 50 },
        valueEur: 12_000,
        provenance: 'Galerie X 1931',
      },
    });
    expect(lots[1]!.fields).toEqual({ reference: '2', title: 'Vase' });
    expect(lots.slice(1).map((lot) => [lot.position, lot.error])).toEqual([
      [3, 'origin_country "France" is not an ISO 3166-1 code of two letters'],
      [4, 'value "lots" is not an amount in euros'],
      [5, undefined],
      [6, expect.stringContaining('2 cells where the header has 11')],
    ]);
  });

  it('refuses a CSV without a column to check a lot by', async () => {
    const path = join(dir, 'prices.csv');
    await writeFile(path, 'lot,estimate\n1,100\n');
    await expect(readCatalogue(path, 'csv', { lang: 'en' })).rejects.toBeInstanceOf(DomainError);
  });

  it('reads any import format Egide maps, record by record', async () => {
    const path = join(dir, 'catalogue.jsonl');
    await writeFile(path, [JSON.stringify({ inventoryNumber: 'A-1', title: { fr: 'Vase aux pivoines' }, makers: [{ name: 'Kim' }], measurements: [{ dimension: 'height', value: 312, unit: 'mm' }] }), '{not json', JSON.stringify({ subject: {} })].join('\n'));
    const lots = await readCatalogue(path, 'jsonl', { lang: 'fr' });
    expect(lots[0]).toEqual({ position: 1, fields: { title: 'Vase aux pivoines', maker: 'Kim', inventoryNumbers: ['A-1'], measurements: { height: 31.2 } } });
    expect(lots[1]).toMatchObject({ position: 2, error: expect.any(String) as string });
    expect(lots[2]).toMatchObject({ position: 3, error: expect.stringContaining('none of the fields') as string });
  });

  it('gives each lot the photos its row names, or those named after its number or reference, from a folder or a ZIP archive', async () => {
    const folder = join(dir, 'images');
    await mkdir(join(folder, 'sub'), { recursive: true });
    for (const name of ['MU-1987-12.jpg', 'MU 1987 12_2.jpg', 'sub/bowl.JPG', 'lot-3.png', 'notes.txt']) await writeFile(join(folder, name), name);
    const lots = [
      { position: 2, fields: { reference: '1', inventoryNumbers: ['MU 1987.12'] } },
      { position: 3, fields: { title: 'Bowl', images: ['bowl.jpg'] } },
      { position: 4, fields: { reference: '3' } },
      { position: 5, fields: { title: 'Cup', images: ['cup.jpg'] } },
      { position: 6, error: 'broken' },
    ];
    const names = (images: ReadonlyArray<{ name: string }> | undefined) => images?.map((image) => image.name);
    const fromFolder = attachImages(lots, await folderImages(folder));
    expect(fromFolder.map((lot) => names(lot.photos))).toEqual([['MU 1987 12_2.jpg', 'MU-1987-12.jpg'], ['bowl.JPG'], ['lot-3.png'], undefined, undefined]);
    expect(fromFolder[3]!.error).toBe('image not found: cup.jpg');
    expect(await fromFolder[1]!.photos![0]!.read()).toEqual(Buffer.from('sub/bowl.JPG'));

    const archive = zipOf([{ name: 'photos/MU-1987-12.jpg', bytes: Buffer.from('a') }, { name: 'photos/readme.txt', bytes: Buffer.from('b') }]);
    const fromArchive = attachImages(lots, archiveImages(archive));
    expect(names(fromArchive[0]!.photos)).toEqual(['MU-1987-12.jpg']);
    expect(() => archiveImages(Buffer.from('not an archive'))).toThrow(DomainError);
  });
});
