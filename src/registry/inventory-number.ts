/**
 * Inventory numbers as registers really write them: some objects have none, and some registers
 * write a placeholder where the number would be ("s.n.", "o. Nr.", "—"). A placeholder is not a
 * number (two objects "s.n." are not the same object, nor share a number), so it is stored as a
 * missing number, with the text kept as written so that nothing the source said is lost.
 */
import { foldForSearch } from '../i18n/fold.js';
import type { ObjectDescription } from './object-record.js';

/**
 * Placeholders, folded (case, accents) and without spaces or dots: "O. Nr." → "onr". "0" is not
 * among them: some registers do number an object 0.
 */
const PLACEHOLDERS = new Set([
  'fn', 'sn', 'sinenumero', 'na', 'n/a', 'n/d', 'nd', 'none', 'nil', 'onr', 'ohnenr', 'ohnenummer', 'ohneinvnr', 'withoutnumber', 'nonumber',
  'unnumbered', 'notnumbered', 'sansnumero', 'sinnumero', 's/n', 'unknown', 'inconnu', 'desconocido', 'unbekannt',
]);

/** Only dashes, question marks, dots, stars, slashes, underscores: "—", "?", "-", "--", "…", "***". */
const ONLY_PUNCTUATION = /^[\p{Pd}?.*_/\\…\s]*$/u;

/** The text is not a number but says that there is none (or is blank). */
export function isInventoryPlaceholder(text: string): boolean {
  if (ONLY_PUNCTUATION.test(text)) return true;
  return PLACEHOLDERS.has(foldForSearch(text).replace(/[\s.]+/g, ''));
}

/**
 * The description with a placeholder (or blank) inventory number taken out as missing, the text
 * kept in `inventoryNumberPlaceholder`; unchanged when its number is a number.
 */
export function withInventoryNumberRead<D extends Pick<ObjectDescription, 'inventoryNumber' | 'inventoryNumberPlaceholder'>>(description: D): D {
  const written = description.inventoryNumber;
  if (written === undefined || !isInventoryPlaceholder(written)) return description;
  const { inventoryNumber: _placeholder, ...rest } = description;
  const kept = written.trim();
  return (kept === '' ? rest : { ...rest, inventoryNumberPlaceholder: kept }) as D;
}

/** The object has no inventory number (an imported record without one, or with a placeholder). */
export const lacksInventoryNumber = (description: Pick<ObjectDescription, 'inventoryNumber'>): boolean =>
  description.inventoryNumber === undefined || description.inventoryNumber.trim() === '';
