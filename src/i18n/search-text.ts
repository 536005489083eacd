import { foldForSearch } from './fold.js';

/**
 * The words of a text as search indexes and queries hold them: case and accents folded ("Évêque" →
 * "eveque", "Œuvre" → "oeuvre"), split on anything that is not a letter or digit, as SQLite's FTS5
 * unicode61 tokenizer does. PostgreSQL's index is written from these words too, so that a query
 * finds the same objects on both engines.
 */
export function searchTokens(text: string): string[] {
  return foldForSearch(text)
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}
