import { afterEach, describe, expect, it } from 'vitest';
import { emptyDescription } from '../../registry/object-record.js';
import { antiquityObject, fullObject, links, minimalObject, paintingObject } from '../testing/fixtures.js';
import { LIDO_XSD } from '../testing/standards.js';
import { validateAgainst, xpath } from '../testing/xmllint.js';
import { LIDO_FIELDS, NOT_EXPORTED } from './lido-fields.js';
import { lidoDocument, lidoRecord, lidoWrapDocument, LIDO_WRAP_CLOSE, LIDO_WRAP_OPEN, year } from './lido-writer.js';

/** XPath on local names, as xmllint has no namespace bindings: `L('lido', 'lidoRecID')` → `/*[local-name()='lido']/*[local-name()='lidoRecID']`. */
const L = (...names: string[]) => names.map((n) => (n === '**' ? '/' : `/*[local-name()='${n}']`)).join('');
const value = (xml: string, path: string) => xpath(xml, `string(${path})`);
const count = (xml: string, path: string) => Number(xpath(xml, `count(${path})`));

function expectValid(xml: string) {
  const result = validateAgainst(LIDO_XSD(), xml);
  expect(result.output).toMatch(/validates$/);
  expect(result.ok).toBe(true);
}

describe('LIDO records validate against lido-v1.1.xsd (xmllint)', () => {
  it('a record with every Object ID field', () => expectValid(lidoDocument(fullObject(), links)));
  it('a record with only an inventory number', () => expectValid(lidoDocument(minimalObject(), links)));
  it('a record without inventory number, or with a placeholder in its stead: no workID (optional in LIDO), and a title stand-in', () => {
    const o = minimalObject();
    o.description = { ...emptyDescription(), inventoryNumberPlaceholder: 's.n.' };
    const xml = lidoDocument(o, links);
    expectValid(xml);
    expect(count(xml, `//*[local-name()='workID']`)).toBe(0);
    expect(count(xml, `//*[local-name()='repositorySet']/*[local-name()='repositoryName']`)).toBe(1);
    expect(xml).not.toContain('s.n.');
  });
  it('a painting with a framed measurement and a dating before the common era', () => {
    expectValid(lidoDocument(paintingObject(), links));
    expectValid(lidoDocument(antiquityObject(), links));
  });
  it('a lidoWrap of several records', () => expectValid(lidoWrapDocument([fullObject(), minimalObject(), paintingObject(), antiquityObject()], links)));
  it('a lidoWrap streamed record by record is the same document', () => {
    const objects = [fullObject(), paintingObject()];
    const streamed = LIDO_WRAP_OPEN + objects.map((o) => `${lidoRecord(o, links, { namespaces: false, depth: 1 })}\n`).join('') + LIDO_WRAP_CLOSE;
    expect(streamed).toBe(lidoWrapDocument(objects, links));
    expectValid(streamed);
  });
  it('drops characters XML cannot carry and stays valid', () => {
    const o = minimalObject();
    o.description.title = { en: 'Bell\u0000 \u0007with\uFFFF control \uD800characters' };
    const xml = lidoDocument(o, links);
    expectValid(xml);
    expect(value(xml, L('lido', 'descriptiveMetadata', 'objectIdentificationWrap', 'titleWrap', 'titleSet', 'appellationValue'))).toBe('Bell with control characters');
  });
  it('fails clearly when xmllint is missing, never skips', () => {
    process.env.XMLLINT = '/nonexistent/xmllint';
    expect(() => validateAgainst(LIDO_XSD(), lidoDocument(minimalObject(), links))).toThrow(/xmllint is required/);
  });
  afterEach(() => {
    delete process.env.XMLLINT;
  });
});

describe('LIDO content: every Object ID field where LIDO carries it', () => {
  const xml = lidoDocument(fullObject(), links);
  const d = fullObject().description;
  const DM = L('lido', 'descriptiveMetadata');
  const OIW = `${DM}${L('objectIdentificationWrap')}`;
  const PRODUCTION = `${DM}${L('eventWrap', 'eventSet', 'event')}[*[local-name()='eventType']/*[local-name()='conceptID']='http://terminology.lido-schema.org/lido00007']`;

  it('identifies the record: lidoRecID, published URI, record ID, record type and source, rights, dates, link', () => {
    expect(value(xml, L('lido', 'lidoRecID'))).toBe('3k9x2m7q1w8e4r5t');
    expect(value(xml, L('lido', 'objectPublishedID'))).toBe('https://egide.example.org/api/v1/objects/3k9x2m7q1w8e4r5t');
    const RW = L('lido', 'administrativeMetadata', 'recordWrap');
    expect(value(xml, `${RW}${L('recordID')}`)).toBe('3k9x2m7q1w8e4r5t');
    expect(value(xml, `${RW}${L('recordType', 'conceptID')}`)).toBe('http://terminology.lido-schema.org/lido00141');
    expect(value(xml, `${RW}${L('recordSource', 'legalBodyName', 'appellationValue')}`)).toBe('Musée national des arts asiatiques – Guimet');
    expect(value(xml, `${RW}${L('recordSource', 'legalBodyID')}`)).toBe('https://egide.example.org/organisations/musee-guimet');
    expect(value(xml, `${RW}${L('recordRights', 'rightsHolder', 'legalBodyName', 'appellationValue')}`)).toBe('Musée national des arts asiatiques – Guimet');
    expect(value(xml, `${RW}${L('recordInfoSet', 'recordInfoLink')}`)).toBe('https://egide.example.org/api/v1/objects/3k9x2m7q1w8e4r5t');
    expect(value(xml, `${RW}${L('recordInfoSet', 'recordMetadataDate')}[@*[local-name()='type']='http://terminology.lido-schema.org/lido00472']`)).toBe('2024-03-05');
    expect(value(xml, `${RW}${L('recordInfoSet', 'recordMetadataDate')}[@*[local-name()='type']='http://terminology.lido-schema.org/lido00473']`)).toBe('2024-06-01T08:30:15.123Z');
  });

  it('writes the type broad to narrow: classification then objectWorkType, with AAT conceptIDs and terms per language', () => {
    const CW = `${DM}${L('objectClassificationWrap')}`;
    expect(value(xml, `${CW}${L('classificationWrap', 'classification', 'conceptID')}`)).toBe('http://vocab.getty.edu/aat/300151343');
    expect(value(xml, `${CW}${L('classificationWrap', 'classification', 'term')}[@xml:lang='es']`)).toBe('cerámicas');
    expect(value(xml, `${CW}${L('objectWorkTypeWrap', 'objectWorkType', 'term')}[@xml:lang='fr']`)).toBe('jarres à "anses"');
    expect(count(xml, `${CW}${L('objectWorkTypeWrap', 'objectWorkType', 'conceptID')}`)).toBe(0);
  });

  it('writes titles per language, escaped', () => {
    const TV = `${OIW}${L('titleWrap', 'titleSet', 'appellationValue')}`;
    expect(count(xml, TV)).toBe(3);
    expect(value(xml, `${TV}[@xml:lang='fr']`)).toBe(d.title.fr);
    expect(value(xml, `${TV}[@xml:lang='en']`)).toBe(d.title.en);
    expect(xml).toContain('Jarre aux dragons &amp; nuages &lt;Ming&gt;');
  });

  it('writes the inventory number as the workID of the current repository', () => {
    const RS = `${OIW}${L('repositoryWrap', 'repositorySet')}`;
    expect(value(xml, `${RS}${L('workID')}`)).toBe('INV 1977.20 <A&B>');
    expect(value(xml, `${RS}/@*[local-name()='type']`)).toBe('http://terminology.lido-schema.org/lido00475');
    expect(value(xml, `${RS}${L('repositoryName', 'legalBodyName', 'appellationValue')}`)).toBe('Musée national des arts asiatiques – Guimet');
  });

  it('writes inscriptions with kind, transcription, language and position', () => {
    const I = `${OIW}${L('inscriptionsWrap', 'inscriptions')}`;
    expect(count(xml, I)).toBe(6);
    expect(value(xml, `${I}[1]/@*[local-name()='type']`)).toBe('mark');
    expect(value(xml, `${I}[1]${L('inscriptionTranscription')}[@xml:lang='zh']`)).toBe('大明宣德年製');
    expect(value(xml, `${I}[1]${L('inscriptionDescription', 'descriptiveNoteValue')}`)).toBe('base, in a double circle');
    expect(value(xml, `${I}[2]${L('inscriptionTranscription')}`)).toBe('J. "Doe" <fecit>');
  });

  it('writes description and distinguishing features as typed objectDescriptionSets, per language', () => {
    const S = `${OIW}${L('objectDescriptionWrap', 'objectDescriptionSet')}`;
    expect(value(xml, `${S}[@*[local-name()='type']='http://vocab.getty.edu/aat/300435416']${L('descriptiveNoteValue')}[@xml:lang='en']`)).toBe(d.description.en);
    expect(value(xml, `${S}[@*[local-name()='type']='http://vocab.getty.edu/aat/300435425']${L('descriptiveNoteValue')}[@xml:lang='fr']`)).toBe(d.distinguishingFeatures.fr);
  });

  it('writes measurements with AAT type and unit, decimal values, and the measured part as extentMeasurements', () => {
    const SETS = `${OIW}${L('objectMeasurementsWrap', 'objectMeasurementsSet')}`;
    expect(count(xml, SETS)).toBe(6); // runs in order: whole ×3, base, label, whole, base, whole
    expect(count(xml, `${SETS}${L('objectMeasurements', 'measurementsSet')}`)).toBe(d.measurements.length);
    const first = `${SETS}[1]${L('objectMeasurements', 'measurementsSet')}[1]`;
    expect(value(xml, `${first}${L('measurementType', 'conceptID')}`)).toBe('http://vocab.getty.edu/aat/300055644');
    expect(value(xml, `${first}${L('measurementUnit', 'conceptID')}`)).toBe('http://vocab.getty.edu/aat/300379098');
    expect(value(xml, `${first}${L('measurementValue')}`)).toBe('45.5');
    expect(value(xml, `${SETS}[2]${L('objectMeasurements', 'extentMeasurements', 'term')}`)).toBe('base');
    expect(value(xml, `${SETS}[2]${L('displayObjectMeasurements')}`)).toBe('base: height 8 cm');
    expect(value(xml, `${SETS}[3]${L('objectMeasurements', 'measurementsSet', 'measurementUnit', 'term')}`)).toBe('mm');
    expect(value(xml, `${SETS}[1]${L('displayObjectMeasurements')}`)).toBe('height 45.5 cm, diameter 38 cm, weight 12.25 kg');
  });

  it('writes the production event: makers with roles, dates, places, materials and techniques', () => {
    expect(value(xml, `${PRODUCTION}${L('eventActor')}[1]${L('actorInRole', 'actor', 'nameActorSet', 'appellationValue')}`)).toBe('Imperial kilns of Jingdezhen');
    expect(value(xml, `${PRODUCTION}${L('eventActor')}[1]${L('actorInRole', 'roleActor', 'term')}`)).toBe('manufactory');
    expect(value(xml, `${PRODUCTION}${L('eventDate', 'displayDate')}`)).toBe('Xuande period (1426–1435)');
    expect(value(xml, `${PRODUCTION}${L('eventDate', 'date', 'earliestDate')}`)).toBe('1426');
    expect(value(xml, `${PRODUCTION}${L('eventDate', 'date', 'latestDate')}`)).toBe('1435');
    expect(count(xml, `${PRODUCTION}${L('eventPlace')}`)).toBe(2); // origin, and the place without a kind
    expect(value(xml, `${PRODUCTION}${L('eventPlace', 'place', 'partOfPlace', 'placeID')}`)).toBe('CN');
    const MT = `${PRODUCTION}${L('eventMaterialsTech', 'materialsTech', 'termMaterialsTech')}`;
    expect(count(xml, `${MT}[@*[local-name()='type']='http://terminology.lido-schema.org/lido00132']`)).toBe(2);
    expect(count(xml, `${MT}[@*[local-name()='type']='http://terminology.lido-schema.org/lido00131']`)).toBe(2);
    expect(value(xml, `${MT}[1]${L('conceptID')}`)).toBe('http://vocab.getty.edu/aat/300010662');
  });

  it('writes the place of discovery as a finding event', () => {
    const FINDING = `${DM}${L('eventWrap', 'eventSet', 'event')}[*[local-name()='eventType']/*[local-name()='conceptID']='http://terminology.lido-schema.org/lido00002']`;
    expect(value(xml, `${FINDING}${L('eventPlace', 'place', 'namePlaceSet', 'appellationValue')}`)).toBe('Shipwreck off Belitung');
  });

  it('writes subject per language, cross-references and related written material as related works', () => {
    expect(value(xml, `${DM}${L('objectRelationWrap', 'subjectWrap', 'subjectSet', 'displaySubject')}[@xml:lang='es']`)).toBe('Dragones entre nubes');
    const RW = `${DM}${L('objectRelationWrap', 'relatedWorksWrap', 'relatedWorkSet')}`;
    expect(count(xml, RW)).toBe(4);
    expect(value(xml, `${RW}[1]${L('relatedWork', 'displayObject')}`)).toBe('INV 1977.21 (lid)');
    expect(value(xml, `${RW}[2]${L('relatedWork', 'object', 'objectWebResource')}`)).toBe('https://egide.example.org/api/v1/objects/0000000000000001');
    expect(value(xml, `${RW}[3]${L('relatedWorkRelType', 'conceptID')}`)).toBe('http://vocab.getty.edu/aat/300026497');
  });

  it('links every photo: original with MIME type and pixel size, thumbnail, caption', () => {
    const RS = L('lido', 'administrativeMetadata', 'resourceWrap', 'resourceSet');
    expect(count(xml, RS)).toBe(2);
    expect(value(xml, `${RS}[1]${L('resourceRepresentation')}[1]${L('linkResource')}`)).toBe('https://egide.example.org/media/photos/p1aaaaaaaaaaaaaa/original');
    expect(value(xml, `${RS}[1]${L('resourceRepresentation')}[1]${L('linkResource')}/@*[local-name()='formatResource']`)).toBe('image/jpeg');
    expect(value(xml, `${RS}[1]${L('resourceRepresentation')}[2]${L('linkResource')}`)).toBe('https://egide.example.org/media/photos/p1aaaaaaaaaaaaaa/thumbnail');
    expect(value(xml, `${RS}[1]${L('resourceDescription')}`)).toBe('Overall view, "front" & side');
    expect(count(xml, `${RS}[2]${L('resourceDescription')}`)).toBe(0);
  });

  it('gives a record without a title the inventory number, marked as a stand-in, and an empty work type', () => {
    const minimal = lidoDocument(minimalObject(), links);
    const TV = `${L('lido', 'descriptiveMetadata', 'objectIdentificationWrap', 'titleWrap', 'titleSet', 'appellationValue')}`;
    expect(value(minimal, TV)).toBe('P-1');
    expect(value(minimal, `${TV}/@*[local-name()='encodinganalog']`)).toBe('inventoryNumber');
    expect(count(minimal, `${L('lido', 'descriptiveMetadata', 'objectClassificationWrap', 'objectWorkTypeWrap', 'objectWorkType')}/*`)).toBe(0);
    expect(count(minimal, `${L('lido', 'descriptiveMetadata', 'eventWrap')}`)).toBe(0);
    expect(value(minimal, `${L('lido', 'descriptiveMetadata')}/@xml:lang`)).toBe('und');
  });

  it('writes years before the common era as ISO 8601 does', () => {
    expect(year(-83)).toBe('-0083');
    expect(year(1650)).toBe('1650');
    expect(year(950)).toBe('0950');
    expect(value(lidoDocument(antiquityObject(), links), `//*[local-name()='earliestDate']`)).toBe('-0083');
  });
});

describe('lido-fields.ts, the mapping the importer follows', () => {
  it('documents every Object ID field', () => {
    const documented = new Set(LIDO_FIELDS.map((f) => f.field));
    for (const key of Object.keys(emptyDescription())) expect(documented, key).toContain(key);
  });
  it('lists what is never exported', () => {
    expect(NOT_EXPORTED).toEqual(expect.arrayContaining(['sensitive.storageLocation', 'sensitive.ownerContact', 'sensitive.address', 'incidents']));
  });
});
