/** Folds case and diacritics so that "eveque" matches "Évêque" and "oma" matches "OMA". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
