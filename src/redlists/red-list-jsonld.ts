/**
 * A Red List category as JSON-LD, Linked Art (CIDOC-CRM) shaped: a `Type` (crm:E55) named in each
 * language of its list, `broader` its parent category, `skos:broadMatch` the Getty AAT concepts it
 * narrows (a Red List category is a kind of "bowls (vessels)", never the same concept), its
 * description and features as statements, the examples as `representation` (visual items with the
 * image, credit line and licence), and the period of the objects it covers as a `timespan`.
 *
 * Linked Art's concept profile has no time-span nor SKOS matches for a Type: both are extensions
 * here (the period is what makes a category usable by customs), written with the CRM and SKOS terms
 * the JSON-LD context resolves, so any RDF reader understands them.
 */
import { aatUri, languageConcept, LA, LA_READ } from '../interop/aat.js';
import { LINKED_ART_CONTEXT } from '../interop/linked-art/linked-art-writer.js';
import type { Category, Period, Texts } from './red-list-document.js';
import type { PublishedRedList } from './red-list-public.js';
import { redListImagePath } from './red-list-paths.js';

const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const RED_LIST_JSONLD_CONTEXT = [LINKED_ART_CONTEXT, { skos: SKOS }];
/** AAT "credit lines" and "copyright/licensing statements", as Linked Art classifies them. */
const CREDIT_LINE = '300026687';
const LICENSING_STATEMENT = '300435434';

type Json = { [key: string]: unknown };

const type = (aat: string, label: string): Json => ({ id: aatUri(aat), type: 'Type', _label: label });

function languageRef(tag: string): Json {
  const { id, label } = languageConcept(tag);
  return { id, type: 'Language', _label: label };
}

/** A text per language as Linked Art statements (`LinguisticObject`), each with its language. */
function statements(texts: Texts | undefined, classifiedAs: Json): Json[] {
  return Object.entries(texts ?? {}).map(([lang, content]) => ({ type: 'LinguisticObject', classified_as: [classifiedAs], content, language: [languageRef(lang)] }));
}

/** An ISO 8601 year for xsd:dateTime: astronomical numbering (1 BCE is 0000, 300 BCE is -0299). */
function isoYear(year: number): string {
  const astronomical = year < 0 ? year + 1 : year;
  return `${astronomical < 0 ? '-' : ''}${String(Math.abs(astronomical)).padStart(4, '0')}`;
}

function timespan(period: Period): Json {
  return {
    type: 'TimeSpan',
    ...(period.label ? { identified_by: Object.entries(period.label).map(([lang, content]) => ({ type: 'Name', content, language: [languageRef(lang)] })) } : {}),
    begin_of_the_begin: `${isoYear(period.from)}-01-01T00:00:00Z`,
    end_of_the_end: `${isoYear(period.to)}-12-31T23:59:59Z`,
  };
}

function categoryUri(base: string, apiBase: string, slug: string, id: string): string {
  return `${base}${apiBase}/red-lists/${slug}/categories/${id}`;
}

/** The JSON-LD of one category of a published edition; `base` is the public origin, `apiBase` the API's path. */
export function categoryJsonLd(published: PublishedRedList, category: Category, base: string, apiBase: string): Json {
  const { document, slug, edition } = published;
  const label = category.name.en ?? category.name[document.languages[0]!] ?? Object.values(category.name)[0]!;
  const parent = category.parent && document.categories.find((candidate) => candidate.id === category.parent);
  return {
    '@context': RED_LIST_JSONLD_CONTEXT,
    id: categoryUri(base, apiBase, slug, category.id),
    type: 'Type',
    _label: label,
    identified_by: Object.entries(category.name).map(([lang, content]) => ({
      type: 'Name',
      classified_as: [type(LA.primaryName.aat, LA.primaryName.label)],
      content,
      language: [languageRef(lang)],
    })),
    'skos:prefLabel': Object.entries(category.name).map(([lang, value]) => ({ '@value': value, '@language': lang })),
    ...(parent ? { broader: [{ id: categoryUri(base, apiBase, slug, parent.id), type: 'Type', _label: parent.name.en ?? Object.values(parent.name)[0] }] } : {}),
    ...(category.aat.length > 0 ? { 'skos:broadMatch': category.aat.map((concept) => ({ id: concept.id, type: 'Type', _label: concept.label })) } : {}),
    referred_to_by: [
      ...statements(category.description, type(LA.description.aat, LA.description.label)),
      ...statements(category.features, type(LA.briefText.aat, 'Distinguishing features')),
      ...statements(category.regionOrCulture, type(LA_READ.culture, 'Culture')),
    ],
    ...(category.period ? { timespan: timespan(category.period) } : {}),
    ...(category.examples.length > 0
      ? {
          representation: category.examples.map((example) => ({
            type: 'VisualItem',
            _label: [example.institution, example.inventoryNumber].filter(Boolean).join(', '),
            digitally_shown_by: [
              {
                type: 'DigitalObject',
                classified_as: [type(LA.digitalImage.aat, LA.digitalImage.label)],
                access_point: [{ id: `${base}${redListImagePath(slug, edition, example.image, 'display')}`, type: 'DigitalObject' }],
              },
            ],
            referred_to_by: [
              { type: 'LinguisticObject', classified_as: [type(CREDIT_LINE, 'Credit Line')], content: example.credit },
              { type: 'LinguisticObject', classified_as: [type(LICENSING_STATEMENT, 'Copyright/License Statement')], content: example.licence },
              ...statements(example.description, type(LA.description.aat, LA.description.label)),
            ],
          })),
        }
      : {}),
    member_of: [{ id: `${base}${apiBase}/red-lists/${slug}?edition=${edition}`, type: 'Set', _label: document.title.en ?? Object.values(document.title)[0] }],
  };
}
