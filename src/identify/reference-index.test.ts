import { describe, expect, it } from 'vitest';
import { IdentificationEngine } from './identification-engine.js';
import type { IdentifyRepository, IndexEntry, IndexState } from './identify.repository.js';
import { OrbExtractor } from './orb-extractor.js';
import { ReferenceIndex } from './reference-index.js';
import { shippedVocabulary } from './shipped-vocabulary.js';

const entry = (seq: number): IndexEntry => ({
  seq,
  words: Uint32Array.of(seq + 1, seq + 2),
  signatures: new Uint32Array(4),
  angles: new Uint8Array(2),
  octaves: new Uint8Array(2),
  hash: [seq, seq] as const,
  objectSeq: seq + 10,
});

/** A repository whose answers the test sets step by step, as concurrent writers would leave them. */
function scriptedRepository() {
  const now = { state: { count: 0, maxSeq: -1, generation: 0 } as IndexState, entries: [] as IndexEntry[], live: [] as number[] };
  const repository = {
    state: async () => now.state,
    entriesAfter: async function* (after: number) {
      yield now.entries.filter((e) => e.seq > after);
    },
    liveSeqs: async () => now.live,
  } as unknown as IdentifyRepository;
  return { now, repository };
}

describe('ReferenceIndex catching up', () => {
  it('reloads after a rebuild even when a catch-up racing the rebuild left it empty', async () => {
    const { now, repository } = scriptedRepository();
    const index = new ReferenceIndex(repository, new IdentificationEngine(new OrbExtractor(), shippedVocabulary()));
    // Two photos indexed again during a rebuild, at slots 4 and 5.
    Object.assign(now, { state: { count: 2, maxSeq: 5, generation: 0 }, entries: [entry(4), entry(5)], live: [4, 5] });
    await index.refresh();
    expect(index.size).toBe(2);
    // A catch-up reads the state before the slots are renumbered (one photo seemingly gone) and the live slots after: it drops both.
    Object.assign(now, { state: { count: 1, maxSeq: 5, generation: 0 }, entries: [entry(0), entry(1)], live: [0, 1] });
    await index.refresh();
    expect(index.size).toBe(0);
    // The rebuild's new generation: everything is loaded again, whatever was loaded before.
    now.state = { count: 2, maxSeq: 1, generation: 1 };
    await index.refresh();
    expect(index.size).toBe(2);
    expect(index.engine.has(0) && index.engine.has(1)).toBe(true);
  });
});
