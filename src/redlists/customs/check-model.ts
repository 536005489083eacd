import type { MessageKey } from '../../i18n/i18n.js';
import type { CategoryIndex } from './category-ranking.js';
import type { ContactKind, Convention, EuAnnexCategory, ExportRule, RedListDocument, Texts } from '../red-list-document.js';

/**
 * The customs check engine's vocabulary: what an officer declares, what the engine answers. Pure
 * data: every reason is a message key with its parameters, so pages, API and PDF translate the same
 * answer in the reader's language.
 */

/** Documents the person presenting the object says they hold. */
export interface DeclaredDocuments {
  importLicence?: boolean;
  importerStatement?: boolean;
  exportCertificate?: boolean;
}

/** What the officer sees or is told; every field may be missing. */
export interface DeclaredFacts {
  /** Free words, any language (`bowl`, `statuette`, `vase`). */
  objectType?: string;
  material?: string;
  /** Apparent period in years; negative years are BCE. */
  period?: { from: number; to: number };
  /** ISO 3166-1 alpha-2, upper case. */
  originCountry?: string;
  destinationCountry?: string;
  declaredValueEur?: number;
  description?: string;
  documents?: DeclaredDocuments;
}
export type FactName = Exclude<keyof DeclaredFacts, 'documents'>;
/** What the check lacks to answer fully. */
export type MissingInput = 'photo' | FactName;

/** A translatable explanation: a message of the customs-check catalogue and its parameters. */
export interface Reason {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** Parameters written in several languages (a category's name): the reader's language is picked. */
  textParams?: Record<string, Texts>;
}

/** An identification candidate, as the registry answered it. */
export interface RegistryMatch {
  objectId: string;
  title: string;
  verdict: 'match' | 'possible';
  score: number;
  status: string;
}

export type MatchKind = 'type' | 'material' | 'period' | 'region' | 'words' | 'visual';
export interface MatchReason {
  kind: MatchKind;
  /** Machine-readable: the keyword matched, the years overlapping, the country, the similarity. */
  detail: string;
  /** The part of the score it brought, in [0, 1]; 0 for a declared period far from the category's, which halves the score. */
  weight: number;
}

/** A Red List category the object may belong to. */
export interface CategoryCandidate {
  listSlug: string;
  edition: number;
  categoryId: string;
  name: Texts;
  euAnnex?: EuAnnexCategory;
  /** In [0, 1]: the weighted share of the evidence that matched. */
  score: number;
  reasons: MatchReason[];
}

export const RULE_IDS = [
  'eu-import-licence',
  'eu-importer-statement',
  'eu-no-document',
  'eu-illicit-export',
  'origin-export',
  'convention',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface LegalReference {
  /** Absent when a list cites a law it does not describe. */
  title?: Texts;
  reference: string;
  url?: string;
}

export interface RuleOutcome {
  rule: RuleId;
  applies: 'yes' | 'no' | 'unknown';
  /** For `origin-export`: what the origin country's law says, when known. */
  exportRule?: ExportRule;
  /** For `convention`: which one. */
  convention?: Convention;
  /** For the EU licence and statement and a licence to export, when required: whether the declarant holds it. */
  documentHeld?: boolean;
  reasons: Reason[];
  missingFacts: FactName[];
  references: LegalReference[];
}

export interface CheckContact {
  country: string;
  kind: ContactKind;
  name: string;
  organisation?: string;
  email?: string;
  phone?: string;
  url?: string;
  address?: string;
  /** The list it comes from. */
  listSlug: string;
}

export type RecommendedAction = 'release' | 'hold' | 'detain';
export interface Recommendation {
  action: RecommendedAction;
  reasons: Reason[];
  /** When holding or detaining: whom to call (the origin country's list contacts). */
  contacts: CheckContact[];
}

export interface CheckAssessment {
  registry: RegistryMatch[];
  categories: CategoryCandidate[];
  rules: RuleOutcome[];
  recommendation: Recommendation;
  missing: MissingInput[];
}

/** A published edition as the engine reads it. */
export type PublishedList = RedListDocument;

/** What the rules read: the facts, the lists, the category relied on (if any) and the day. */
export interface RulesInput {
  facts: DeclaredFacts;
  lists: readonly PublishedList[];
  /** The best-ranked Red List category when it ranks high enough to be relied on. */
  category?: CategoryCandidate;
  today: Date;
}

/** `${listSlug}/${categoryId}`: a category across the lists the check reads. */
export const categoryKey = (listSlug: string, categoryId: string) => `${listSlug}/${categoryId}`;

/**
 * Visual similarity of the officer's photo to each category's example photos, in [0, 1], by
 * `categoryKey` (from `VisualExampleIndex.similarities` in visual-similarity.ts); absent without a
 * photo or when the method is not used.
 */
export type VisualScores = ReadonlyMap<string, number>;

export interface AssessInput {
  facts: DeclaredFacts;
  /** Identification candidates (empty without a photo or when nothing matched). */
  registryMatches: RegistryMatch[];
  /** Whether a photo was given (identification and visual similarity need one). */
  hasPhoto: boolean;
  lists: readonly PublishedList[];
  /** `prepareCategories(lists)`, built once when the lists are loaded. */
  index: CategoryIndex;
  visual?: VisualScores;
  /** The day of the check: ages are counted from its year. */
  today: Date;
}
