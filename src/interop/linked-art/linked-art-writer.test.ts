import { describe, expect, it } from 'vitest';
import { emptyDescription } from '../../registry/object-record.js';
import { antiquityObject, fullObject, links, minimalObject, paintingObject } from '../testing/fixtures.js';
import { validateLinkedArt } from '../testing/linked-art-schema.js';
import { LINKED_ART_CONTEXT, linkedArtObject, makerClass, type JsonObject } from './linked-art-writer.js';

const AAT = (id: string) => `http://vocab.getty.edu/aat/${id}`;
type Any = JsonObject & { [key: string]: any };
const classifiedAs = (node: Any): string[] => ((node.classified_as ?? []) as Any[]).map((c) => c.id as string);

function expectValid(document: unknown) {
  const result = validateLinkedArt(document);
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

describe('Linked Art documents validate against linked-art/schema/object.json (ajv, draft 2020-12)', () => {
  it('an object with every Object ID field', () => expectValid(linkedArtObject(fullObject(), links)));
  it('an object with only an inventory number', () => expectValid(linkedArtObject(minimalObject(), links)));
  it('an object without inventory number (no accession number Identifier, even for a placeholder)', () => {
    const document = linkedArtObject({ ...minimalObject(), description: { ...emptyDescription(), inventoryNumberPlaceholder: 's.n.' } }, links) as Any;
    expectValid(document);
    expect((document.identified_by as Any[]).filter((node) => classifiedAs(node).includes(AAT('300312355')))).toEqual([]);
    expect(JSON.stringify(document)).not.toContain('s.n.');
  });
  it('a painting from the vocabulary', () => expectValid(linkedArtObject(paintingObject(), links)));
  it('a coin dated before the common era', () => expectValid(linkedArtObject(antiquityObject(), links)));
  it('survives a JSON round trip (what the API sends)', () => expectValid(JSON.parse(JSON.stringify(linkedArtObject(fullObject(), links)))));

  it('the validator really checks: unknown properties, missing units and wrong types are refused', () => {
    const doc = linkedArtObject(paintingObject(), links) as Any;
    expect(validateLinkedArt({ ...doc, storage_location: 'Reserve B' }).valid).toBe(false);
    expect(validateLinkedArt({ ...doc, dimension: [{ type: 'Dimension', value: 3 }] }).valid).toBe(false);
    expect(validateLinkedArt({ ...doc, type: 'Person' }).valid).toBe(false);
    const { _label: _, ...unlabelled } = doc;
    expect(validateLinkedArt(unlabelled).valid).toBe(false);
    expect(validateLinkedArt({ ...doc, made_of: [{ type: 'Material', _label: 'oak' }] }).valid).toBe(false);
  });
});

describe('Linked Art content', () => {
  const doc = linkedArtObject(fullObject(), links) as Any;
  const d = fullObject().description;

  it('is a HumanMadeObject with the Linked Art context and an id under the base URL', () => {
    expect(doc['@context']).toBe(LINKED_ART_CONTEXT);
    expect(doc.type).toBe('HumanMadeObject');
    expect(doc.id).toBe('https://egide.example.org/api/v1/objects/3k9x2m7q1w8e4r5t');
    expect(doc._label).toBe('Dragon & cloud jar');
  });

  it('names the object in each language and identifies it by accession number and Egide id', () => {
    const names = (doc.identified_by as Any[]).filter((n) => n.type === 'Name');
    expect(names.map((n) => [n.content, n.language[0].id])).toEqual([
      [d.title.fr, AAT('300388306')],
      [d.title.en, AAT('300388277')],
      [d.title.es, AAT('300389311')],
    ]);
    for (const n of names) expect(classifiedAs(n)).toEqual([AAT('300404670')]);
    const ids = (doc.identified_by as Any[]).filter((n) => n.type === 'Identifier');
    expect(ids.find((i) => classifiedAs(i).includes(AAT('300312355')))?.content).toBe('INV 1977.20 <A&B>');
    expect(ids.find((i) => classifiedAs(i).includes(AAT('300435704')))?.content).toBe('3k9x2m7q1w8e4r5t');
  });

  it('classifies by object type: AAT concepts, free-text types as concepts of the document with their names', () => {
    const types = doc.classified_as as Any[];
    expect(types[0]).toMatchObject({ id: AAT('300151343'), type: 'Type', _label: 'ceramics' });
    expect(classifiedAs(types[0]!)).toEqual([AAT('300435443')]);
    expect(types[1]!.id).toBe(`${doc.id}#type-2`);
    expect((types[1]!.identified_by as Any[]).map((n) => n.content)).toEqual(['jarres à "anses"', 'jars; handled | lidded']);
  });

  it('gives whole-object dimensions with AAT type and unit; parts stay in the dimension statement', () => {
    const dims = doc.dimension as Any[];
    expect(dims.map((x) => [classifiedAs(x)[0], x.value, x.unit.id])).toEqual([
      [AAT('300055644'), 45.5, AAT('300379098')],
      [AAT('300055624'), 38, AAT('300379098')],
      [AAT('300056240'), 12.25, AAT('300379226')],
      [AAT('300055646'), 0.5, AAT('300379100')],
      [AAT('300072633'), 1, AAT('300379099')],
    ]);
    const statement = (doc.referred_to_by as Any[]).find((s) => classifiedAs(s).includes(AAT('300435430')));
    expect(statement?.content).toContain('base: height 8 cm');
    expect(statement?.content).toContain('label: width 210 mm');
  });

  it('states description, distinguishing features, subject, inscriptions, related material and cross-references', () => {
    const byType = (aat: string) => (doc.referred_to_by as Any[]).filter((s) => classifiedAs(s).includes(AAT(aat)));
    expect(byType('300435416').map((s) => s.content)).toEqual([d.description.fr, d.description.en, d.description.es]);
    expect(byType('300435425').map((s) => s.content)).toEqual([d.distinguishingFeatures.fr, d.distinguishingFeatures.en]);
    expect(byType('300028705').map((s) => s.content)).toEqual(['J. "Doe" <fecit>']);
    expect(byType('300435414').map((s) => s.content)).toEqual(['Longue vie']);
    const marks = byType('300435420');
    expect(marks.map((s) => s.content)).toEqual(['大明宣德年製', 'Lot 12; provenance | unknown', '1977.20', 'Douane 1905']);
    expect(marks[0]!.language[0].id).toBe(AAT('300388113'));
    expect(marks[0]!.referred_to_by[0].content).toBe('base, in a double circle');
    expect(byType('300026497').map((s) => s.content)).toEqual(d.relatedWrittenMaterial);
    const labelled = (label: string) => (doc.referred_to_by as Any[]).filter((s) => s._label === label).map((s) => s.content);
    expect(labelled('Subject')).toEqual([d.subject.fr, d.subject.en, d.subject.es]);
    expect(labelled('Cross-reference')).toEqual(d.crossReferences);
  });

  it('is made of materials: AAT when known, else a material of the document', () => {
    expect(doc.made_of).toEqual([
      { id: AAT('300010662'), type: 'Material', _label: 'porcelain' },
      { id: `${doc.id}#material-2`, type: 'Material', _label: 'cobalt blue' },
    ]);
  });

  it('was produced by makers (groups and people, with roles), in a timespan, at places, with techniques', () => {
    const production = doc.produced_by as Any;
    expect(production.carried_out_by).toEqual([{ id: `${doc.id}#maker-2`, type: 'Person', _label: 'Unknown painter' }]);
    expect(production.part).toEqual([
      {
        type: 'Production',
        _label: 'manufactory: Imperial kilns of Jingdezhen',
        classified_as: [{ id: `${doc.id}#maker-1-role`, type: 'Type', _label: 'manufactory' }],
        carried_out_by: [{ id: `${doc.id}#maker-1`, type: 'Group', _label: 'Imperial kilns of Jingdezhen' }],
      },
    ]);
    expect(production.timespan).toEqual({
      type: 'TimeSpan',
      identified_by: [{ type: 'Name', content: 'Xuande period (1426–1435)' }],
      begin_of_the_begin: '1426-01-01T00:00:00Z',
      end_of_the_end: '1435-12-31T23:59:59Z',
    });
    expect(production.took_place_at).toEqual([
      { id: `${doc.id}#place-1`, type: 'Place', _label: 'Jingdezhen (China)' },
      { id: `${doc.id}#place-3`, type: 'Place', _label: 'Jiangxi' },
    ]);
    expect((production.technique as Any[]).map((t) => t.id)).toEqual([`${doc.id}#technique-1`, AAT('300054216')]);
  });

  it('was encountered at the place of discovery', () => {
    expect(doc.encountered_by).toEqual([{ type: 'Encounter', took_place_at: [{ id: `${doc.id}#place-2`, type: 'Place', _label: 'Shipwreck off Belitung (Indonesia)' }] }]);
  });

  it('is owned by its organisation and represented by its photos', () => {
    expect(doc.current_owner).toEqual([{ id: 'https://egide.example.org/organisations/musee-guimet', type: 'Group', _label: 'Musée national des arts asiatiques – Guimet' }]);
    const images = doc.representation as Any[];
    expect(images).toHaveLength(2);
    expect(images[0]!.digitally_shown_by[0].access_point).toEqual([{ id: 'https://egide.example.org/media/photos/p1aaaaaaaaaaaaaa', type: 'DigitalObject' }]);
    expect(classifiedAs(images[0]!.digitally_shown_by[0])).toEqual([AAT('300215302')]);
  });

  it('links the IIIF manifest of its photos', () => {
    expect(doc.subject_of).toEqual([
      {
        type: 'LinguisticObject',
        _label: 'IIIF manifest',
        digitally_carried_by: [
          {
            type: 'DigitalObject',
            format: 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"',
            conforms_to: [{ id: 'http://iiif.io/api/presentation', type: 'InformationObject' }],
            access_point: [{ id: 'https://egide.example.org/iiif/3/manifests/3k9x2m7q1w8e4r5t', type: 'DigitalObject' }],
          },
        ],
      },
    ]);
  });

  it('keeps the display date but no machine dates before year 0, which RFC 3339 cannot write', () => {
    const coin = linkedArtObject(antiquityObject(), links) as Any;
    expect(coin.produced_by.timespan).toEqual({ type: 'TimeSpan', identified_by: [{ type: 'Name', content: '83 av. J.-C.' }] });
  });

  it('leaves out what an object does not have', () => {
    const bare = linkedArtObject(minimalObject(), links) as Any;
    expect(Object.keys(bare).sort()).toEqual(['@context', '_label', 'current_owner', 'id', 'identified_by', 'type']);
    expect(bare._label).toBe('P-1');
  });

  it('tells groups from people by the words of their name or role', () => {
    expect(makerClass({ name: 'Rembrandt van Rijn' })).toBe('Person');
    expect(makerClass({ name: 'Atelier de Rubens' })).toBe('Group');
    expect(makerClass({ name: 'Anonymous', role: 'workshop' })).toBe('Group');
    expect(makerClass({ name: 'Cultura Moche' })).toBe('Group');
  });
});
