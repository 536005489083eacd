/**
 * Tate collection records (the JSON Lines export of Tate's open data, one artwork per line) read as
 * Object ID descriptions. Used by `egide demo` and by the search benchmark.
 *
 * The mapping is best effort and never throws on odd records: an unknown classification still gives
 * a broad object type, unknown media stay as free-text terms, unreadable dimensions are skipped.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { parseMeasurements } from '../measurements.js';
import type { Inscription, ObjectDescription, Term } from '../object-record.js';
import { findTerm, toTerm, typePath, type VocabularyKind } from '../vocabulary.js';

export interface TateContributor {
  fc: string;
  role?: string | null;
  birthYear?: number | null;
  displayOrder?: number | null;
}

export interface TateSubject {
  name: string;
  children?: TateSubject[] | null;
}

/** The fields of a Tate artwork record that Egide reads; the export has more. */
export interface TateRecord {
  acno: string;
  title?: string | null;
  all_artists?: string | null;
  contributors?: TateContributor[] | null;
  dateText?: string | null;
  dateRange?: { startYear?: number | null; endYear?: number | null; text?: string | null } | null;
  medium?: string | null;
  classification?: string | null;
  dimensions?: string | null;
  height?: string | null;
  width?: string | null;
  depth?: string | null;
  units?: string | null;
  inscription?: string | null;
  subjects?: TateSubject | null;
  creditLine?: string | null;
  url?: string | null;
  acquisitionYear?: number | null;
}

// ---------------------------------------------------------------------------------------------
// Object type: Tate's classification, refined by the first word of the medium.

/** The first medium word that names a more precise type, per Tate classification. */
const TYPE_FROM_MEDIUM: Record<string, Record<string, string>> = {
  painting: { oil: 'oil-paintings', acrylic: 'acrylic-paintings', tempera: 'tempera-paintings', gouache: 'gouaches', watercolour: 'watercolours' },
  'on paper, unique': { watercolour: 'watercolours', gouache: 'gouaches', photograph: 'photographs', oil: 'paintings' },
  'on paper, print': {
    screenprint: 'screenprints',
    lithograph: 'lithographs',
    etching: 'etchings',
    engraving: 'engravings',
    line: 'engravings',
    woodcut: 'woodcuts',
    wood: 'woodcuts',
    photograph: 'photographs',
  },
  sculpture: {},
  relief: {},
};

/** Tate classification → vocabulary key of the type, or a free-text narrow type under a key. */
const TYPE_OF_CLASSIFICATION: Record<string, { key: string; free?: string }> = {
  painting: { key: 'paintings' },
  'on paper, unique': { key: 'drawings' },
  'on paper, print': { key: 'prints' },
  sculpture: { key: 'sculpture' },
  relief: { key: 'reliefs' },
  installation: { key: 'visual-works', free: 'installations' },
  'block for printing': { key: 'visual-works', free: 'printing blocks' },
  'time-based media': { key: 'visual-works', free: 'time-based media' },
  'supporting material': { key: 'documents', free: 'supporting material' },
};

function firstWord(text: string): string {
  return (/^[\p{L}]+/u.exec(text.trim())?.[0] ?? '').toLowerCase();
}

/** Broad to narrow, at least one level (visual works) and two whenever the classification is known. */
export function tateObjectType(classification: string | null | undefined, medium: string | null | undefined): Term[] {
  const known = classification ? TYPE_OF_CLASSIFICATION[classification.trim().toLowerCase()] : undefined;
  if (!known) return typePath('visual-works').map(toTerm);
  const refined = TYPE_FROM_MEDIUM[classification!.trim().toLowerCase()]?.[firstWord(medium ?? '')];
  const path = typePath(refined ?? known.key).map(toTerm);
  if (known.free) path.push({ label: { en: known.free } });
  return path;
}

// ---------------------------------------------------------------------------------------------
// Materials and techniques from the medium ("Watercolour, ink, chalk and graphite on paper").

/** Medium words Tate writes that name a vocabulary term under another spelling. */
const MEDIUM_ALIASES: Record<string, { kind: VocabularyKind; key: string }> = {
  screenprint: { kind: 'technique', key: 'screenprinting' },
  'screenprints': { kind: 'technique', key: 'screenprinting' },
  lithograph: { kind: 'technique', key: 'lithography' },
  photograph: { kind: 'technique', key: 'photography' },
  'line engraving': { kind: 'technique', key: 'engraving' },
  'wood engraving': { kind: 'technique', key: 'woodcut' },
  'painted': { kind: 'technique', key: 'painting' },
  crayon: { kind: 'material', key: 'chalk' },
  pen: { kind: 'technique', key: 'drawing' },
  aluminium: { kind: 'material', key: 'metal' },
};

/** Colours and other words of a medium statement that name no material. */
const NOT_MATERIALS = new Set(['colour', 'colours', 'color', 'colors', 'black', 'white', 'various', 'unknown', 'mixed', 'dimensions variable']);

/** Free-text pieces that read as techniques rather than materials. */
const TECHNIQUE_ENDINGS = /(print|printing|graph|tint|point|cut|type|engraving|etching|casting|carving|collage)$/;

/** Labels inside a medium statement that are not materials: "Verso:", "Recto:", "Frame:". */
const MEDIUM_LABEL = /^\s*(verso|recto|frame|mount|support|base|backing)\s*:\s*/i;

function lookup(kind: VocabularyKind, text: string): Term | undefined {
  const found = findTerm(kind, text);
  return found ? toTerm(found) : undefined;
}

function classify(piece: string, isSupport: boolean): { kind: 'material' | 'technique'; term: Term } | undefined {
  const text = piece.replace(MEDIUM_LABEL, '').replace(/\s+/g, ' ').trim().toLowerCase();
  if (text === '' || /^\d/.test(text) || text.length > 60 || NOT_MATERIALS.has(text)) return undefined;
  const alias = MEDIUM_ALIASES[text];
  if (alias) {
    const term = lookup(alias.kind, alias.key);
    if (term) return { kind: alias.kind === 'technique' ? 'technique' : 'material', term };
  }
  const material = lookup('material', text);
  if (material) return { kind: 'material', term: material };
  const technique = lookup('technique', text);
  if (technique) return { kind: 'technique', term: technique };
  // Two or more words: the last word names the technique ("wood engraving") or the material.
  const words = text.split(' ');
  if (words.length > 1) {
    const last = words.at(-1)!;
    const lastTechnique = MEDIUM_ALIASES[last]?.kind === 'technique' ? lookup('technique', MEDIUM_ALIASES[last]!.key) : lookup('technique', last);
    if (lastTechnique && !isSupport) return { kind: 'technique', term: { label: { en: text } } };
    // "carved wood", "painted steel": the material; "copper plate": the first word is.
    const lastMaterial = lookup('material', last);
    if (lastMaterial) return { kind: 'material', term: lastMaterial };
    const firstMaterial = lookup('material', words[0]!);
    if (firstMaterial && !TECHNIQUE_ENDINGS.test(text)) return { kind: 'material', term: firstMaterial };
  }
  const free: Term = { label: { en: text } };
  return !isSupport && TECHNIQUE_ENDINGS.test(text) ? { kind: 'technique', term: free } : { kind: 'material', term: free };
}

const termId = (term: Term) => term.aat ?? JSON.stringify(term.label);

/**
 * Materials and techniques named in a Tate medium statement, vocabulary terms where known and
 * free text otherwise, without duplicates. What follows " on " is the support (a material).
 */
export function tateMediumTerms(medium: string | null | undefined): { materials: Term[]; techniques: Term[] } {
  const materials: Term[] = [];
  const techniques: Term[] = [];
  const seen = new Set<string>();
  if (!medium) return { materials, techniques };
  for (const sentence of medium.split(/[.;]\s*|\r?\n/)) {
    const [media = '', ...supports] = sentence.split(/\s+on\s+/i);
    const pieces = [
      ...media.split(/,\s*|\s+and\s+|\s+with\s+/i).map((piece) => ({ piece, isSupport: false })),
      ...supports.flatMap((support) => support.split(/,\s*|\s+and\s+/i)).map((piece) => ({ piece, isSupport: true })),
    ];
    for (const { piece, isSupport } of pieces) {
      const found = classify(piece, isSupport);
      if (!found) continue;
      const id = `${found.kind}:${termId(found.term)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      (found.kind === 'technique' ? techniques : materials).push(found.term);
    }
  }
  return { materials, techniques };
}

// ---------------------------------------------------------------------------------------------

/** The names of the leaves of Tate's subject tree ("man, old", "kneeling", "blessing"), without duplicates. */
export function tateSubjectLeaves(subjects: TateSubject | null | undefined): string[] {
  const leaves = new Set<string>();
  const visit = (node: TateSubject) => {
    if (node.children?.length) node.children.forEach(visit);
    else if (node.name && node.name !== 'subject') leaves.add(node.name);
  };
  if (subjects) visit(subjects);
  return [...leaves];
}

const text = (value: string | null | undefined) => value?.replace(/\s+/g, ' ').trim() ?? '';

/** A Tate artwork record as an Object ID description. */
export function tateRecordToDescription(record: TateRecord): ObjectDescription {
  const { materials, techniques } = tateMediumTerms(record.medium);
  const title = text(record.title);
  const medium = text(record.medium);
  const credit = text(record.creditLine);
  const description = [medium, credit].filter(Boolean).map((part) => part.replace(/\.$/, '')).join('. ');
  const subject = tateSubjectLeaves(record.subjects).join(', ');
  const start = record.dateRange?.startYear ?? undefined;
  const end = record.dateRange?.endYear ?? undefined;
  const display = text(record.dateText) || text(record.dateRange?.text);
  const inscriptions: Inscription[] = text(record.inscription) ? [{ kind: 'inscription', text: text(record.inscription) }] : [];
  const unit = record.units === 'mm' || record.units === 'cm' ? record.units : undefined;
  const makers = [...(record.contributors ?? [])]
    .filter((c) => text(c.fc))
    .sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0))
    .map((c) => (text(c.role) ? { name: text(c.fc), role: text(c.role) } : { name: text(c.fc) }));
  return {
    inventoryNumber: record.acno,
    objectType: tateObjectType(record.classification, record.medium),
    title: title ? { en: title } : {},
    materials,
    techniques,
    measurements: record.dimensions ? parseMeasurements(record.dimensions, { defaultUnit: unit }).measurements : [],
    inscriptions,
    dating:
      display || start !== undefined
        ? {
            display: display || String(start),
            ...(start === undefined ? {} : { earliest: start }),
            ...(end === undefined ? {} : { latest: Math.max(end, start ?? end) }),
          }
        : null,
    makers,
    subject: subject ? { en: subject } : {},
    distinguishingFeatures: {},
    description: description ? { en: description } : {},
    relatedWrittenMaterial: record.url ? [record.url] : [],
    places: [],
    crossReferences: [],
    dateDocumented: null,
  };
}

/**
 * The records of a Tate export (`.jsonl` or `.jsonl.gz`), one at a time: the file is streamed and
 * decompressed line by line, never held in memory. Blank lines are skipped; a line that is not
 * JSON throws with its line number.
 */
export async function* readTateRecords(path: string): AsyncGenerator<TateRecord> {
  const file = createReadStream(path);
  const input = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  file.on('error', (error) => input.destroy(error));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      let record: TateRecord;
      try {
        record = JSON.parse(line) as TateRecord;
      } catch (error) {
        throw new Error(`${path}:${lineNumber}: not a JSON record (${(error as Error).message})`);
      }
      yield record;
    }
  } finally {
    lines.close();
    input.destroy();
    file.destroy();
  }
}
