import type { CandidateEvidence, IdentificationEngine, ImageDescription, ReferenceFeatures } from '../../identify/identification-engine.js';
import type { GeometricModel } from '../../identify/geometric-verification.js';
import { WATCH_OWNER_KINDS, type StoredWatchedPhoto, type WatchedPhotosRepository, type WatchOwnerKind } from './watched-photos.repository.js';
import { serialCatchUp } from '../../util/catch-up.js';

/** Removed photos left in the index before it is loaded again without them. */
const DEAD_SLOTS_KEPT = 2000;

/** Where the index reads the watched photos (the repository; a benchmark's own store). */
export type WatchIndexSource = Pick<WatchedPhotosRepository, 'state' | 'entriesAfter' | 'liveSeqs' | 'references'>;

export interface WatchCandidate extends CandidateEvidence {
  watched: StoredWatchedPhoto;
}

/**
 * The watched photos in memory, searched with the identification engine's own index classes (its
 * inverted file and perceptual hashes), the other way round: the photos are the watchers', the query
 * a new alert's photo. Before each search it reads only the photos added (or removed) since, so
 * that photos another process registered are searched too; slots are never renumbered.
 */
export class WatchIndex {
  /** Each loaded slot's owner kind (its index in WATCH_OWNER_KINDS, plus one), to search one kind only. */
  private kinds = new Uint8Array(1024);
  private readonly loaded = new Set<number>();
  private loadedUpTo = -1;
  /** Slots of removed photos still in the engine's index (never found: see catchUp). */
  private dead = 0;

  constructor(
    private readonly repository: WatchIndexSource,
    readonly engine: IdentificationEngine,
  ) {}

  get size(): number {
    return this.loaded.size;
  }

  /** Loads what was registered before the call (see serialCatchUp). */
  readonly refresh: () => Promise<void> = serialCatchUp(() => this.catchUp());

  /** Candidates among the watched photos of `kind` (all kinds without it), most inliers first. */
  async search(query: ImageDescription, model: GeometricModel, kind?: WatchOwnerKind): Promise<WatchCandidate[]> {
    await this.refresh();
    const code = kind === undefined ? 0 : WATCH_OWNER_KINDS.indexOf(kind) + 1;
    const stored = new Map<number, StoredWatchedPhoto>();
    const evidence = await this.engine.candidates(
      query,
      async (seqs) => {
        const references = new Map<number, ReferenceFeatures>();
        for (const photo of await this.repository.references(seqs)) {
          stored.set(photo.seq, photo);
          references.set(photo.seq, { features: this.engine.bucket(photo.features, photo.words), model });
        }
        return references;
      },
      code === 0 ? (slot) => this.kinds[slot] !== 0 : (slot) => this.kinds[slot] === code,
    );
    return evidence.flatMap((candidate) => {
      const watched = stored.get(candidate.slot);
      return watched ? [{ ...candidate, watched }] : [];
    });
  }

  private async catchUp(): Promise<void> {
    const state = await this.repository.state();
    if (state.maxSeq > this.loadedUpTo) {
      for await (const batch of this.repository.entriesAfter(this.loadedUpTo)) {
        for (const entry of batch) {
          this.engine.add(entry.seq, entry);
          this.setKind(entry.seq, WATCH_OWNER_KINDS.indexOf(entry.kind) + 1);
          this.loaded.add(entry.seq);
          this.loadedUpTo = Math.max(this.loadedUpTo, entry.seq);
        }
      }
    }
    if (state.count < this.loaded.size) {
      // Watches and certificates ended since. Removing a slot from the inverted file scans all of
      // it (a watch of 1,000 photos would take minutes): their slots are only no longer searched,
      // until enough are dead that loading the live ones again is cheaper.
      const live = new Set(await this.repository.liveSeqs());
      for (const seq of [...this.loaded]) {
        if (live.has(seq)) continue;
        this.setKind(seq, 0);
        this.loaded.delete(seq);
        this.dead++;
      }
      if (this.dead > Math.max(DEAD_SLOTS_KEPT, this.loaded.size / 4)) {
        this.engine.clear();
        this.kinds.fill(0);
        this.loaded.clear();
        this.loadedUpTo = -1;
        this.dead = 0;
        await this.catchUp();
      }
    }
  }

  private setKind(slot: number, code: number): void {
    if (slot >= this.kinds.length) {
      const grown = new Uint8Array(Math.max(slot + 1, this.kinds.length * 2));
      grown.set(this.kinds);
      this.kinds = grown;
    }
    this.kinds[slot] = code;
  }
}
