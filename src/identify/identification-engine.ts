import type { BinaryVocabulary } from './binary-vocabulary.js';
import { BowIndex, type IndexTerms } from './bow-index.js';
import type { LocalFeatureExtractor, PreparedImage, RowBand } from './features.js';
import { verifyGeometry, type BucketedFeatures, type GeometricModel, type Verification } from './geometric-verification.js';
import { HashIndex } from './hash-index.js';
import { descriptorWords } from './hamming.js';
import { perceptualHash, type PerceptualHash } from './perceptual-hash.js';

/** What the engine keeps of an image: its features bucketed, their words and signatures, its perceptual hash. */
export interface ImageDescription extends IndexTerms {
  features: BucketedFeatures;
  hash: PerceptualHash;
}

/** A registered image's features, loaded for verification with how its object may be deformed. */
export interface ReferenceFeatures {
  features: BucketedFeatures;
  model: GeometricModel;
}

export interface CandidateEvidence {
  slot: number;
  /** tf-idf similarity from the inverted file (0 when found by its perceptual hash only). */
  similarity: number;
  /** Bits differing between the perceptual hashes (64 for unrelated pictures, ~32 on average). */
  hashDistance: number;
  inliers: number;
  pairs: Array<[number, number]>;
  reference: ReferenceFeatures;
}

export interface EngineSettings {
  /** Long side of registered images when extracting. */
  maxSide: number;
  /** Long side of query photos when extracting: more pixels find small objects in wide shots. */
  queryMaxSide: number;
  referenceFeatures: number;
  queryFeatures: number;
  /**
   * Candidates from the inverted file verified geometrically in a registry of 10,000 images or
   * fewer; twice as many per tenfold beyond (see `shortlistSize`).
   */
  shortlist: number;
  /** Hash distance under which an image is taken as a copy of a registered photo. */
  copyDistance: number;
  /**
   * Vocabulary level whose nodes bucket descriptors for matching: 1 (16 buckets) compares each
   * query descriptor with ~1/16 of a candidate's, 2 with ~1/256 — faster, missing more matches.
   */
  matchBucketLevel: number;
}

/** Verifies each reference against the query, in the order given. */
export type Verifier = (query: BucketedFeatures, references: readonly ReferenceFeatures[]) => Promise<Verification[]>;

export const verifyHere: Verifier = async (query, references) => {
  const verifications: Verification[] = [];
  for (const { features, model } of references) verifications.push(await verifyGeometry(query, features, model));
  return verifications;
};

/**
 * Measured by `npm run bench:identify` at 10,000 images: a field photo's keypoints are shared
 * between the object and its surroundings, so queries keep many (6,000 → 15,000: the right image
 * verified directly 0.94 → 0.98); 40 candidates verified hold the right one for 97.5 % of queries.
 */
export const DEFAULT_ENGINE_SETTINGS: EngineSettings = { maxSide: 800, queryMaxSide: 1600, referenceFeatures: 700, queryFeatures: 15000, shortlist: 40, copyDistance: 10, matchBucketLevel: 2 };

/**
 * Images ranked per place of the shortlist: the ranking is cut at this many times the shortlist, so
 * that objects with several photos still fill it (three photos an object fill it at worst).
 */
const SLOTS_RANKED_PER_PLACE = 3;
/** An object's images verified at most: its best-ranked ones (a side seen in the photo ranks first). */
const PHOTOS_VERIFIED_PER_OBJECT = 2;

/**
 * Finds registered images in a photo: shortlist by visual words (inverted file) and by perceptual
 * hash, then verify each candidate geometrically. Holds only what search needs in memory (postings
 * and hashes); the features of candidates are loaded on demand from wherever the caller keeps them.
 */
export class IdentificationEngine {
  private bow: BowIndex;
  private hashes = new HashIndex();
  /** The object (a positive number) each slot's image shows, 0 when it shows none of another slot's: see `add`. */
  private objects = new Int32Array(0);

  constructor(
    readonly extractor: LocalFeatureExtractor,
    readonly vocabulary: BinaryVocabulary,
    readonly settings: EngineSettings = DEFAULT_ENGINE_SETTINGS,
    /** Verifies candidates: here, one after another, or on worker threads (DescribePool.verify). */
    private readonly verify: Verifier = verifyHere,
  ) {
    this.bow = new BowIndex(vocabulary.size);
  }

  get size(): number {
    return this.bow.size;
  }

  /**
   * Candidates to verify: among more images, more unrelated ones outscore the right one by chance.
   * Measured at 100,000 images: the right one ranked in the first 40 for 96.5 % of field photos, in
   * the first 80 for 98.5 % — so the shortlist doubles per tenfold growth beyond 10,000 images.
   */
  shortlistSize(): number {
    return Math.round(this.settings.shortlist * Math.max(1, this.size / 10_000) ** Math.log10(2));
  }

  has(slot: number): boolean {
    return this.bow.has(slot);
  }

  /** The image's description; with `band`, of the keypoints in those rows only (see `joinBands`). */
  async describe(image: PreparedImage, role: 'reference' | 'query', band?: RowBand): Promise<ImageDescription> {
    const extracted = await this.extractor.extract(image, role === 'query' ? this.settings.queryFeatures : this.settings.referenceFeatures, band);
    const count = extracted.points.length / 2;
    const buckets = new Uint32Array(count);
    const descriptors = descriptorWords(extracted.descriptors);
    const words = this.vocabulary.quantize(descriptors, this.settings.matchBucketLevel, buckets);
    // The first 64 bits of each descriptor: ORB orders its bit tests by how much they tell apart.
    const signatures = new Uint32Array(count * 2);
    for (let i = 0; i < count; i++) signatures.set(descriptors.subarray(i * 8, i * 8 + 2), i * 2);
    return { features: { ...extracted, buckets }, words, signatures, angles: extracted.angles, octaves: extracted.octaves, hash: perceptualHash(image) };
  }

  /** Buckets stored features by their stored words (quantising them again costs ~1 ms an image). */
  bucket(features: Omit<BucketedFeatures, 'buckets'>, words: Uint32Array): BucketedFeatures {
    return { ...features, buckets: this.vocabulary.ancestors(words, this.settings.matchBucketLevel) };
  }

  /**
   * Adds an image; `object` (a positive number) names the object it shows, when other images show
   * the same one (its photos from other sides, details): they are then shortlisted together.
   */
  add(slot: number, description: Pick<ImageDescription, keyof IndexTerms | 'hash'>, object?: number): void {
    this.bow.add(slot, description);
    this.hashes.add(slot, description.hash);
    if (slot >= this.objects.length) {
      const grown = new Int32Array(Math.max(slot + 1, this.objects.length * 2));
      grown.set(this.objects);
      this.objects = grown;
    }
    this.objects[slot] = object ?? 0;
  }

  remove(slot: number): void {
    this.bow.remove(slot);
    this.hashes.remove(slot);
    if (slot < this.objects.length) this.objects[slot] = 0;
  }

  /** Forgets every image (before loading them all again: removing them one by one scans every posting list each time). */
  clear(): void {
    this.bow = new BowIndex(this.vocabulary.size);
    this.hashes = new HashIndex();
    this.objects = new Int32Array(0);
  }

  /** What tells objects apart in the shortlist: the object's number, or the slot itself (as a negative number) for an image of no named object. */
  private objectKey(slot: number): number {
    return this.objects[slot] || -1 - slot;
  }

  /**
   * The slots to verify: the best-scoring images of the `shortlistSize()` best objects, an object
   * scoring as its best image, with at most PHOTOS_VERIFIED_PER_OBJECT of its images. Candidates
   * are objects: an object photographed from five sides takes one place, not five, and whichever
   * side the photo shows can bring it in.
   */
  private shortlist(query: ImageDescription, allowed?: (slot: number) => boolean): Array<{ slot: number; score: number }> {
    const size = this.shortlistSize();
    const ranked = this.bow.search(query, size * SLOTS_RANKED_PER_PLACE, allowed);
    const perObject = new Map<number, number>();
    const kept: Array<{ slot: number; score: number }> = [];
    for (const candidate of ranked) {
      const key = this.objectKey(candidate.slot);
      const taken = perObject.get(key);
      if (taken === undefined && perObject.size === size) continue;
      if ((taken ?? 0) === PHOTOS_VERIFIED_PER_OBJECT) continue;
      perObject.set(key, (taken ?? 0) + 1);
      kept.push(candidate);
    }
    return kept;
  }

  /**
   * Candidates for the query, most inliers first. `load` returns the features of the registered
   * images asked for (those it cannot find are skipped); `allowed` limits the search to the images
   * the caller may see.
   */
  async candidates(
    query: ImageDescription,
    load: (slots: number[]) => Promise<Map<number, ReferenceFeatures>>,
    allowed?: (slot: number) => boolean,
  ): Promise<CandidateEvidence[]> {
    const copies = this.hashes.near(query.hash, this.settings.copyDistance, allowed);
    const shortlist = this.shortlist(query, allowed);
    const similarity = new Map(shortlist.map(({ slot, score }) => [slot, score]));
    const hashDistanceOf = new Map(copies.map(({ slot, distance }) => [slot, distance]));
    const slots = [...new Set([...copies.map(({ slot }) => slot), ...shortlist.map(({ slot }) => slot)])];
    const references = await load(slots);
    const found = slots.filter((slot) => references.has(slot));
    const verifications = await this.verify(query.features, found.map((slot) => references.get(slot)!));
    const evidence: CandidateEvidence[] = found.map((slot, i) => ({
      slot,
      similarity: similarity.get(slot) ?? 0,
      hashDistance: hashDistanceOf.get(slot) ?? 64,
      inliers: verifications[i]!.inliers,
      pairs: verifications[i]!.pairs,
      reference: references.get(slot)!,
    }));
    return evidence.sort((a, b) => b.inliers - a.inliers || a.hashDistance - b.hashDistance || b.similarity - a.similarity);
  }
}

/** Concatenates typed arrays of one kind. */
function concat<T extends Uint8Array | Uint32Array | Float32Array>(parts: T[]): T {
  const joined = new (parts[0]!.constructor as new (length: number) => T)(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part as never, at);
    at += part.length;
  }
  return joined;
}

/** One description of an image from the descriptions of its bands (described in parallel), in band order. */
export function joinBands(bands: ImageDescription[]): ImageDescription {
  if (bands.length === 1) return bands[0]!;
  const first = bands[0]!;
  const pick = <K extends 'points' | 'angles' | 'octaves' | 'descriptors' | 'buckets'>(key: K) => concat(bands.map((band) => band.features[key]) as Array<BucketedFeatures[K]>);
  const features: BucketedFeatures = { ...first.features, points: pick('points'), angles: pick('angles'), octaves: pick('octaves'), descriptors: pick('descriptors'), buckets: pick('buckets') };
  return {
    features,
    words: concat(bands.map((band) => band.words)),
    signatures: concat(bands.map((band) => band.signatures)),
    angles: features.angles,
    octaves: features.octaves,
    hash: first.hash,
  };
}
