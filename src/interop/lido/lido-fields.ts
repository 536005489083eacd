/**
 * Where each Object ID field lives in Egide's LIDO 1.1 records: the contract between the writer
 * (`lido-writer.ts`) and the future importer, which must read the same paths back.
 *
 * Paths are XPath-like, relative to `lido:lido`; `@type` means `@lido:type`, `[type=X]` filters on
 * it. Term lists carry one `lido:term` per language (`@xml:lang`) and, when the AAT id is known,
 * a `lido:conceptID` `http://vocab.getty.edu/aat/<id>`. The importer should read conceptIDs from
 * other vocabularies too (GND, Wikidata…) but only AAT ids map to `Term.aat`.
 *
 * The object's status (stolen, missing…) is not part of the record: OAI-PMH gives it as the set
 * `status:<status>` of the record's header.
 */
import type { ObjectDescription } from '../../registry/object-record.js';
import { LIDO_TERMS } from '../aat.js';
import { EGIDE_LIDO } from './lido-writer.js';

export interface LidoFieldMapping {
  /** The Object ID field (`ObjectDescription` key), or the record-level field. */
  field: keyof ObjectDescription | 'id' | 'organisation' | 'photos' | 'updatedAt';
  /** Where the writer puts it. */
  path: string;
  /** How to read it back, and what is not kept. */
  notes: string;
}

const DM = 'descriptiveMetadata';
const OIW = `${DM}/objectIdentificationWrap`;
const PRODUCTION = `${DM}/eventWrap/eventSet/event[eventType/conceptID='${LIDO_TERMS.production}']`;
const FINDING = `${DM}/eventWrap/eventSet/event[eventType/conceptID='${LIDO_TERMS.finding}']`;
const RECORD = 'administrativeMetadata/recordWrap';

export const LIDO_FIELDS: readonly LidoFieldMapping[] = [
  {
    field: 'id',
    path: `lidoRecID[@type='${LIDO_TERMS.localIdentifier}'][@source='${EGIDE_LIDO.source}'] = ${RECORD}/recordID; objectPublishedID[@type='${LIDO_TERMS.uri}'] = the object URI`,
    notes: 'Egide public id. Records from elsewhere: keep their lidoRecID as the source reference, never as an Egide id.',
  },
  {
    field: 'inventoryNumber',
    path: `${OIW}/repositoryWrap/repositorySet[@type='${LIDO_TERMS.currentRepository}']/workID[@type='${LIDO_TERMS.inventoryNumber}']`,
    notes:
      'Other LIDO producers may leave @type out or write "inventory number": take the first workID of the current repository. workID is optional in LIDO: an object without number has none, and a placeholder ("s.n.", "o. Nr.") read there is kept as inventoryNumberPlaceholder, never written back as a workID.',
  },
  {
    field: 'organisation',
    path: `${OIW}/repositoryWrap/repositorySet/repositoryName (legalBodyID = <base>/organisations/<slug>, legalBodyName/appellationValue); also ${RECORD}/recordSource and recordRights/rightsHolder`,
    notes: 'The importer imports into the organisation chosen by the user, not the one named in the file.',
  },
  {
    field: 'objectType',
    path: `${DM}/objectClassificationWrap/classificationWrap/classification (broader levels, by @sortorder) then objectWorkTypeWrap/objectWorkType (the narrowest)`,
    notes: 'objectType = [...classification by sortorder, objectWorkType]. An empty objectWorkType means no type. Other producers put several objectWorkTypes: keep them in order.',
  },
  {
    field: 'title',
    path: `${OIW}/titleWrap/titleSet/appellationValue[@xml:lang] (one titleSet, one appellationValue per language, @pref='${LIDO_TERMS.preferred}')`,
    notes: `Without a title the writer puts the inventory number in an appellationValue marked @lido:encodinganalog='${EGIDE_LIDO.fallbackTitle}' (LIDO requires a title): read it as no title. Other producers may repeat titleSet per language: read both shapes.`,
  },
  {
    field: 'inscriptions',
    path: `${OIW}/inscriptionsWrap/inscriptions[@type=kind]/inscriptionTranscription[@xml:lang=language] + inscriptionDescription[@type='${EGIDE_LIDO.inscriptionPositionType}']/descriptiveNoteValue = position`,
    notes: 'kind is one of signature, inscription, mark, label, stamp, number; other @type values map to "inscription".',
  },
  {
    field: 'description',
    path: `${OIW}/objectDescriptionWrap/objectDescriptionSet[@type='${EGIDE_LIDO.descriptionType}']/descriptiveNoteValue[@xml:lang]`,
    notes: 'One set, one value per language. objectDescriptionSets without a type are descriptions too.',
  },
  {
    field: 'distinguishingFeatures',
    path: `${OIW}/objectDescriptionWrap/objectDescriptionSet[@type='${EGIDE_LIDO.distinguishingFeaturesType}']/descriptiveNoteValue[@xml:lang]`,
    notes: 'AAT 300435425 (condition statement): damage, repairs, defects.',
  },
  {
    field: 'measurements',
    path: `${OIW}/objectMeasurementsWrap/objectMeasurementsSet/objectMeasurements/measurementsSet (measurementType conceptID = AAT dimension, measurementUnit term = unit, measurementValue) + extentMeasurements/term = part`,
    notes: 'One objectMeasurementsSet per run of measurements of the same part, in order. displayObjectMeasurements repeats them as text ("frame: height 91 cm") that parseMeasurements reads.',
  },
  {
    field: 'materials',
    path: `${PRODUCTION}/eventMaterialsTech/materialsTech/termMaterialsTech[@type='${LIDO_TERMS.material}'] (by @sortorder)`,
    notes: 'displayMaterialsTech repeats materials and techniques as text per language; ignore it when terms are present.',
  },
  {
    field: 'techniques',
    path: `${PRODUCTION}/eventMaterialsTech/materialsTech/termMaterialsTech[@type='${LIDO_TERMS.technique}'] (by @sortorder)`,
    notes: 'Other producers also use objectIdentificationWrap/objectMaterialsTechWrap.',
  },
  {
    field: 'dating',
    path: `${PRODUCTION}/eventDate/displayDate (display), eventDate/date/earliestDate, latestDate (years, ISO 8601: "-0083" is 83 BCE)`,
    notes: 'Only the year of earliestDate/latestDate is kept.',
  },
  {
    field: 'makers',
    path: `${PRODUCTION}/eventActor/actorInRole/actor/nameActorSet/appellationValue (name) + roleActor/term (role)`,
    notes: 'By @sortorder of eventActor.',
  },
  {
    field: 'places',
    path: `${PRODUCTION}/eventPlace/place (kind origin) and ${FINDING}/eventPlace/place (kind discovery): namePlaceSet/appellationValue = name, partOfPlace[@politicalEntity='country']/placeID[@source='${EGIDE_LIDO.countrySource}'] = country`,
    notes: 'Places whose kind is not given are written with the production event, so they read back as origin.',
  },
  {
    field: 'subject',
    path: `${DM}/objectRelationWrap/subjectWrap/subjectSet/displaySubject[@xml:lang]`,
    notes: 'One subjectSet, one displaySubject per language.',
  },
  {
    field: 'crossReferences',
    path: `${DM}/objectRelationWrap/relatedWorksWrap/relatedWorkSet[not(relatedWorkRelType/conceptID)]/relatedWork/displayObject`,
    notes: 'relatedWorkRelType/term "related object"; URLs are repeated in relatedWork/object/objectWebResource.',
  },
  {
    field: 'relatedWrittenMaterial',
    path: `${DM}/objectRelationWrap/relatedWorksWrap/relatedWorkSet[relatedWorkRelType/conceptID='${EGIDE_LIDO.bibliographyRelation}']/relatedWork/displayObject`,
    notes: 'AAT 300026497 (bibliography).',
  },
  {
    field: 'dateDocumented',
    path: `${RECORD}/recordInfoSet[@type='${LIDO_TERMS.recordMetadata}']/recordMetadataDate[@type='${LIDO_TERMS.creationDate}']`,
    notes: 'Absent when not known.',
  },
  {
    field: 'updatedAt',
    path: `${RECORD}/recordInfoSet[@type='${LIDO_TERMS.recordMetadata}']/recordMetadataDate[@type='${LIDO_TERMS.modificationDate}']`,
    notes: 'When the record last changed (ISO 8601); the OAI-PMH datestamp is the same instant.',
  },
  {
    field: 'photos',
    path: `administrativeMetadata/resourceWrap/resourceSet: resourceRepresentation[@type='${LIDO_TERMS.providedImage}']/linkResource (original, @formatResource = MIME type, resourceMeasurementsSet = pixels), resourceRepresentation[@type='${LIDO_TERMS.thumbnail}'] (thumbnail), resourceDescription = caption`,
    notes: 'The importer downloads provided images through the photo pipeline (which checks and re-encodes them).',
  },
];

/** Written nowhere, on purpose: sensitive fields and incident details never leave Egide in an export. */
export const NOT_EXPORTED = ['sensitive.storageLocation', 'sensitive.ownerContact', 'sensitive.address', 'incidents'] as const;
