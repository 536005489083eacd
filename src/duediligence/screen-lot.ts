import { foldForSearch } from '../i18n/fold.js';
import { searchTokens } from '../i18n/search-text.js';
import { normaliseMeasurement } from '../registry/measurements.js';
import type { Dimension, ObjectDescription } from '../registry/object-record.js';
import { STOP_WORDS } from '../registry/search/search.service.js';
import { CONFIDENT_SCORE } from '../redlists/customs/category-ranking.js';
import { LOT_DIMENSIONS, type LotEvidence, type LotFields, type LotOutcome, type RuleHit, type TextEvidence } from './lot.js';

/** A registry object as the text screening reads it (an ObjectView is one). */
export interface ScreenedObject {
  id: string;
  status: string;
  title: string;
  description: ObjectDescription;
}

/**
 * What each rule brings to the score. An inventory number is the strongest single sign but is
 * copied, re-used and mistyped, so it alone gives a possible match; a title alone ("Portrait of a
 * woman") gives nothing.
 */
export const RULE_WEIGHTS = { 'inventory-number': 0.45, title: 0.25, maker: 0.15, measurements: 0.15 } as const;
/** From this score a candidate is a match, from the lower one a possible match. */
export const MATCH_SCORE = 0.55;
export const POSSIBLE_SCORE = 0.3;
/** Titles sharing at least this share of their words (Dice coefficient) agree. */
const TITLE_AGREEMENT = 0.5;
/** Measurements taken differently (with or without frame, rounded) agree within ±5 % or 1 cm. */
export const MEASUREMENT_TOLERANCE = 0.05;
const MEASUREMENT_SLACK_CM = 1;
/** Shorter numbers ("12", "A1") are too common to tell objects apart. */
const MIN_NUMBER_LENGTH = 3;

/**
 * An inventory number as registers and catalogues write it differently: case, accents, spaces
 * and punctuation dropped ("Inv. 1987.12/3" and "inv1987123" agree), and a leading "inv"/"no"
 * prefix with it.
 */
export function normaliseInventoryNumber(text: string): string {
  const folded = foldForSearch(text).trim().replace(/^(?:inventaire|inventario|inventory|inv|nr|no|num|numero|number)(?:\.\s*|\s+|(?=\d))/, '');
  return folded.replace(/[^\p{L}\p{N}]+/gu, '');
}

function significant(text: string): string[] {
  const words = searchTokens(text).filter((word) => !STOP_WORDS.has(word));
  return [...new Set(words)];
}

/** Dice coefficient of two sets of words, in [0, 1]. */
function dice(a: readonly string[], b: readonly string[]): { score: number; shared: string[] } {
  if (a.length === 0 || b.length === 0) return { score: 0, shared: [] };
  const other = new Set(b);
  const shared = a.filter((word) => other.has(word));
  return { score: (2 * shared.length) / (a.length + b.length), shared };
}

/** The object's numbers: its inventory number, and numbers written on it or in its cross-references. */
function objectNumbers(description: ObjectDescription): string[] {
  return [
    ...(description.inventoryNumber ? [description.inventoryNumber] : []),
    ...description.inscriptions.filter((inscription) => inscription.kind === 'number').map((inscription) => inscription.text),
    ...description.crossReferences,
  ];
}

function inventoryRule(lot: LotFields, description: ObjectDescription): RuleHit | undefined {
  const theirs = new Map(objectNumbers(description).map((number) => [normaliseInventoryNumber(number), number]));
  for (const number of lot.inventoryNumbers ?? []) {
    const normalised = normaliseInventoryNumber(number);
    if (normalised.length >= MIN_NUMBER_LENGTH && theirs.has(normalised)) return { rule: 'inventory-number', detail: `${number} = ${theirs.get(normalised)}`, weight: RULE_WEIGHTS['inventory-number'] };
  }
  return undefined;
}

function titleRule(lot: LotFields, object: ScreenedObject): RuleHit | undefined {
  if (!lot.title) return undefined;
  const words = significant(lot.title);
  let best = { score: 0, shared: [] as string[] };
  for (const title of [object.title, ...Object.values(object.description.title)]) {
    const compared = dice(words, significant(title));
    if (compared.score > best.score) best = compared;
  }
  if (best.score < TITLE_AGREEMENT) return undefined;
  return { rule: 'title', detail: best.shared.join(' '), weight: round(RULE_WEIGHTS.title * best.score) };
}

/** Every word of the shorter name is in the longer ("Rembrandt" and "Rembrandt van Rijn"). */
function makerRule(lot: LotFields, description: ObjectDescription): RuleHit | undefined {
  if (!lot.maker) return undefined;
  const ours = significant(lot.maker);
  if (ours.length === 0) return undefined;
  for (const maker of description.makers) {
    const theirs = significant(maker.name);
    if (theirs.length === 0) continue;
    const [short, long] = ours.length <= theirs.length ? [ours, new Set(theirs)] : [theirs, new Set(ours)];
    if (short.every((word) => long.has(word))) return { rule: 'maker', detail: maker.name, weight: RULE_WEIGHTS.maker };
  }
  return undefined;
}

/** The object's measurements in cm and kg by dimension, the whole object's before a part's (a frame's). */
function objectMeasurements(description: ObjectDescription): Map<Dimension, number> {
  const out = new Map<Dimension, number>();
  const ordered = [...description.measurements].sort((a, b) => Number(a.part !== undefined) - Number(b.part !== undefined));
  for (const measurement of ordered) if (!out.has(measurement.dimension)) out.set(measurement.dimension, normaliseMeasurement(measurement).value);
  return out;
}

const agrees = (a: number, b: number) => Math.abs(a - b) <= Math.max(MEASUREMENT_SLACK_CM, MEASUREMENT_TOLERANCE * Math.max(a, b));

/** Every dimension both give agrees; one dimension alone brings half the weight. */
function measurementRule(lot: LotFields, description: ObjectDescription): RuleHit | undefined {
  const theirs = objectMeasurements(description);
  const compared: string[] = [];
  for (const dimension of LOT_DIMENSIONS) {
    const ours = lot.measurements?.[dimension];
    const other = theirs.get(dimension);
    if (ours === undefined || other === undefined) continue;
    if (!agrees(ours, other)) return undefined;
    compared.push(`${dimension} ${ours}≈${other}`);
  }
  if (compared.length === 0) return undefined;
  return { rule: 'measurements', detail: compared.join(', '), weight: compared.length >= 2 ? RULE_WEIGHTS.measurements : RULE_WEIGHTS.measurements / 2 };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The text side of screening one lot against one registry object: the rules that fired and a
 * verdict, or null when the object is not a candidate. Pure: the full screening (the service) and
 * the continuous watch of certified lots call it with the objects they read.
 */
export function screenLotAgainstObject(lot: LotFields, object: ScreenedObject): TextEvidence | null {
  const rules = [inventoryRule(lot, object.description), titleRule(lot, object), makerRule(lot, object.description), measurementRule(lot, object.description)].filter((hit): hit is RuleHit => hit !== undefined);
  const score = round(Math.min(1, rules.reduce((sum, hit) => sum + hit.weight, 0)));
  if (score < POSSIBLE_SCORE) return null;
  return { objectId: object.id, title: object.title, status: object.status, verdict: score >= MATCH_SCORE ? 'match' : 'possible', score, rules };
}

/**
 * A lot's outcome from its evidence: a match by text or photo is a match; a possible one, or a Red
 * List category ranked high enough to rely on, is possible. Import thresholds and provenance gaps
 * are shown beside the outcome, never change it: they say what to ask, not that the lot is listed.
 */
export function lotOutcome(evidence: Pick<LotEvidence, 'text' | 'photos' | 'categories'>): LotOutcome {
  const registry = [...evidence.text, ...evidence.photos];
  if (registry.some((hit) => hit.verdict === 'match')) return 'match';
  if (registry.length > 0 || evidence.categories.some((category) => category.score >= CONFIDENT_SCORE)) return 'possible';
  return 'no-match';
}
