/**
 * LIDO 1.1 (http://www.lido-schema.org) records of registry objects, valid against
 * lido-v1.1.xsd. One function per record (`lidoRecord`), so that exports stream: a `lidoWrap`
 * is `LIDO_WRAP_OPEN`, the records one by one, then `LIDO_WRAP_CLOSE`. Where each Object ID field
 * goes is documented in `lido-fields.ts`, which the importer follows too.
 *
 * Nothing sensitive is written: the input type (`ExportableObject`) has no storage location,
 * owner contact, address or incident details.
 */
import type { Inscription, LanguageMap, Maker, Measurement, ObjectDescription, Place, Term } from '../../registry/object-record.js';
import { AAT, aatUri, countryName, DIMENSION_CONCEPTS, HUMAN_MADE_OBJECT, LIDO_TERMS, UNIT_CONCEPTS } from '../aat.js';
import { languageEntries, recordLanguage, type ExportableObject, type Links } from '../exportable-object.js';
import { measurementGroups, measurementsStatement } from '../measurement-text.js';
import { decimal, el, serialize, textEl, wrapEl, XML_DECLARATION, type Child, type XmlElement } from '../xml.js';

export const LIDO_NS = 'http://www.lido-schema.org';
export const LIDO_SCHEMA = 'http://www.lido-schema.org/schema/v1.1/lido-v1.1.xsd';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** The attributes that make a `lido:` element a self-contained document root (also inside OAI-PMH). */
const ROOT_NAMESPACES = {
  'xmlns:lido': LIDO_NS,
  'xmlns:xsi': XSI_NS,
  'xsi:schemaLocation': `${LIDO_NS} ${LIDO_SCHEMA}`,
};

/** Values of `lido:type` and conventions that are Egide's own, documented in `lido-fields.ts`. */
export const EGIDE_LIDO = {
  /** `lido:source` of the lidoRecID and recordID. */
  source: 'Egide',
  descriptionType: aatUri('300435416'),
  distinguishingFeaturesType: aatUri('300435425'),
  bibliographyRelation: aatUri('300026497'),
  inscriptionPositionType: 'position',
  /** `lido:encodinganalog` of an appellationValue standing in for a missing title. */
  fallbackTitle: 'inventoryNumber',
  countrySource: 'ISO 3166-1 alpha-2',
} as const;

const PIXELS = '300266190';
const DIGITAL_IMAGES = '300215302';

/** BCP 47 tags as xs:language accepts them; anything else is left without `xml:lang`. */
function lang(tag: string | undefined): string | undefined {
  return tag && /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(tag) ? tag : undefined;
}

function conceptId(uri: string): XmlElement {
  return el('lido:conceptID', { 'lido:type': LIDO_TERMS.uri }, uri);
}

/** conceptID (AAT when known) then one term per language. */
function conceptContent(term: Term): Child[] {
  return [term.aat ? conceptId(aatUri(term.aat)) : null, languageEntries(term.label).map(([tag, text]) => el('lido:term', { 'xml:lang': lang(tag) }, text))];
}

function labelledConcept(aat: string, label: { en: string; fr: string; es: string }): Child[] {
  return [conceptId(aatUri(aat)), (['en', 'fr', 'es'] as const).map((tag) => el('lido:term', { 'xml:lang': tag }, label[tag]))];
}

function legalBody(name: string, links: Links, slug: string): Child[] {
  return [
    el('lido:legalBodyID', { 'lido:type': LIDO_TERMS.uri }, links.organisation(slug)),
    el('lido:legalBodyName', null, el('lido:appellationValue', null, name)),
  ];
}

// ---------------------------------------------------------------------------------------------
// descriptiveMetadata

function classification(d: ObjectDescription): XmlElement {
  const narrowest = d.objectType.at(-1);
  const broader = d.objectType.slice(0, -1);
  return el(
    'lido:objectClassificationWrap',
    null,
    // LIDO requires an objectWorkType; without a type it stays empty (schema-valid, and read back as no type).
    el('lido:objectWorkTypeWrap', null, el('lido:objectWorkType', null, narrowest ? conceptContent(narrowest) : [])),
    wrapEl(
      'lido:classificationWrap',
      null,
      broader.map((term, i) => el('lido:classification', { 'lido:sortorder': i + 1 }, conceptContent(term))),
    ),
  );
}

function titles(d: ObjectDescription): XmlElement {
  const entries = languageEntries(d.title);
  const values =
    entries.length > 0
      ? entries.map(([tag, text]) => el('lido:appellationValue', { 'lido:pref': LIDO_TERMS.preferred, 'xml:lang': lang(tag) }, text))
      : [el('lido:appellationValue', { 'lido:encodinganalog': EGIDE_LIDO.fallbackTitle }, d.inventoryNumber || '-')];
  return el('lido:titleWrap', null, el('lido:titleSet', null, values));
}

function inscription(item: Inscription, index: number): XmlElement {
  return el(
    'lido:inscriptions',
    { 'lido:type': item.kind, 'lido:sortorder': index + 1 },
    el('lido:inscriptionTranscription', { 'xml:lang': lang(item.language) }, item.text),
    item.position?.trim()
      ? el('lido:inscriptionDescription', { 'lido:type': EGIDE_LIDO.inscriptionPositionType }, el('lido:descriptiveNoteValue', null, item.position.trim()))
      : null,
  );
}

function repository(o: ExportableObject, links: Links): XmlElement {
  return el(
    'lido:repositoryWrap',
    null,
    el(
      'lido:repositorySet',
      { 'lido:type': LIDO_TERMS.currentRepository },
      el('lido:repositoryName', null, legalBody(o.organisation.name, links, o.organisation.slug)),
      textEl('lido:workID', { 'lido:type': LIDO_TERMS.inventoryNumber }, o.description.inventoryNumber),
    ),
  );
}

function descriptiveNoteSet(name: string, type: string, map: LanguageMap): XmlElement | null {
  const entries = languageEntries(map);
  if (entries.length === 0) return null;
  return el(name, { 'lido:type': type }, entries.map(([tag, text]) => el('lido:descriptiveNoteValue', { 'xml:lang': lang(tag) }, text)));
}

function measurementSet(m: Measurement, index: number): XmlElement {
  const unit = UNIT_CONCEPTS[m.unit];
  return el(
    'lido:measurementsSet',
    { 'lido:sortorder': index + 1 },
    el('lido:measurementType', null, labelledConcept(DIMENSION_CONCEPTS[m.dimension].aat, DIMENSION_CONCEPTS[m.dimension].label)),
    el('lido:measurementUnit', null, conceptId(aatUri(unit.aat)), el('lido:term', null, m.unit)),
    el('lido:measurementValue', null, decimal(m.value)),
  );
}

function measurements(d: ObjectDescription): XmlElement | null {
  return wrapEl(
    'lido:objectMeasurementsWrap',
    null,
    measurementGroups(d.measurements).map((group, i) =>
      el(
        'lido:objectMeasurementsSet',
        { 'lido:sortorder': i + 1 },
        el('lido:displayObjectMeasurements', { 'xml:lang': 'en' }, measurementsStatement(group.measurements)),
        el(
          'lido:objectMeasurements',
          null,
          group.measurements.map(measurementSet),
          group.part ? el('lido:extentMeasurements', null, el('lido:term', { 'xml:lang': 'en' }, group.part)) : null,
        ),
      ),
    ),
  );
}

function actor(maker: Maker, index: number): XmlElement {
  return el(
    'lido:eventActor',
    { 'lido:sortorder': index + 1 },
    el(
      'lido:actorInRole',
      null,
      el('lido:actor', null, el('lido:nameActorSet', null, el('lido:appellationValue', null, maker.name))),
      maker.role?.trim() ? el('lido:roleActor', null, el('lido:term', null, maker.role.trim())) : null,
    ),
  );
}

function place(p: Place, index: number): XmlElement {
  return el(
    'lido:eventPlace',
    { 'lido:sortorder': index + 1 },
    el(
      'lido:place',
      null,
      el('lido:namePlaceSet', null, el('lido:appellationValue', null, p.name)),
      p.country
        ? el(
            'lido:partOfPlace',
            { 'lido:politicalEntity': 'country' },
            el('lido:placeID', { 'lido:type': LIDO_TERMS.localIdentifier, 'lido:source': EGIDE_LIDO.countrySource }, p.country),
            el('lido:namePlaceSet', null, el('lido:appellationValue', { 'xml:lang': 'en' }, countryName(p.country))),
          )
        : null,
    ),
  );
}

/** "oil paint, canvas" per language, from the terms that have a label in that language. */
function materialsDisplay(terms: readonly Term[]): Array<[string, string]> {
  const byLanguage = new Map<string, string[]>();
  for (const term of terms) for (const [tag, text] of languageEntries(term.label)) byLanguage.set(tag, [...(byLanguage.get(tag) ?? []), text]);
  return [...byLanguage].map(([tag, texts]) => [tag, texts.join(', ')]);
}

function materialsTech(d: ObjectDescription): XmlElement | null {
  if (d.materials.length === 0 && d.techniques.length === 0) return null;
  return el(
    'lido:eventMaterialsTech',
    null,
    materialsDisplay([...d.materials, ...d.techniques]).map(([tag, text]) => el('lido:displayMaterialsTech', { 'xml:lang': lang(tag) }, text)),
    el(
      'lido:materialsTech',
      null,
      d.materials.map((term, i) => el('lido:termMaterialsTech', { 'lido:type': LIDO_TERMS.material, 'lido:sortorder': i + 1 }, conceptContent(term))),
      d.techniques.map((term, i) => el('lido:termMaterialsTech', { 'lido:type': LIDO_TERMS.technique, 'lido:sortorder': i + 1 }, conceptContent(term))),
    ),
  );
}

function eventType(uri: string, label: { en: string; fr: string; es: string }): XmlElement {
  return el('lido:eventType', null, conceptId(uri), (['en', 'fr', 'es'] as const).map((tag) => el('lido:term', { 'xml:lang': tag }, label[tag])));
}

/** Places of origin, and places whose kind is not given, belong to the production event. */
function productionPlaces(d: ObjectDescription): Place[] {
  return d.places.filter((p) => p.kind !== 'discovery');
}

function production(d: ObjectDescription): XmlElement | null {
  const places = productionPlaces(d);
  if (d.makers.length === 0 && !d.dating && places.length === 0 && d.materials.length === 0 && d.techniques.length === 0) return null;
  return el(
    'lido:eventSet',
    null,
    el(
      'lido:event',
      null,
      eventType(LIDO_TERMS.production, { en: 'Production', fr: 'Production', es: 'Producción' }),
      d.makers.map(actor),
      d.dating
        ? el(
            'lido:eventDate',
            null,
            el('lido:displayDate', null, d.dating.display),
            d.dating.earliest !== undefined || d.dating.latest !== undefined
              ? el(
                  'lido:date',
                  null,
                  d.dating.earliest !== undefined ? el('lido:earliestDate', null, year(d.dating.earliest)) : null,
                  d.dating.latest !== undefined ? el('lido:latestDate', null, year(d.dating.latest)) : null,
                )
              : null,
          )
        : null,
      places.map(place),
      materialsTech(d),
    ),
  );
}

function finding(d: ObjectDescription): XmlElement | null {
  const places = d.places.filter((p) => p.kind === 'discovery');
  if (places.length === 0) return null;
  return el('lido:eventSet', null, el('lido:event', null, eventType(LIDO_TERMS.finding, { en: 'Finding', fr: 'Découverte', es: 'Hallazgo' }), places.map(place)));
}

/** A year as ISO 8601 writes it: four digits at least, a minus sign before the common era ("-0500"). */
export function year(value: number): string {
  const digits = String(Math.abs(Math.trunc(value))).padStart(4, '0');
  return value < 0 ? `-${digits}` : digits;
}

function relatedWork(display: string, relation: Child[]): XmlElement {
  const url = /^https?:\/\/\S+$/i.test(display.trim()) ? display.trim() : undefined;
  return el(
    'lido:relatedWorkSet',
    null,
    el('lido:relatedWork', null, el('lido:displayObject', null, display), url ? el('lido:object', null, el('lido:objectWebResource', null, url)) : null),
    el('lido:relatedWorkRelType', null, relation),
  );
}

function relations(d: ObjectDescription): XmlElement | null {
  const subjects = languageEntries(d.subject);
  return wrapEl(
    'lido:objectRelationWrap',
    null,
    subjects.length > 0
      ? el('lido:subjectWrap', null, el('lido:subjectSet', null, subjects.map(([tag, text]) => el('lido:displaySubject', { 'xml:lang': lang(tag) }, text))))
      : null,
    wrapEl(
      'lido:relatedWorksWrap',
      null,
      d.crossReferences.map((ref) => relatedWork(ref, [el('lido:term', { 'xml:lang': 'en' }, 'related object')])),
      d.relatedWrittenMaterial.map((ref) => relatedWork(ref, [conceptId(EGIDE_LIDO.bibliographyRelation), el('lido:term', { 'xml:lang': 'en' }, 'related written material')])),
    ),
  );
}

function descriptive(o: ExportableObject, links: Links): XmlElement {
  const d = o.description;
  return el(
    'lido:descriptiveMetadata',
    { 'xml:lang': lang(recordLanguage(d)) ?? 'und' },
    classification(d),
    el(
      'lido:objectIdentificationWrap',
      null,
      titles(d),
      wrapEl('lido:inscriptionsWrap', null, d.inscriptions.map(inscription)),
      repository(o, links),
      wrapEl(
        'lido:objectDescriptionWrap',
        null,
        descriptiveNoteSet('lido:objectDescriptionSet', EGIDE_LIDO.descriptionType, d.description),
        descriptiveNoteSet('lido:objectDescriptionSet', EGIDE_LIDO.distinguishingFeaturesType, d.distinguishingFeatures),
      ),
      measurements(d),
    ),
    wrapEl('lido:eventWrap', null, production(d), finding(d)),
    relations(d),
  );
}

// ---------------------------------------------------------------------------------------------
// administrativeMetadata

function resourceSet(o: ExportableObject, index: number, links: Links): XmlElement {
  const photo = o.photos[index]!;
  const urls = links.photo(photo);
  const pixels = (dimension: 'width' | 'height', value: number) =>
    el(
      'lido:resourceMeasurementsSet',
      null,
      el('lido:measurementType', null, labelledConcept(DIMENSION_CONCEPTS[dimension].aat, DIMENSION_CONCEPTS[dimension].label)),
      el('lido:measurementUnit', null, conceptId(aatUri(PIXELS)), el('lido:term', { 'xml:lang': 'en' }, 'pixels')),
      el('lido:measurementValue', null, String(value)),
    );
  return el(
    'lido:resourceSet',
    { 'lido:sortorder': index + 1 },
    el('lido:resourceID', { 'lido:type': LIDO_TERMS.localIdentifier, 'lido:source': EGIDE_LIDO.source }, photo.id),
    el(
      'lido:resourceRepresentation',
      { 'lido:type': LIDO_TERMS.providedImage },
      el('lido:linkResource', { 'lido:formatResource': photo.mime }, urls.original),
      pixels('width', photo.width),
      pixels('height', photo.height),
    ),
    el('lido:resourceRepresentation', { 'lido:type': LIDO_TERMS.thumbnail }, el('lido:linkResource', { 'lido:formatResource': 'image/webp' }, urls.thumbnail)),
    el('lido:resourceType', null, conceptId(`${AAT}${DIGITAL_IMAGES}`), el('lido:term', { 'xml:lang': 'en' }, 'digital images')),
    textEl('lido:resourceDescription', null, photo.caption),
  );
}

function administrative(o: ExportableObject, links: Links): XmlElement {
  const d = o.description;
  return el(
    'lido:administrativeMetadata',
    { 'xml:lang': lang(recordLanguage(d)) ?? 'und' },
    el(
      'lido:recordWrap',
      null,
      el('lido:recordID', { 'lido:type': LIDO_TERMS.localIdentifier, 'lido:source': EGIDE_LIDO.source }, o.id),
      el('lido:recordType', null, conceptId(LIDO_TERMS.itemLevelRecord), el('lido:term', { 'xml:lang': 'en' }, 'item-level record')),
      el('lido:recordSource', null, legalBody(o.organisation.name, links, o.organisation.slug)),
      el('lido:recordRights', null, el('lido:rightsHolder', null, legalBody(o.organisation.name, links, o.organisation.slug))),
      el('lido:recordInfoSet', null, el('lido:recordInfoLink', { 'lido:formatResource': 'application/json' }, links.object(o.id))),
      el(
        'lido:recordInfoSet',
        { 'lido:type': LIDO_TERMS.recordMetadata },
        d.dateDocumented ? el('lido:recordMetadataDate', { 'lido:type': LIDO_TERMS.creationDate }, d.dateDocumented) : null,
        el('lido:recordMetadataDate', { 'lido:type': LIDO_TERMS.modificationDate }, o.updatedAt),
      ),
    ),
    wrapEl('lido:resourceWrap', null, o.photos.map((_, i) => resourceSet(o, i, links))),
  );
}

// ---------------------------------------------------------------------------------------------
// Records and documents

export interface LidoOptions {
  /** Declare the namespaces on the record (default). A record inside a `lidoWrap` that declares them may leave them out. */
  namespaces?: boolean;
}

/** The `lido:lido` element of one object. */
export function lidoElement(o: ExportableObject, links: Links, options: LidoOptions = {}): XmlElement {
  return el(
    'lido:lido',
    options.namespaces === false ? null : ROOT_NAMESPACES,
    el('lido:lidoRecID', { 'lido:type': LIDO_TERMS.localIdentifier, 'lido:source': EGIDE_LIDO.source }, o.id),
    el('lido:objectPublishedID', { 'lido:type': LIDO_TERMS.uri }, links.object(o.id)),
    el('lido:category', null, conceptId(HUMAN_MADE_OBJECT), el('lido:term', { 'xml:lang': 'en' }, 'Human-Made Object')),
    descriptive(o, links),
    administrative(o, links),
  );
}

/** One record as XML text (no declaration), indented from `depth`: the unit a stream writes. */
export function lidoRecord(o: ExportableObject, links: Links, options: LidoOptions & { depth?: number } = {}): string {
  return serialize(lidoElement(o, links, options), options.depth ?? 0);
}

/** A standalone LIDO document for one object. */
export function lidoDocument(o: ExportableObject, links: Links): string {
  return `${XML_DECLARATION}\n${lidoRecord(o, links)}\n`;
}

/** Start of a `lidoWrap` document; write records with `lidoRecord(o, links, { namespaces: false, depth: 1 })`, then `LIDO_WRAP_CLOSE`. */
export const LIDO_WRAP_OPEN = `${XML_DECLARATION}\n<lido:lidoWrap xmlns:lido="${LIDO_NS}" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${LIDO_NS} ${LIDO_SCHEMA}">\n`;
export const LIDO_WRAP_CLOSE = '</lido:lidoWrap>\n';

/** A whole `lidoWrap` in memory (tests, small sets); exports stream with the pieces above. */
export function lidoWrapDocument(objects: readonly ExportableObject[], links: Links): string {
  return LIDO_WRAP_OPEN + objects.map((o) => `${lidoRecord(o, links, { namespaces: false, depth: 1 })}\n`).join('') + LIDO_WRAP_CLOSE;
}
