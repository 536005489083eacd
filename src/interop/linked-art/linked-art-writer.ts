/**
 * Linked Art (https://linked.art, the JSON-LD profile of CIDOC-CRM) `HumanMadeObject` documents of
 * registry objects, valid against linked-art/schema/object.json (API 1.0).
 *
 * Identity: the object's URI is its API resource (`<base>/api/v1/objects/<id>`, which answers JSON-LD
 * by content negotiation). Entities that Egide knows only by a name — makers, places, and terms
 * without an AAT id — get hash URIs inside that document (`…#maker-1`, `…#material-2`), because
 * Linked Art references always carry an `id`; terms with an AAT id use the Getty URI.
 *
 * Not carried (no Linked Art property at the object level fits): measurements of parts (kept in the
 * dimension statement's text), the date documented. Sensitive fields and incidents are never written.
 */
import { pickText } from '../../registry/derived-columns.js';
import type { Inscription, LanguageMap, Maker, Measurement, Place, Term } from '../../registry/object-record.js';
import { aatUri, countryName, DIMENSION_CONCEPTS, INSCRIPTION_STATEMENT, LA, languageConcept, UNIT_CONCEPTS } from '../aat.js';
import { languageEntries, type ExportableObject, type Links } from '../exportable-object.js';
import { MANIFEST_MEDIA_TYPE, manifestPath } from '../../web/iiif-paths.js';
import { measurementsStatement } from '../measurement-text.js';

export const LINKED_ART_CONTEXT = 'https://linked.art/ns/v1/linked-art.json';
/** The media type Linked Art asks servers to answer with. */
export const LINKED_ART_MEDIA_TYPE = `application/ld+json;profile="${LINKED_ART_CONTEXT}"`;

export type JsonObject = { [key: string]: unknown };

interface Ref {
  id: string;
  type: string;
  _label?: string;
}

function concept(aat: string, label: string, extra: JsonObject = {}): JsonObject {
  return { id: aatUri(aat), type: 'Type', _label: label, ...extra };
}

const BRIEF_TEXT = concept(LA.briefText.aat, LA.briefText.label);
const TYPE_OF_WORK = concept(LA.typeOfWork.aat, LA.typeOfWork.label);

/** A statement type, itself classified as brief text, as Linked Art classifies statement types. */
function statementType(aat: string, label: string): JsonObject {
  return concept(aat, label, { classified_as: [BRIEF_TEXT] });
}

function language(tag: string): Ref {
  const { id, label } = languageConcept(tag);
  return { id, type: 'Language', _label: label };
}

function statement(content: string, options: { classifiedAs?: JsonObject[]; label?: string; language?: string | undefined; notes?: JsonObject[] } = {}): JsonObject {
  return {
    type: 'LinguisticObject',
    ...(options.label ? { _label: options.label } : {}),
    ...(options.classifiedAs?.length ? { classified_as: options.classifiedAs } : {}),
    content,
    ...(options.language ? { language: [language(options.language)] } : {}),
    ...(options.notes?.length ? { referred_to_by: options.notes } : {}),
  };
}

/** One statement per language of a language map. */
function statements(map: LanguageMap, options: { classifiedAs?: JsonObject[]; label?: string }): JsonObject[] {
  return languageEntries(map).map(([tag, text]) => statement(text, { ...options, language: tag }));
}

function names(map: LanguageMap): JsonObject[] {
  return languageEntries(map).map(([tag, text]) => ({ type: 'Name', content: text, language: [language(tag)] }));
}

/**
 * A term as a reference: the AAT concept when known, otherwise a concept of this document named in
 * every language it has. `kind` is the Linked Art class (`Type`, `Material`).
 */
function termRef(term: Term, kind: 'Type' | 'Material', localId: string, extra: JsonObject = {}): JsonObject {
  const label = pickText(term.label) || 'unnamed';
  if (term.aat) return { id: aatUri(term.aat), type: kind, _label: label, ...extra };
  // Material references cannot embed names (MaterialRef allows id, type, _label, equivalent only).
  return { id: localId, type: kind, _label: label, ...(kind === 'Type' ? { identified_by: names(term.label) } : {}), ...extra };
}

// Names of workshops, studios, schools, manufactories, cultures: groups rather than people.
const GROUP_WORDS =
  /\b(workshop|atelier|studio|school|circle|followers?|culture|dynasty|kilns?|manufactory|manufacture|factory|company|guild|taller|escuela|c[íi]rculo|cultura|f[áa]brica|[ée]cole|cercle|fabrique|manufacture|maison)\b/i;

export function makerClass(maker: Maker): 'Person' | 'Group' {
  return GROUP_WORDS.test(maker.name) || GROUP_WORDS.test(maker.role ?? '') ? 'Group' : 'Person';
}

function placeRef(p: Place, id: string): Ref {
  return { id, type: 'Place', _label: p.country ? `${p.name} (${countryName(p.country)})` : p.name };
}

/** RFC 3339 date-times (what the schema's `date-time` format accepts) exist for years 0 to 9999 only. */
function yearStart(y: number | undefined): string | undefined {
  return y !== undefined && Number.isInteger(y) && y >= 0 && y <= 9999 ? `${String(y).padStart(4, '0')}-01-01T00:00:00Z` : undefined;
}

function yearEnd(y: number | undefined): string | undefined {
  return y !== undefined && Number.isInteger(y) && y >= 0 && y <= 9999 ? `${String(y).padStart(4, '0')}-12-31T23:59:59Z` : undefined;
}

function dimension(m: Measurement): JsonObject {
  const dim = DIMENSION_CONCEPTS[m.dimension];
  const unit = UNIT_CONCEPTS[m.unit];
  return {
    type: 'Dimension',
    _label: `${m.dimension} ${m.value} ${m.unit}`,
    classified_as: [concept(dim.aat, dim.label.en)],
    value: m.value,
    unit: { id: aatUri(unit.aat), type: 'MeasurementUnit', _label: unit.label.en },
  };
}

function inscriptionStatement(item: Inscription): JsonObject {
  const type = INSCRIPTION_STATEMENT[item.kind];
  const position = item.position?.trim();
  return statement(item.text, {
    label: position ? `${item.kind} (${position})` : item.kind,
    classifiedAs: [statementType(type.aat, type.label)],
    language: item.language,
    notes: position ? [statement(position, { label: 'Position' })] : [],
  });
}

/** The Linked Art document of one object. */
export function linkedArtObject(o: ExportableObject, links: Links): JsonObject {
  const d = o.description;
  const uri = links.object(o.id);
  const local = (name: string, index: number) => `${uri}#${name}-${index + 1}`;

  const identifiedBy: JsonObject[] = [
    ...languageEntries(d.title).map(([tag, text]) => ({
      type: 'Name',
      classified_as: [concept(LA.primaryName.aat, LA.primaryName.label)],
      content: text,
      language: [language(tag)],
    })),
    ...(d.inventoryNumber ? [{ type: 'Identifier', classified_as: [concept(LA.accessionNumber.aat, LA.accessionNumber.label)], content: d.inventoryNumber }] : []),
    { type: 'Identifier', _label: 'Egide identifier', classified_as: [concept(LA.systemNumber.aat, LA.systemNumber.label)], content: o.id },
  ];

  const referredToBy: JsonObject[] = [
    ...statements(d.description, { classifiedAs: [statementType(LA.description.aat, LA.description.label)] }),
    ...statements(d.distinguishingFeatures, { label: 'Distinguishing features', classifiedAs: [statementType(LA.condition.aat, LA.condition.label)] }),
    ...statements(d.subject, { label: 'Subject' }),
    ...d.inscriptions.map(inscriptionStatement),
    ...(d.measurements.length > 0
      ? [statement(measurementsStatement(d.measurements), { classifiedAs: [statementType(LA.dimensionStatement.aat, LA.dimensionStatement.label)], language: 'en' })]
      : []),
    ...d.relatedWrittenMaterial.map((text) => statement(text, { classifiedAs: [statementType(LA.bibliography.aat, LA.bibliography.label)] })),
    ...d.crossReferences.map((text) => statement(text, { label: 'Cross-reference' })),
  ];

  const makers = d.makers.map((maker, i) => ({ maker, ref: { id: local('maker', i), type: makerClass(maker), _label: maker.name } satisfies Ref }));
  const origins = d.places.map((p, i) => ({ p, i })).filter(({ p }) => p.kind !== 'discovery');
  const discoveries = d.places.map((p, i) => ({ p, i })).filter(({ p }) => p.kind === 'discovery');

  let producedBy: JsonObject | undefined;
  if (makers.length > 0 || d.dating || origins.length > 0 || d.techniques.length > 0) {
    const withRole = makers.filter(({ maker }) => maker.role?.trim());
    const withoutRole = makers.filter(({ maker }) => !maker.role?.trim());
    const timespan = d.dating
      ? {
          type: 'TimeSpan',
          identified_by: [{ type: 'Name', content: d.dating.display }],
          ...(yearStart(d.dating.earliest) ? { begin_of_the_begin: yearStart(d.dating.earliest) } : {}),
          ...(yearEnd(d.dating.latest) ? { end_of_the_end: yearEnd(d.dating.latest) } : {}),
        }
      : undefined;
    producedBy = {
      type: 'Production',
      ...(withoutRole.length > 0 ? { carried_out_by: withoutRole.map(({ ref }) => ref) } : {}),
      ...(timespan ? { timespan } : {}),
      ...(origins.length > 0 ? { took_place_at: origins.map(({ p, i }) => placeRef(p, local('place', i))) } : {}),
      ...(d.techniques.length > 0 ? { technique: d.techniques.map((t, i) => termRef(t, 'Type', local('technique', i))) } : {}),
      ...(withRole.length > 0
        ? {
            part: withRole.map(({ maker, ref }) => ({
              type: 'Production',
              _label: `${maker.role!.trim()}: ${maker.name}`,
              classified_as: [{ id: `${ref.id}-role`, type: 'Type', _label: maker.role!.trim() }],
              carried_out_by: [ref],
            })),
          }
        : {}),
    };
  }

  return {
    '@context': LINKED_ART_CONTEXT,
    id: uri,
    type: 'HumanMadeObject',
    _label: pickText(d.title) || d.inventoryNumber || o.id,
    identified_by: identifiedBy,
    ...(d.objectType.length > 0 ? { classified_as: d.objectType.map((t, i) => termRef(t, 'Type', local('type', i), { classified_as: [TYPE_OF_WORK] })) } : {}),
    ...(referredToBy.length > 0 ? { referred_to_by: referredToBy } : {}),
    ...(d.measurements.some((m) => !m.part) ? { dimension: d.measurements.filter((m) => !m.part).map(dimension) } : {}),
    ...(d.materials.length > 0 ? { made_of: d.materials.map((t, i) => termRef(t, 'Material', local('material', i))) } : {}),
    ...(producedBy ? { produced_by: producedBy } : {}),
    ...(discoveries.length > 0 ? { encountered_by: discoveries.map(({ p, i }) => ({ type: 'Encounter', took_place_at: [placeRef(p, local('place', i))] })) } : {}),
    current_owner: [{ id: links.organisation(o.organisation.slug), type: 'Group', _label: o.organisation.name }],
    ...(o.photos.length > 0
      ? {
          representation: o.photos.map((photo) => ({
            type: 'VisualItem',
            ...(photo.caption ? { _label: photo.caption } : {}),
            digitally_shown_by: [
              {
                type: 'DigitalObject',
                ...(photo.caption ? { _label: photo.caption } : {}),
                classified_as: [concept(LA.digitalImage.aat, LA.digitalImage.label)],
                format: 'image/jpeg',
                access_point: [{ id: links.photo(photo).display, type: 'DigitalObject' }],
              },
            ],
          })),
          // The IIIF manifest presents the photos together, with deep zoom (Linked Art's pattern for manifests).
          subject_of: [
            {
              type: 'LinguisticObject',
              _label: 'IIIF manifest',
              digitally_carried_by: [
                {
                  type: 'DigitalObject',
                  format: MANIFEST_MEDIA_TYPE,
                  conforms_to: [{ id: 'http://iiif.io/api/presentation', type: 'InformationObject' }],
                  access_point: [{ id: links.absolute(manifestPath(o.id)), type: 'DigitalObject' }],
                },
              ],
            },
          ],
        }
      : {}),
  };
}
