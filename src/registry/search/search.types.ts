import type { Lang } from '../../i18n/languages.js';
import type { ObjectStatus } from '../status.js';

/** A numeric range in cm (lengths) or kg (weight); either end may be open. */
export interface Range {
  min?: number | undefined;
  max?: number | undefined;
}

export interface SearchQuery {
  /** Words; each matches as a word or a prefix, accents and case ignored, one typo tolerated. */
  q?: string | undefined;
  type?: string[] | undefined;
  material?: string[] | undefined;
  status?: ObjectStatus[] | undefined;
  country?: string[] | undefined;
  /** Centuries as their first year: "1800" is 1800–1899; "-500" is 500–401 BCE. */
  period?: string[] | undefined;
  height?: Range | undefined;
  width?: Range | undefined;
  depth?: Range | undefined;
  weight?: Range | undefined;
  /** Relative tolerance on measurement ranges (0.05 = ±5 %), for measurements taken differently. */
  tolerance?: number | undefined;
  /** Only objects on the public alert list. */
  alertsOnly?: boolean | undefined;
  sort?: 'relevance' | 'newest' | undefined;
  limit: number;
  offset: number;
}

export interface SearchHit {
  id: string;
  inventoryNumber: string | null;
  title: string;
  status: ObjectStatus;
  onAlertList: boolean;
  objectType: string | null;
  organisation: { slug: string; name: string };
  thumbnailUrl: string | null;
  dating: string | null;
  makers: string[];
}

export interface FacetValue {
  value: string;
  /** The label in the requested language when the value is a vocabulary key. */
  label: string;
  count: number;
}

export interface SearchResult {
  total: number;
  items: SearchHit[];
  facets: Record<'type' | 'material' | 'status' | 'country' | 'period', FacetValue[]>;
  /** Query words replaced by a close registry word (typo tolerance), e.g. [["portait", "portrait"]]. */
  corrections: Array<[string, string]>;
  /**
   * Present only when a query matched so many objects that the search took shortcuts (it always
   * examines a bounded number of candidates; see db/search-store.ts):
   * - `examined`: only that many candidates, the newest matches, were examined; relevance ranks those;
   * - `totalIsLowerBound`: `total` counts only matches among those examined: there are at least that many;
   * - `facetsOver`: facet counts cover only that many of the best candidates, in the requested order;
   * - `rankedByColumn`: relevance ranks title and maker matches first, newest first within each
   *   group, instead of by bm25, whose word statistics cost too much for words found in very many
   *   objects.
   */
  approximate?:
    | { examined?: number | undefined; totalIsLowerBound: boolean; facetsOver?: number | undefined; rankedByColumn?: boolean | undefined }
    | undefined;
}

export type SearchLanguage = Lang;
