/**
 * The CSV import format: one object per row, the columns below in any order (only
 * `inventory_number` is required), UTF-8 (with or without BOM), separated by commas (or by
 * semicolons or tabs, as spreadsheets in some locales save them: told from the header line).
 */
import type { ObjectDescription } from '../../registry/object-record.js';

export const CSV_COLUMNS = [
  'inventory_number',
  'title',
  'object_type',
  'materials',
  'techniques',
  'measurements',
  'inscriptions',
  'date',
  'maker',
  'subject',
  'distinguishing_features',
  'description',
  'place_of_origin',
  'images',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export function isCsvColumn(name: string): name is CsvColumn {
  return (CSV_COLUMNS as readonly string[]).includes(name);
}

/** What each column holds, as `egide import --template csv` explains it. */
export const CSV_COLUMN_HELP: Record<CsvColumn, string> = {
  inventory_number: 'the column is required; unique in the file; the key: importing the file again updates these objects. A row without one (or with a placeholder such as s.n.) is imported with a warning, keyed on its title (and, for several such rows with one title, on its rank among them)',
  title: 'text in the --lang language, or one text per language: fr:Portrait d’un évêque|en:Portrait of a bishop',
  object_type: 'broad to narrow, levels separated by ">": ceramics > jar (one known term such as "oil paintings" is completed: visual works > paintings > oil paintings); terms not in the vocabulary are kept as written',
  materials: 'separated by ";": oil paint; canvas (vocabulary terms in English, French or Spanish, or free text)',
  techniques: 'separated by ";": carving; gilding',
  measurements: 'as museums write them: H 30 x W 40 cm; frame: 35 x 45 cm; Diam. 12 cm; 3 kg (a measurement that cannot be read is kept as written in the description, with a warning)',
  inscriptions: 'separated by "|", each "kind: text @ position" (kind: signature, inscription, mark, label, stamp or number; kind and position optional): signature: J. Smith @ lower right',
  date: 'as written, read where possible: 1650, c. 1650 (read as 1640–1660), 1650-1660, 1650s, 17th century; other text is kept as written',
  maker: 'names separated by ";": Rembrandt van Rijn; Workshop of Rembrandt',
  subject: 'what is depicted; text or one text per language, as for title',
  distinguishing_features: 'damage, repairs, marks that single the object out; text or one text per language, as for title',
  description: 'text or one text per language, as for title',
  place_of_origin: 'Name (country code): Delft (NL); several separated by ";"',
  images: 'image files separated by "|", relative to the folder of the CSV file: photos/inv-1.jpg|photos/inv-1-back.jpg',
};

/** The description field each column fills (images are photos, not a description field). */
export const CSV_FIELD: Record<CsvColumn, keyof ObjectDescription | null> = {
  inventory_number: 'inventoryNumber',
  title: 'title',
  object_type: 'objectType',
  materials: 'materials',
  techniques: 'techniques',
  measurements: 'measurements',
  inscriptions: 'inscriptions',
  date: 'dating',
  maker: 'makers',
  subject: 'subject',
  distinguishing_features: 'distinguishingFeatures',
  description: 'description',
  place_of_origin: 'places',
  images: null,
};

const COLUMN_OF_FIELD = new Map(Object.entries(CSV_FIELD).flatMap(([column, field]) => (field ? [[field as string, column]] : [])));

/** A description field path named as the CSV names it: ["places", 0, "country"] → "place_of_origin (country)". */
export function csvFieldLabel(path: ReadonlyArray<PropertyKey>): string {
  const [field, ...rest] = path.map(String);
  const column = COLUMN_OF_FIELD.get(field ?? '') ?? field ?? '';
  const detail = rest.filter((part) => !/^\d+$/.test(part));
  return detail.length > 0 ? `${column} (${detail.join('.')})` : column;
}

/** Description fields a CSV file with these columns does not carry: an update keeps their stored values. */
export function fieldsNotInCsv(columns: readonly CsvColumn[]): Array<keyof ObjectDescription> {
  const given = new Set(columns.map((column) => CSV_FIELD[column]));
  const all: Array<keyof ObjectDescription> = [
    'inventoryNumber', 'objectType', 'title', 'materials', 'techniques', 'measurements', 'inscriptions', 'dating', 'makers',
    'subject', 'distinguishingFeatures', 'description', 'relatedWrittenMaterial', 'places', 'crossReferences', 'dateDocumented',
  ];
  return all.filter((field) => !given.has(field));
}

/** The header line of a CSV template, and one line of explanation per column. */
export function csvTemplate(): { header: string; help: string[] } {
  return {
    header: CSV_COLUMNS.join(','),
    help: CSV_COLUMNS.map((column) => `${column}: ${CSV_COLUMN_HELP[column]}`),
  };
}
