/**
 * `egide import --template mapping`: an example mapping file on stdout, to start from, and what
 * each of its keys means on stderr (the language itself: mapping-file.ts).
 */
import type { FieldName, Mapping } from './mapping-file.js';
import { MAX_MATCHED_LENGTH } from './regex-safety.js';

/** An export with one JSON object per line; for a CSV file, the paths are column names instead. */
const EXAMPLE: Mapping = {
  $comment: 'How the records of our collection export fill Object ID fields (egide import --format jsonl --mapping this-file.json)',
  lang: 'en',
  sourceId: 'id',
  fields: {
    inventoryNumber: 'accessionNumber',
    title: [{ path: 'title' }, { path: 'titleFr', lang: 'fr' }],
    objectType: [{ path: 'classification', map: { painting: 'paintings', 'works on paper': 'drawings' } }, { value: 'visual works' }],
    materialsAndTechniques: { text: 'medium', terms: { colour: '' } },
    measurements: { text: 'dimensions', unit: 'unit' },
    inscriptions: { each: 'marks[*]', text: 'text', kind: 'type', position: 'where' },
    dating: { display: 'date', earliest: 'dateFrom', latest: 'dateTo' },
    makers: { each: 'people[*]', name: 'name', role: 'role' },
    subject: { path: 'keywords[*]', join: ', ' },
    description: { path: ['summary', 'creditLine'], join: '. ' },
    places: { name: 'origin.place', country: { path: 'origin.country', match: '^([A-Za-z]{2})$' } },
    relatedWrittenMaterial: 'url',
  },
};

const FIELD_HELP: Record<FieldName, string> = {
  inventoryNumber: 'required; one value (a record without one, or with a placeholder such as "s.n.", is imported with a warning, keyed on its sourceId or title)',
  objectType: 'one value, broad to narrow with ">" (ceramics > jar); one known term such as "oil paintings" is completed with its broader types',
  title: 'a text per language: each rule gives the language of its texts with "lang" (else the mapping’s, else --lang)',
  materials: 'one term per value (vocabulary terms in English, French or Spanish, or free text)',
  techniques: 'one term per value, as materials',
  materialsAndTechniques: 'medium statements ("Oil paint and gold leaf on canvas", "Huile sur toile") read into materials and techniques: a path or rules, or {"text": …, "terms": {"word": "vocabulary term", "colour": ""}} to name the export’s words differently or not at all',
  measurements: 'as museums write them ("H 30 x W 40 cm", "support: 597 x 749 mm"): a path or rules, or {"text": …, "unit": … (for numbers without one), "unreadable": "keep" (kept as written in the description, with a warning; by default) or "skip" (left out, without warning)}',
  inscriptions: 'one per value; or {"each": items, "text": …, "kind": signature|inscription|mark|label|stamp|number, "position": …, "language": …}',
  dating: 'one value, years read from "1650", "c. 1650", "1650-1660", "17th century"; or {"display": …, "earliest": …, "latest": …} with the years from their own paths',
  makers: 'one maker per value; or {"each": items, "name": …, "role": …}',
  subject: 'a text per language, as title',
  distinguishingFeatures: 'a text per language, as title',
  description: 'a text per language, as title',
  relatedWrittenMaterial: 'one entry per value',
  places: 'one place per value; or {"each": items, "name": …, "country": ISO 3166-1 code, "kind": origin|discovery}',
  crossReferences: 'one entry per value',
  dateDocumented: 'one value, a date written 2024-03-14',
  organisation: 'one value, the holding institution\'s name: with --org-from repository, each record goes to its organisation (see --orgs, --create-orgs)',
};

const RULE_HELP = [
  'A field takes a path, a rule, or a list of rules: fields holding one value take the first value the rules give, list fields take them all (without repeats).',
  'Paths: in JSON records, keys separated by dots, [*] for every item of an array, [0] for the first (contributors[*].name); in CSV files, a column named as the header line writes it.',
  'A rule: {"path": a path or a list of paths} or {"value": a constant}, then, in this order:',
  '  "when": {"path": …, "equals": a value or a list}: the rule applies only to records with one of these values (case ignored);',
  '  "split": a separator: each value gives several;',
  '  "match": a regular expression: keeps its first group (or the whole match), drops values it does not match;',
  `    patterns that can backtrack without end are refused (backreferences; a quantifier or alternatives that can start alike inside a repeated group, as (a+)+ or (a|ab)*; two unbounded repeats that can match the same text in a row, as .*x.*), and a value longer than ${MAX_MATCHED_LENGTH} characters fails its record;`,
  '  "map": {"value": "replacement", "*": "for any other value"}: keys compared without case, "" removes the value;',
  '  "join": a separator: the values become one;',
  '  "lang": the language of the rule’s texts (en, fr, es…).',
  'Texts are trimmed and their spaces and line breaks made single spaces (measurements and medium statements keep their line breaks).',
  'Also: "lang" (language of texts), "sourceId" (the record’s id in the export: importing it again updates the same object, even if its inventory number changed).',
  'Fields the mapping leaves out keep their values when an import updates an object. The mapping is checked before anything is imported.',
];

/** The example mapping, and one line of explanation per rule key and field. */
export function mappingTemplate(): { header: string; help: string[] } {
  return {
    header: JSON.stringify(EXAMPLE, null, 2),
    help: [...RULE_HELP, 'Fields:', ...Object.entries(FIELD_HELP).map(([field, help]) => `  ${field}: ${help}`)],
  };
}
