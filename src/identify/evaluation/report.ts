import type { Role } from '../../roles.js';
import type { EngineSettings } from '../identification-engine.js';
import type { AccuracyFigures } from './protocol.js';
import type { FieldPhotoRanges } from './synthetic-photos.js';

/**
 * An accuracy report: the figures of one evaluation with the data and settings they were measured
 * with, so that a reader can judge them (and run the same evaluation again: same seed, same registry).
 */
export interface EvaluationReport {
  id: string;
  createdAt: string;
  /** Egide's version (package.json) that measured it. */
  version: string;
  seed: number;
  registry: {
    /** Objects registered, with or without photos. */
    objects: number;
    /** Objects with at least one photo indexed for identification. */
    photographedObjects: number;
    /** Photos indexed for identification: what every query is compared with. */
    photos: number;
  };
  queries: {
    total: number;
    positives: number;
    negatives: number;
    /** Where the positives' and negatives' images come from. */
    positiveSource: string;
    negativeSource: string;
    /** Negatives left out because the registry matched their image itself (it holds them). */
    negativesExcluded: number;
    /** The ranges each field photo's geometry and quality are drawn from. */
    fieldPhotos: FieldPhotoRanges;
  };
  settings: {
    engine: EngineSettings;
    /** Candidates shown per query. */
    top: number;
    /** Verified points for a "match" and for a "possible" verdict. */
    matchInliers: number;
    possibleInliers: number;
    /** The role the registry was searched as (what it may see). */
    searchedAs: Role;
    cores: number;
  };
  results: AccuracyFigures;
  /** How long the whole evaluation took, in seconds (making the photos included). */
  durationSeconds: number;
}
