/**
 * An inverted file over visual words with tf-idf cosine scores ("Video Google", Sivic & Zisserman):
 * each image is a bag of words; a query visits only the images sharing its words. Postings pack an
 * image slot and its term frequency in one 32-bit number, so 100,000 images of ~600 words take
 * ~250 MB.
 */
const TF_BITS = 8;
const MAX_TF = (1 << TF_BITS) - 1;
/** Words found in more than this share of images say nothing about which one it is. */
const STOP_WORD_SHARE = 0.08;

export interface ScoredSlot {
  slot: number;
  score: number;
}

export class BowIndex {
  private readonly postings: Uint32Array[];
  private readonly lengths: Uint32Array;
  private readonly documentFrequency: Uint32Array;
  private alive = new Uint8Array(1024);
  private count = 0;
  private norms = new Float32Array(1024);
  private normsFor = -1;
  private scores = new Float32Array(1024);

  constructor(readonly vocabularySize: number) {
    this.postings = Array.from({ length: vocabularySize }, () => new Uint32Array(0));
    this.lengths = new Uint32Array(vocabularySize);
    this.documentFrequency = new Uint32Array(vocabularySize);
  }

  get size(): number {
    return this.count;
  }

  has(slot: number): boolean {
    return this.alive[slot] === 1;
  }

  add(slot: number, words: Uint32Array): void {
    if (slot >= 1 << (32 - TF_BITS)) throw new Error(`Image slot ${slot} is beyond what the index can hold.`);
    if (this.has(slot)) this.remove(slot);
    for (const [word, tf] of termCounts(words)) {
      this.append(word, (slot << TF_BITS) | Math.min(tf, MAX_TF));
      this.documentFrequency[word]!++;
    }
    this.grow(slot + 1);
    this.alive[slot] = 1;
    this.count++;
    this.normsFor = -1;
  }

  /** Rare (a photo deleted or re-indexed), so it scans the postings rather than keep each image's words. */
  remove(slot: number): void {
    if (!this.has(slot)) return;
    for (let word = 0; word < this.vocabularySize; word++) {
      const list = this.postings[word]!;
      let length = this.lengths[word]!;
      for (let p = 0; p < length; p++) {
        if (list[p]! >>> TF_BITS !== slot) continue;
        list[p] = list[--length]!;
        this.documentFrequency[word]!--;
        break;
      }
      this.lengths[word] = length;
    }
    this.alive[slot] = 0;
    this.count--;
    this.normsFor = -1;
  }

  /** The `limit` best images for the query words, among those `allowed` (all when omitted). */
  search(words: Uint32Array, limit: number, allowed?: (slot: number) => boolean): ScoredSlot[] {
    const total = this.count;
    if (total === 0) return [];
    this.refreshNorms();
    const scores = this.scoresFor(this.alive.length);
    const touched: number[] = [];
    let queryNorm = 0;
    for (const [word, queryTf] of termCounts(words)) {
      const idf = this.idf(word, total);
      if (idf === 0) continue;
      queryNorm += (queryTf * idf) ** 2;
      const weight = queryTf * idf * idf;
      const list = this.postings[word]!;
      const length = this.lengths[word]!;
      for (let p = 0; p < length; p++) {
        const posting = list[p]!;
        const slot = posting >>> TF_BITS;
        if (scores[slot] === 0) touched.push(slot);
        scores[slot]! += weight * (posting & MAX_TF);
      }
    }
    const best: ScoredSlot[] = [];
    const normalizer = Math.sqrt(queryNorm);
    for (const slot of touched) {
      const raw = scores[slot]!;
      scores[slot] = 0;
      if (allowed && !allowed(slot)) continue;
      insertTop(best, { slot, score: raw / (this.norms[slot]! * normalizer || 1) }, limit);
    }
    return best;
  }

  /** 0 for words absent or so common they cannot tell images apart; smoothed so one image is findable. */
  private idf(word: number, total: number): number {
    const df = this.documentFrequency[word]!;
    if (df === 0 || (total > 50 && df > total * STOP_WORD_SHARE)) return 0;
    return Math.log((total + 1) / df);
  }

  private append(word: number, posting: number): void {
    let list = this.postings[word]!;
    const length = this.lengths[word]!;
    if (length === list.length) {
      const grown = new Uint32Array(Math.max(8, Math.ceil(list.length * 1.5)));
      grown.set(list);
      this.postings[word] = list = grown;
    }
    list[length] = posting;
    this.lengths[word] = length + 1;
  }

  private grow(slots: number): void {
    if (this.alive.length >= slots) return;
    const size = Math.max(slots, this.alive.length * 2);
    const alive = new Uint8Array(size);
    alive.set(this.alive);
    this.alive = alive;
  }

  private scoresFor(size: number): Float32Array {
    if (this.scores.length < size) this.scores = new Float32Array(size);
    return this.scores;
  }

  /** Image norms depend on idf, hence on the collection: recomputed when it changed by over 5%. */
  private refreshNorms(): void {
    const total = this.count;
    if (this.normsFor > 0 && Math.abs(total - this.normsFor) <= this.normsFor * 0.05) return;
    this.norms = new Float32Array(this.alive.length);
    for (let word = 0; word < this.vocabularySize; word++) {
      const idf = this.idf(word, total);
      if (idf === 0) continue;
      const list = this.postings[word]!;
      for (let p = 0; p < this.lengths[word]!; p++) this.norms[list[p]! >>> TF_BITS]! += ((list[p]! & MAX_TF) * idf) ** 2;
    }
    for (let slot = 0; slot < this.norms.length; slot++) this.norms[slot] = Math.sqrt(this.norms[slot]!);
    this.normsFor = total;
  }
}

function termCounts(words: Uint32Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Keeps `top` sorted by descending score, at most `limit` long. */
export function insertTop<T extends { score: number }>(top: T[], item: T, limit: number): void {
  if (top.length === limit && top[limit - 1]!.score >= item.score) return;
  let at = top.length;
  while (at > 0 && top[at - 1]!.score < item.score) at--;
  top.splice(at, 0, item);
  if (top.length > limit) top.pop();
}
