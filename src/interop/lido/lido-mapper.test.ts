import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { imageFolder } from '../import/import-images.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { ObjectDescriptionSchema } from '../../registry/object.schemas.js';
import { antiquityObject, fullObject, links, minimalObject, paintingObject } from '../testing/fixtures.js';
import { standardsPath } from '../testing/standards.js';
import { mapLidoRecord, type LidoMapOptions } from './lido-mapper.js';
import { readLidoRecords, type LidoRecord } from './lido-reader.js';
import { lidoWrapDocument } from './lido-writer.js';

const NS = 'xmlns:lido="http://www.lido-schema.org"';

async function records(input: NodeJS.ReadableStream): Promise<LidoRecord[]> {
  const out: LidoRecord[] = [];
  for await (const item of readLidoRecords(input)) {
    if ('error' in item) throw new Error(item.error);
    out.push(item.record);
  }
  return out;
}

const fromText = (xml: string) => records(Readable.from([xml]));
const fromExample = (name: string) => records(createReadStream(standardsPath('lido', 'examples', name)));

/** The record mapped and validated as the import pipeline does. */
function described(record: LidoRecord, options: LidoMapOptions = { lang: 'en' }): ObjectDescription {
  return ObjectDescriptionSchema.parse(mapLidoRecord(record, options).description) as ObjectDescription;
}

/** A bare record with this descriptive metadata (inventory number A-1 unless given). */
const lido = (inner: string, id = 'rec-1', dmAttributes = '') =>
  `<lido:lido ${NS}><lido:lidoRecID>${id}</lido:lidoRecID><lido:descriptiveMetadata${dmAttributes}>${inner}</lido:descriptiveMetadata></lido:lido>`;
const repository = (number = 'A-1') =>
  `<lido:objectIdentificationWrap><lido:repositoryWrap><lido:repositorySet><lido:workID>${number}</lido:workID></lido:repositorySet></lido:repositoryWrap>`;

const dir = mkdtempSync(join(tmpdir(), 'egide-lido-mapper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LIDO → Object ID', () => {
  it('reads back every Object ID field Egide writes (places without a kind come back as places of origin)', async () => {
    const objects = [fullObject(), paintingObject(), antiquityObject(), minimalObject()];
    const read = await fromText(lidoWrapDocument(objects, links));
    expect(read.map((record) => mapLidoRecord(record, { lang: 'en' }).sourceId)).toEqual(objects.map((o) => o.id));
    for (const [i, record] of read.entries()) {
      const original = objects[i]!.description;
      // The writer puts places without a kind with the production event, before the places of discovery.
      const places = [...original.places.filter((p) => p.kind !== 'discovery').map((p) => ({ ...p, kind: 'origin' as const })), ...original.places.filter((p) => p.kind === 'discovery')];
      expect(described(record)).toEqual({ ...original, places });
    }
  });

  it('maps the real MKG Hamburg record (LIDO 1.0): concepts, German measurement words, decimal commas, production', async () => {
    const [record] = await fromExample('mkg-hamburg-cabinet.xml');
    const d = described(record!);
    expect(mapLidoRecord(record!, { lang: 'en' }).sourceId).toBe('DE-MUS-059918/dc00018494');
    expect(d).toMatchObject({
      inventoryNumber: '1977.20',
      objectType: [{ label: { de: 'Schrankmöbel' } }, { label: { de: 'Kabinettschrank', en: 'display cabinets' }, aat: '300379868' }],
      title: { de: 'Kabinettschrank, Inv. Nr.: 1977.20' },
      measurements: [
        { dimension: 'height', value: 106, unit: 'cm' },
        { dimension: 'width', value: 101.1, unit: 'cm' },
        { dimension: 'depth', value: 60.9, unit: 'cm' },
        { dimension: 'width', value: 190, unit: 'cm', part: 'geöffnet' },
      ],
      dating: { display: 'um 1600', earliest: 1596, latest: 1605 },
      makers: [
        { name: 'Fiammingo, Giacomo', role: 'Künstler' },
        { name: 'Curtis, Giovanni Battista de', role: 'Graveur' },
        { name: 'Picicaro, Januarius', role: 'Graveur' },
      ],
      places: [{ name: 'Neapel', kind: 'origin' }],
      techniques: [{ label: { de: 'Gravierung' } }],
      subject: { de: 'Geschichte von Hercules (Herakles); Profanarchitektur' },
      dateDocumented: '2021-01-30',
    });
    // A term the vocabulary knows by its AAT id keeps its own label and gains the vocabulary's.
    expect(d.materials).toEqual([
      { label: { de: 'Palisander' }, aat: '300375333' },
      { label: { de: 'Ebenholz' } },
      { label: { de: 'Elfenbein (Material)', fr: 'ivoire', en: 'ivory', es: 'marfil' }, aat: '300011857' },
    ]);
    expect(d.description.de).toMatch(/^Die große Welt im kleinen Schrank/);
  });

  it('maps the real CIMEC record (LIDO 1.0): display-only materials and measurements, a finding event', async () => {
    const [record] = await fromExample('cimec-denarius.xml');
    const d = described(record!);
    expect(d).toMatchObject({
      inventoryNumber: '30505',
      title: { ro: 'Denar republican' },
      materials: [{ label: { ro: 'Ag' } }],
      techniques: [{ label: { ro: 'batere' } }],
      measurements: [],
      dating: { display: '83 a.Chr.' },
      makers: [{ name: 'C. Norbanus', role: 'issuer' }],
      places: [
        { name: 'Roma republicană', kind: 'origin' },
        { name: 'Curtea casei lui Ciolea Gherasin', kind: 'discovery' },
      ],
    });
    // Europeana's "IMAGE" classifies the record, not the object; a known type gains the vocabulary's labels and AAT id.
    expect(d.objectType.map((term) => term.label.ro)).toEqual(['numismatică', 'Monedă', 'Denar republican']);
    expect(d.objectType[1]).toMatchObject({ aat: '300037222', label: { en: 'coins' } });
    // Measurements without units are not guessed: they stay, as written, in the description.
    expect(d.description.ro).toMatch(/\n\ndiameter: 17,5x18; weight: 3,84$/);
  });

  it('maps the real KENOM OAI-PMH records: dates, inscriptions, bibliography, related records', async () => {
    const all = await fromExample('kenom-oai-pmh-listrecords.xml');
    expect(all).toHaveLength(20);
    const descriptions = all.map((record) => described(record));
    expect(descriptions.every((d) => d.inventoryNumber !== '' && Object.keys(d.title).length > 0)).toBe(true);
    const [first] = descriptions;
    expect(first).toMatchObject({
      inventoryNumber: 'Rasmussen 304',
      objectType: [{ label: { de: 'Geldschein / Notgeld' } }],
      title: { de: 'Geldschein / Notgeld, 50 Pfennig, 7.1921' },
      materials: [{ label: { de: 'Papier', en: 'Paper' }, aat: '300014109' }],
      techniques: [{ label: { de: 'Autotypie' } }, { label: { de: 'Buchdruck' } }],
      measurements: [
        { dimension: 'height', value: 58, unit: 'mm' },
        { dimension: 'width', value: 92, unit: 'mm' },
      ],
      dating: { display: '7.1921', earliest: 1921, latest: 1921 },
      inscriptions: [
        { kind: 'inscription', position: 'front', text: expect.stringMatching(/^Zentriert, Fraktur/) },
        { kind: 'inscription', position: 'back', text: expect.stringMatching(/^Umlaufend im Rahmen/) },
        { kind: 'inscription', position: 'control number', text: 'No. 4038' },
      ],
      dateDocumented: '2014-02-20',
    });
    expect(first!.relatedWrittenMaterial[0]).toMatch(/^Lindman; Stolzenberg; Kirstein: Das Papiergeld von Schleswig-Holstein/);
    expect(first!.crossReferences).toContain('https://www.kenom.de/id/record_DE-68_kenom_123646');
  });

  it('keeps each text in its language: its own, else inherited, else the import’s; tags normalised', async () => {
    const [record] = await fromText(
      lido(
        `${repository()}<lido:titleWrap><lido:titleSet><lido:appellationValue>Schrank</lido:appellationValue><lido:appellationValue xml:lang="EN-GB">Cabinet</lido:appellationValue><lido:appellationValue lido:lang="fr" lido:pref="alternate">Armoire (autre)</lido:appellationValue><lido:appellationValue lido:lang="fr" lido:pref="preferred">Armoire</lido:appellationValue></lido:titleSet></lido:titleWrap>` +
          `<lido:objectDescriptionWrap><lido:objectDescriptionSet><lido:descriptiveNoteValue xml:lang="not a tag">Text</lido:descriptiveNoteValue></lido:objectDescriptionSet></lido:objectDescriptionWrap></lido:objectIdentificationWrap>`,
        'rec-1',
        ' xml:lang="de"',
      ),
    );
    expect(described(record!, { lang: 'es' })).toMatchObject({ title: { de: 'Schrank', 'en-GB': 'Cabinet', fr: 'Armoire' }, description: { es: 'Text' } });
    const [undetermined] = await fromText(lido(`${repository()}<lido:titleWrap><lido:titleSet><lido:appellationValue>Titel</lido:appellationValue></lido:titleSet></lido:titleWrap></lido:objectIdentificationWrap>`, 'rec-2', ' xml:lang="und"'));
    expect(described(undetermined!, { lang: 'fr' }).title).toEqual({ fr: 'Titel' });
  });

  it('reads a record without inventory number (the import warns, keyed on lidoRecID), and refuses a record deleted at the source', async () => {
    const [noNumber] = await fromText(lido('<lido:objectIdentificationWrap/>'));
    const mapped = mapLidoRecord(noNumber!, { lang: 'en' });
    expect(mapped.description).not.toHaveProperty('inventoryNumber');
    expect(mapped.sourceId).toBeDefined();
    const deleted: LidoRecord = { id: 'oai:x:1', oai: { identifier: 'oai:x:1', datestamp: undefined, setSpecs: [], deleted: true } };
    expect(() => mapLidoRecord(deleted, { lang: 'en' })).toThrow('deleted at the source (OAI-PMH status "deleted"): not imported');
  });

  it('attaches image links that name files beside the LIDO file; web links are not downloaded, links outside left out with a warning', async () => {
    mkdirSync(join(dir, 'images'), { recursive: true });
    writeFileSync(join(dir, 'images', 'front.jpg'), 'jpeg bytes');
    const resources = (...links: string[]) =>
      `<lido:administrativeMetadata><lido:resourceWrap>${links.map((link) => `<lido:resourceSet><lido:resourceRepresentation><lido:linkResource>${link}</lido:linkResource></lido:resourceRepresentation></lido:resourceSet>`).join('')}</lido:resourceWrap></lido:administrativeMetadata>`;
    const xml = (...links: string[]) => lido(`${repository()}</lido:objectIdentificationWrap>`).replace('</lido:lido>', `${resources(...links)}</lido:lido>`);
    const options = { lang: 'en', folder: imageFolder(dir) };
    const [local] = await fromText(xml('images/front.jpg', 'https://example.org/iiif/front.jpg/full/max/0/default.jpg'));
    expect(mapLidoRecord(local!, options).images).toEqual([{ name: 'images/front.jpg', path: join(imageFolder(dir), 'images', 'front.jpg') }]);
    const [outside] = await fromText(xml('../secret.jpg'));
    // A link that cannot be attached is left out with a warning; the record is imported.
    const mapped = mapLidoRecord(outside!, options);
    expect(mapped.images).toBeUndefined();
    expect(mapped.warnings).toEqual([
      { field: 'lido:linkResource', reason: '"../secret.jpg" is outside the folder of the import file: the record is imported without it', value: '../secret.jpg' },
    ]);
    // Without a folder (records harvested over the network), no file is read.
    expect(mapLidoRecord(local!, { lang: 'en' }).images).toBeUndefined();
  });
});
