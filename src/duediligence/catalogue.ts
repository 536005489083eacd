import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { invalid } from '../errors.js';
import { dating } from '../interop/import/csv-mapper.js';
import { openCsvTable } from '../interop/import/csv-source.js';
import { importFormat } from '../interop/import/import-formats.js';
import type { ImportSource } from '../interop/import/import-pipeline.js';
import { normaliseMeasurement, parseMeasurements } from '../registry/measurements.js';
import { pickLocalized, type Dimension, type ObjectDescription } from '../registry/object-record.js';
import { readZip, ZipError } from '../util/zip-reader.js';
import type { SubmittedLot } from './due-diligence.service.js';
import { LOT_DIMENSIONS, type LotFields, type LotMeasurements } from './lot.js';
import { normaliseInventoryNumber } from './screen-lot.js';

/** A photo of the catalogue's images (a folder, an archive, uploaded files), read when its lot is stored. */
export interface CatalogueImage {
  name: string;
  read(): Promise<Buffer>;
}

/** The columns of a catalogue in CSV, each under the names catalogues give it (case, spaces and accents aside). */
const COLUMN_NAMES = {
  reference: ['lot', 'lot_number', 'lot_no', 'reference', 'ref', 'lote'],
  title: ['title', 'titre', 'titulo', 'name', 'object'],
  maker: ['maker', 'artist', 'artiste', 'artista', 'author', 'auteur', 'autor'],
  inventoryNumbers: ['inventory_number', 'inventory_numbers', 'inventory', 'numbers', 'numero_inventaire', 'numero_de_inventario'],
  objectType: ['object_type', 'type'],
  material: ['material', 'materials', 'materiau', 'materiaux', 'materiales'],
  dating: ['date', 'dating', 'datation', 'fecha', 'period'],
  originCountry: ['origin_country', 'country', 'pays', 'pais'],
  dimensions: ['dimensions', 'measurements', 'medidas'],
  height: ['height', 'height_cm', 'hauteur', 'alto'],
  width: ['width', 'width_cm', 'largeur', 'ancho'],
  depth: ['depth', 'depth_cm', 'profondeur', 'profundidad'],
  weight: ['weight', 'weight_kg', 'poids', 'peso'],
  valueEur: ['value_eur', 'value', 'estimate', 'estimation', 'valeur', 'valeur_eur', 'valor', 'valor_eur'],
  provenance: ['provenance', 'procedencia'],
  description: ['description', 'descripcion'],
  images: ['images', 'image', 'photos', 'photo', 'files', 'file'],
} as const;
export type CatalogueColumn = keyof typeof COLUMN_NAMES;
const COLUMN_BY_NAME = new Map<string, CatalogueColumn>(Object.entries(COLUMN_NAMES).flatMap(([column, names]) => names.map((name) => [name, column as CatalogueColumn] as const)));

/** "Lot N°", "Valeur (EUR)" → "lot_n", "valeur_eur". */
const headerKey = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

export const CATALOGUE_FORMATS = ['csv', 'json', 'jsonl', 'lido', 'linked-art'] as const;
export type CatalogueFormat = (typeof CATALOGUE_FORMATS)[number];

/**
 * The lots of a catalogue: a dealer's CSV (the columns above, others ignored), or any format Egide
 * imports (JSON, JSON Lines, LIDO, Linked Art; with a mapping file for formats that take one), each
 * record read as a lot. A row that cannot be read is kept as a broken lot saying why, by its line.
 */
export async function readCatalogue(path: string, format: CatalogueFormat, options: { lang: string; mapping?: string | undefined }): Promise<SubmittedLot[]> {
  if (format === 'csv' && options.mapping === undefined) return readCsvCatalogue(path);
  const opened = importFormat(format).open(path, { lang: options.lang, mapping: options.mapping });
  return readRecords(opened.source, (record) => {
    const mapped = opened.map(record);
    return lotOfDescription(mapped.description as Partial<ObjectDescription>, options.lang);
  });
}

async function readCsvCatalogue(path: string): Promise<SubmittedLot[]> {
  const table = openCsvTable<CatalogueColumn>(path, (names) => {
    const columns = names.map((name) => COLUMN_BY_NAME.get(headerKey(name)) ?? '');
    if (!columns.some((column) => column === 'title' || column === 'inventoryNumbers' || column === 'images')) {
      throw invalid(`${basename(path)}: the first line must name the columns, among them a title, an inventory number or images (e.g. ${['lot', 'title', 'maker', 'inventory_number', 'date', 'dimensions', 'value_eur', 'provenance', 'images'].join(', ')}).`, [{ field: 'catalogue', message: 'no title, inventory_number or images column' }]);
    }
    return columns;
  });
  // A broken row keeps its lot reference and title, so that the report says which lot it is.
  return readRecords(table, lotOfRow, (row) => ({ ...(row.reference?.trim() ? { reference: row.reference.trim() } : {}), ...(row.title?.trim() ? { title: row.title.trim() } : {}) }));
}

async function readRecords<R>(source: ImportSource<R>, read: (record: R) => LotFields, label?: (record: R) => LotFields): Promise<SubmittedLot[]> {
  const lots: SubmittedLot[] = [];
  let n = 0;
  for await (const item of source.records()) {
    n++;
    const position = item.line > 0 ? item.line : n;
    if ('error' in item) {
      lots.push({ position, error: item.error });
      continue;
    }
    try {
      lots.push({ position, fields: read(item.record) });
    } catch (error) {
      lots.push({ position, ...(label ? { fields: label(item.record) } : {}), error: error instanceof Error ? error.message : String(error) });
    }
  }
  return lots;
}

/** A cell that could not be read: the row is reported with it, the others are checked. */
class CellError extends Error {
  override name = 'CellError';
}

/** A catalogue row, or the one-object form (the same names), as a lot; an unreadable cell throws, naming it. */
export function lotOfRow(row: Partial<Record<CatalogueColumn, string>>): LotFields {
  const cell = (column: CatalogueColumn) => row[column]?.trim() || undefined;
  const fields: LotFields = {};
  const set = <K extends keyof LotFields>(key: K, value: LotFields[K] | undefined) => {
    if (value !== undefined) fields[key] = value;
  };
  set('reference', cell('reference'));
  set('title', cell('title'));
  set('maker', cell('maker'));
  set('inventoryNumbers', splitList(cell('inventoryNumbers')));
  set('objectType', cell('objectType'));
  set('material', cell('material'));
  const dated = cell('dating');
  if (dated) {
    const read = dating(dated);
    set('dating', dated);
    if (read?.earliest !== undefined && read.latest !== undefined) set('period', { from: read.earliest, to: read.latest });
  }
  const country = cell('originCountry');
  if (country !== undefined) {
    if (!/^[A-Za-z]{2}$/.test(country)) throw new CellError(`origin_country "${country}" is not an ISO 3166-1 code of two letters`);
    set('originCountry', country.toUpperCase());
  }
  set('measurements', measurementsOf(row));
  const value = cell('valueEur');
  if (value !== undefined) set('valueEur', amount(value));
  set('provenance', cell('provenance'));
  set('description', cell('description'));
  set('images', splitList(cell('images')));
  return fields;
}

const splitList = (text: string | undefined) => {
  const items = text?.split(/[;|\n]/).map((item) => item.trim()).filter(Boolean);
  return items && items.length > 0 ? items : undefined;
};

function measurementsOf(row: Partial<Record<CatalogueColumn, string>>): LotMeasurements | undefined {
  const out: LotMeasurements = {};
  const text = row.dimensions?.trim();
  if (text) {
    const parsed = parseMeasurements(text);
    if (parsed.unparsed.length > 0) throw new CellError(`dimensions "${text}": could not read ${parsed.unparsed.map((piece) => `"${piece}"`).join(', ')} (write e.g. "H 30 x W 40 cm")`);
    for (const measurement of parsed.measurements) if (isLotDimension(measurement.dimension) && out[measurement.dimension] === undefined && !measurement.part) out[measurement.dimension] = normaliseMeasurement(measurement).value;
  }
  for (const dimension of LOT_DIMENSIONS) {
    const cell = row[dimension]?.trim();
    if (!cell) continue;
    const value = Number(cell.replace(',', '.'));
    if (!Number.isFinite(value) || value <= 0) throw new CellError(`${dimension} "${cell}" is not a positive number (${dimension === 'weight' ? 'kg' : 'cm'})`);
    out[dimension] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const isLotDimension = (dimension: Dimension): dimension is (typeof LOT_DIMENSIONS)[number] => (LOT_DIMENSIONS as readonly string[]).includes(dimension);

/** "12 000 €", "12,000", "EUR 12000.50", "12000,5" → a number of euros. */
function amount(text: string): number {
  const bare = text.replace(/[\s\u00a0\u202f€]|eur/gi, '');
  const normalised = /^\d{1,3}([,.])\d{3}(\1\d{3})*$/.test(bare) ? bare.replace(/[,.]/g, '') : bare.replace(',', '.');
  const value = Number(normalised);
  if (normalised === '' || !Number.isFinite(value) || value < 0) throw new CellError(`value "${text}" is not an amount in euros`);
  return value;
}

/** A record of an import format read as a lot: its title, first maker, numbers, type, material, dates, origin, measurements. */
function lotOfDescription(description: Partial<ObjectDescription>, lang: string): LotFields {
  const fields: LotFields = {};
  const title = pickLocalized(description.title, lang)?.text;
  if (title) fields.title = title;
  const maker = description.makers?.[0]?.name;
  if (maker) fields.maker = maker;
  const numbers = [description.inventoryNumber, ...(description.inscriptions ?? []).filter((inscription) => inscription.kind === 'number').map((inscription) => inscription.text)].filter((number): number is string => !!number);
  if (numbers.length > 0) fields.inventoryNumbers = numbers;
  const type = description.objectType?.at(-1) && pickLocalized(description.objectType.at(-1)!.label, lang)?.text;
  if (type) fields.objectType = type;
  const material = description.materials?.[0] && pickLocalized(description.materials[0].label, lang)?.text;
  if (material) fields.material = material;
  const dated = description.dating;
  if (dated?.display) fields.dating = dated.display;
  if (dated?.earliest !== undefined && dated.latest !== undefined) fields.period = { from: dated.earliest, to: dated.latest };
  const country = description.places?.find((place) => place.country)?.country;
  if (country) fields.originCountry = country;
  const measurements: LotMeasurements = {};
  for (const measurement of description.measurements ?? []) if (isLotDimension(measurement.dimension) && !measurement.part && measurements[measurement.dimension] === undefined) measurements[measurement.dimension] = normaliseMeasurement(measurement).value;
  if (Object.keys(measurements).length > 0) fields.measurements = measurements;
  const text = pickLocalized(description.description, lang)?.text;
  if (text) fields.description = text;
  if (Object.keys(fields).length === 0) throw new CellError('the record has none of the fields a lot is checked by (title, maker, numbers, type, dates)');
  return fields;
}

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.avif']);
const isImage = (name: string) => IMAGE_EXTENSIONS.has(extname(name).toLowerCase());

/** The photos of a folder (and its subfolders), read when needed. */
export async function folderImages(folder: string): Promise<CatalogueImage[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && isImage(entry.name))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { name: entry.name, read: () => readFile(path) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Photos of a ZIP archive beyond this size are refused (a bomb, or the wrong archive). */
export const MAX_ARCHIVE_BYTES = 4 * 1024 ** 3;

/** The photos of a ZIP archive. */
export function archiveImages(archive: Buffer): CatalogueImage[] {
  let entries;
  try {
    entries = readZip(archive, MAX_ARCHIVE_BYTES);
  } catch (error) {
    if (error instanceof ZipError) throw invalid(`The images archive cannot be read: ${error.message}.`, [{ field: 'images', message: error.message }]);
    throw error;
  }
  return entries.filter((entry) => isImage(entry.name)).map((entry) => ({ name: basename(entry.name), read: async () => entry.bytes }));
}

/** A photo's name without its extension nor a trailing view number: "MU-1987-12_2.jpg" → "MU-1987-12". */
const stemOf = (name: string) => basename(name, extname(name)).replace(/[\s_-]+\(?\d{1,2}\)?$/, '');

/**
 * Gives each lot its photos: those its `images` cell names (by file name, case aside), else those
 * named after its inventory number or lot reference ("MU-1987-12.jpg", "MU 1987 12_2.jpg",
 * "lot-12.jpg"). A named photo that is not there breaks the lot, saying which.
 */
export function attachImages(lots: SubmittedLot[], images: readonly CatalogueImage[]): SubmittedLot[] {
  const byName = new Map(images.map((image) => [image.name.toLowerCase(), image]));
  const byStem = new Map<string, CatalogueImage[]>();
  for (const image of images) {
    for (const key of new Set([normaliseInventoryNumber(stemOf(image.name)), normaliseInventoryNumber(basename(image.name, extname(image.name)))])) {
      if (key) byStem.set(key, [...(byStem.get(key) ?? []), image]);
    }
  }
  return lots.map((lot) => {
    if (!lot.fields || lot.error) return lot;
    const named = lot.fields.images;
    if (named) {
      const missing = named.filter((name) => !byName.has(basename(name).toLowerCase()));
      if (missing.length > 0) return { ...lot, error: `image${missing.length > 1 ? 's' : ''} not found: ${missing.join(', ')}` };
      return { ...lot, photos: named.map((name) => byName.get(basename(name).toLowerCase())!) };
    }
    // A reference "12" also names "lot-12.jpg".
    const references = lot.fields.reference ? [lot.fields.reference, `lot ${lot.fields.reference}`] : [];
    const keys = [...(lot.fields.inventoryNumbers ?? []), ...references].map(normaliseInventoryNumber).filter(Boolean);
    const photos = [...new Set(keys.flatMap((key) => byStem.get(key) ?? []))];
    return photos.length > 0 ? { ...lot, photos } : lot;
  });
}
