/**
 * Medium statements, as museums write them ("Watercolour, ink and graphite on paper. Verso:
 * graphite on paper", "Huile sur toile", "Óleo sobre lienzo"), read into materials and techniques:
 * vocabulary terms where known, free text otherwise, without repeats. For the mapping field
 * `materialsAndTechniques` (mapping-file.ts).
 *
 * Sentences (". ", ";", line breaks) are read one by one; what follows "on" (sur, sobre) is the
 * support, a material; the rest is split on commas, "and" and "with" (et/avec, y/con). A label
 * before a colon ("Verso:", "Frame:") is dropped. Each piece is looked up as a material, then as a
 * technique; a piece of several words whose last word is a technique is a technique as written
 * ("wood engraving"), else the material its last or first word names ("carved wood", "copper
 * plate"). The mapping's `terms` name words of the export under another spelling ("crayon":
 * "chalk") or as no material at all ("colour": "").
 */
import type { Term } from '../../registry/object-record.js';
import { findTerm, toTerm, type VocabularyKind } from '../../registry/vocabulary.js';

/** The words of medium statements, by language (others are read with the English ones). */
const WORDS: Record<string, { on: string; and: string; with: string }> = {
  en: { on: 'on', and: 'and', with: 'with' },
  fr: { on: 'sur', and: 'et', with: 'avec' },
  es: { on: 'sobre', and: 'y', with: 'con' },
};

/** One or two words and a colon starting a piece: "Verso:", "Frame:", "Support:". */
const LABEL = /^\s*\p{L}+(?:\s\p{L}+)?\s*:\s*/u;

/** Free-text pieces that read as techniques rather than materials. */
const TECHNIQUE_ENDINGS = /(print|printing|graph|tint|point|cut|type|engraving|etching|casting|carving|collage)$/;

const MAX_PIECE = 60;

const SEPARATORS = new Map<string, { on: RegExp; media: RegExp; supports: RegExp }>();

/** What separates the support, the media and the supports of a statement in this language. */
function separators(lang: string): { on: RegExp; media: RegExp; supports: RegExp } {
  const base = lang.split('-')[0]!;
  let found = SEPARATORS.get(base);
  if (!found) {
    const words = WORDS[base] ?? WORDS.en!;
    found = {
      on: new RegExp(`\\s+${words.on}\\s+`, 'i'),
      media: new RegExp(`,\\s*|\\s+${words.and}\\s+|\\s+${words.with}\\s+`, 'i'),
      supports: new RegExp(`,\\s*|\\s+${words.and}\\s+`, 'i'),
    };
    SEPARATORS.set(base, found);
  }
  return found;
}

export interface MediumTerms {
  materials: Term[];
  techniques: Term[];
}

type Found = { kind: 'material' | 'technique'; term: Term };

export interface MediumReader {
  read(statement: string, lang: string, into: MediumTerms & { seen: Set<string> }): void;
}

/** A reader of medium statements with the export's own `terms` (keys compared without case). */
export function mediumReader(terms: Readonly<Record<string, string>> = {}): MediumReader {
  const aliases = new Map(Object.entries(terms).map(([word, term]) => [word.replace(/\s+/g, ' ').trim().toLowerCase(), term.trim()]));
  /** Pieces repeat across thousands of records: each is classified once. */
  const classified = new Map<string, Found | undefined>();

  const lookup = (kind: VocabularyKind, text: string): Term | undefined => {
    const found = findTerm(kind, text);
    return found ? toTerm(found) : undefined;
  };

  const classify = (piece: string, isSupport: boolean, lang: string): Found | undefined => {
    const text = piece.replace(LABEL, '').replace(/\s+/g, ' ').trim().toLowerCase();
    if (text === '' || /^\d/.test(text) || text.length > MAX_PIECE) return undefined;
    const alias = aliases.get(text);
    if (alias === '') return undefined;
    if (alias !== undefined) {
      const material = lookup('material', alias);
      if (material) return { kind: 'material', term: material };
      const technique = lookup('technique', alias);
      if (technique) return { kind: 'technique', term: technique };
    }
    const material = lookup('material', text);
    if (material) return { kind: 'material', term: material };
    const technique = lookup('technique', text);
    if (technique) return { kind: 'technique', term: technique };
    const free: Term = { label: { [lang]: text } };
    const words = text.split(' ');
    if (words.length > 1) {
      const last = words.at(-1)!;
      if (!isSupport && lookup('technique', aliases.get(last) ?? last)) return { kind: 'technique', term: free };
      const lastMaterial = lookup('material', last);
      if (lastMaterial) return { kind: 'material', term: lastMaterial };
      const firstMaterial = lookup('material', words[0]!);
      if (firstMaterial && !TECHNIQUE_ENDINGS.test(text)) return { kind: 'material', term: firstMaterial };
    }
    return !isSupport && TECHNIQUE_ENDINGS.test(text) ? { kind: 'technique', term: free } : { kind: 'material', term: free };
  };

  const cached = (piece: string, isSupport: boolean, lang: string): Found | undefined => {
    const key = `${lang}\u0000${isSupport ? 's' : 'm'}\u0000${piece}`;
    if (classified.has(key)) return classified.get(key);
    if (classified.size >= 10_000) classified.clear();
    const found = classify(piece, isSupport, lang);
    classified.set(key, found);
    return found;
  };

  return {
    read(statement, lang, into) {
      const { on, media, supports } = separators(lang);
      for (const sentence of statement.split(/[.;]\s*|\r?\n/)) {
        const [medium = '', ...support] = sentence.split(on);
        const pieces = [
          ...medium.split(media).map((piece) => ({ piece, isSupport: false })),
          ...support.flatMap((part) => part.split(supports)).map((piece) => ({ piece, isSupport: true })),
        ];
        for (const { piece, isSupport } of pieces) {
          const found = cached(piece, isSupport, lang);
          if (!found) continue;
          const id = `${found.kind}:${found.term.aat ?? JSON.stringify(found.term.label)}`;
          if (into.seen.has(id)) continue;
          into.seen.add(id);
          (found.kind === 'technique' ? into.techniques : into.materials).push(found.term);
        }
      }
    },
  };
}
