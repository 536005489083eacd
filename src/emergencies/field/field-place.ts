import type { Condition, HeritagePlaceKind } from '../heritage-place-contract.js';

/**
 * A place as the field app keeps it on the phone: enough to find it and assess it offline. The
 * position only when the person may see it (the places service decides), never a generalised one
 * dressed as a point.
 */
export interface FieldPlace {
  id: string;
  name: string;
  kind: HeritagePlaceKind;
  country: string;
  latestCondition: Condition | null;
  /** The place's version when downloaded: sent with the assessment, so the server can tell it changed since. */
  version: number;
  position?: { lat: number; lon: number };
}

/** Lower case without accents: "Mosquée" is found by "mosquee" (the same folding as the app's script). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The places whose name, kind label or country contain every word of the query. */
export function matchPlaces<P extends { search: string }>(places: readonly P[], query: string): P[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return places.filter((place) => words.every((word) => place.search.includes(word)));
}
