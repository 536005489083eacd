import type { IdentificationEngine, CandidateEvidence, ImageDescription, ReferenceFeatures } from './identification-engine.js';
import type { IdentifyRepository } from './identify.repository.js';
import { geometricModelFor } from './geometric-model.js';
import { serialCatchUp } from '../util/catch-up.js';

export interface IdentifiedCandidate extends CandidateEvidence {
  photoId: string;
  objectId: string;
}

/**
 * The registry's photos as the engine searches them: loaded from the repository at start, then kept
 * up to date before each search by reading only what was indexed (or removed) since — so photos
 * indexed by another process (`egide index rebuild`, an import) are found too. When the slots were
 * renumbered meanwhile (a rebuild compacts them: the index generation moved), it loads them all again.
 * Processes sharing a PostgreSQL database also tell each other as they index (refreshIfLoaded).
 */
export class ReferenceIndex {
  private readonly loaded = new Set<number>();
  private loadedUpTo = -1;
  private generation: number | undefined;

  constructor(
    private readonly repository: IdentifyRepository,
    readonly engine: IdentificationEngine,
  ) {}

  get size(): number {
    return this.loaded.size;
  }

  /** Loads what was indexed before the call (see serialCatchUp). */
  readonly refresh: (onProgress?: (loaded: number) => void) => Promise<void> = serialCatchUp((onProgress?: (loaded: number) => void) => this.catchUp(onProgress));

  /**
   * Catches up now when the index is loaded, as another process said it indexed photos (the change
   * feed): the next search does not wait for them. An index never loaded stays so (a command that
   * only indexes never needs it in memory).
   */
  refreshIfLoaded(): Promise<void> {
    return this.generation === undefined ? Promise.resolve() : this.refresh();
  }

  /** Candidates for a described query photo among the slots `allowed`, most inliers first. */
  async identify(query: ImageDescription, allowed?: (seq: number) => boolean): Promise<IdentifiedCandidate[]> {
    await this.refresh();
    const owners = new Map<number, { photoId: string; objectId: string }>();
    const evidence = await this.engine.candidates(
      query,
      async (seqs) => {
        const references = new Map<number, ReferenceFeatures>();
        for (const stored of await this.repository.references(seqs)) {
          owners.set(stored.seq, { photoId: stored.photoId, objectId: stored.objectId });
          references.set(stored.seq, { features: this.engine.bucket(stored.features, stored.words), model: geometricModelFor(stored.objectType) });
        }
        return references;
      },
      allowed,
    );
    return evidence.flatMap((candidate) => {
      const owner = owners.get(candidate.slot);
      return owner ? [{ ...candidate, ...owner }] : [];
    });
  }

  private async catchUp(onProgress?: (loaded: number) => void): Promise<void> {
    const state = await this.repository.state();
    // Also when nothing is loaded: a catch-up that read the state before a rebuild and the live
    // slots after it removed every slot, and must not keep its old high-water mark.
    if (state.generation !== this.generation) {
      if (this.loaded.size > 0) this.engine.clear();
      this.loaded.clear();
      this.loadedUpTo = -1;
    }
    this.generation = state.generation;
    if (state.maxSeq > this.loadedUpTo) {
      for await (const batch of this.repository.entriesAfter(this.loadedUpTo)) {
        for (const entry of batch) {
          this.engine.add(entry.seq, entry, entry.objectSeq);
          this.loaded.add(entry.seq);
          this.loadedUpTo = Math.max(this.loadedUpTo, entry.seq);
        }
        onProgress?.(this.loaded.size);
      }
    }
    if (state.count < this.loaded.size) {
      // Photos deleted or indexed again (under a new slot) since: drop the slots that are gone.
      const live = new Set(await this.repository.liveSeqs());
      for (const seq of [...this.loaded]) {
        if (live.has(seq)) continue;
        this.engine.remove(seq);
        this.loaded.delete(seq);
      }
    }
  }
}
