import { hamming256 } from './hamming.js';

/** 8 words of 32 bits: one ORB descriptor. */
const WORDS = 8;

/**
 * A visual vocabulary for binary descriptors: a tree of `branching`^`depth` leaves ("visual words")
 * whose nodes are descriptor centres (bitwise majority of what they cover), as in DBoW2. Quantising
 * a descriptor costs `branching` × `depth` Hamming distances, whatever the vocabulary size.
 */
export class BinaryVocabulary {
  /** Nodes level by level, the root excluded: level l has branching^l nodes. */
  private readonly levelStart: number[] = [];

  constructor(
    readonly branching: number,
    readonly depth: number,
    /** Centres of every node, WORDS words each, in level order. */
    readonly centres: Uint32Array,
  ) {
    let start = 0;
    for (let level = 1; level <= depth; level++) {
      this.levelStart.push(start);
      start += branching ** level;
    }
    if (centres.length !== start * WORDS) throw new Error(`A ${branching}^${depth} vocabulary needs ${start} centres, not ${centres.length / WORDS}.`);
  }

  get size(): number {
    return this.branching ** this.depth;
  }

  /**
   * The word of each descriptor; `coarse` receives the node each belongs to at level `coarseLevel`
   * (a cheap bucket for matching descriptors of two images).
   */
  quantize(descriptors: Uint32Array, coarseLevel = 1, coarse?: Uint32Array): Uint32Array {
    const count = descriptors.length / WORDS;
    const words = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      let node = 0;
      for (let level = 0; level < this.depth; level++) {
        const first = this.levelStart[level]! + node * this.branching;
        let best = 0;
        let bestDistance = 257;
        for (let child = 0; child < this.branching; child++) {
          const distance = hamming256(descriptors, i * WORDS, this.centres, (first + child) * WORDS);
          if (distance < bestDistance) {
            bestDistance = distance;
            best = child;
          }
        }
        node = node * this.branching + best;
        if (coarse && level + 1 === coarseLevel) coarse[i] = node;
      }
      words[i] = node;
    }
    return words;
  }

  /** The node at `level` above each word (what `quantize` gives as `coarse`), without quantising again. */
  ancestors(words: Uint32Array, level: number): Uint32Array {
    const span = this.branching ** (this.depth - level);
    return words.map((word) => Math.floor(word / span));
  }

  serialize(): Buffer {
    const header = Buffer.alloc(8);
    header.writeUInt16LE(0x4556, 0); // "VE": Egide vocabulary
    header.writeUInt16LE(1, 2);
    header.writeUInt16LE(this.branching, 4);
    header.writeUInt16LE(this.depth, 6);
    return Buffer.concat([header, Buffer.from(this.centres.buffer, this.centres.byteOffset, this.centres.byteLength)]);
  }

  static deserialize(bytes: Buffer): BinaryVocabulary {
    if (bytes.length < 8 || bytes.readUInt16LE(0) !== 0x4556 || bytes.readUInt16LE(2) !== 1) throw new Error('Not an Egide visual vocabulary (version 1).');
    const body = bytes.subarray(8);
    const centres = new Uint32Array(body.length / 4);
    Buffer.from(centres.buffer).set(body);
    return new BinaryVocabulary(bytes.readUInt16LE(4), bytes.readUInt16LE(6), centres);
  }
}
