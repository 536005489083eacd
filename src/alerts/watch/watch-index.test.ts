import { describe, expect, it } from 'vitest';
import type { IdentificationEngine } from '../../identify/identification-engine.js';
import { WatchIndex, type WatchIndexSource } from './watch-index.js';
import type { WatchEntry } from './watched-photos.repository.js';

/**
 * The index's bookkeeping of removed photos, against a source and an engine that only record what
 * they are asked (describing thousands of real photos would say nothing more about it).
 */
function setUp(photos: number) {
  let live = Array.from({ length: photos }, (_, seq) => seq);
  const source: WatchIndexSource = {
    state: async () => ({ count: live.length, maxSeq: Math.max(-1, ...live) }),
    async *entriesAfter(afterSeq: number) {
      yield live.filter((seq) => seq > afterSeq).map((seq) => ({ seq, kind: 'image-watch' }) as WatchEntry);
    },
    liveSeqs: async () => live,
    references: async () => [],
  };
  const added: number[] = [];
  let clears = 0;
  let searchable: (slot: number) => boolean = () => false;
  const engine = {
    add: (slot: number) => void added.push(slot),
    clear: () => void ((clears += 1), added.splice(0)),
    candidates: async (_query: unknown, _load: unknown, filter: (slot: number) => boolean) => ((searchable = filter), []),
  } as unknown as IdentificationEngine;
  const index = new WatchIndex(source, engine);
  const searched = async () => {
    await index.search({} as never, {} as never);
    return added.filter((slot) => searchable(slot));
  };
  return { index, added, clears: () => clears, remove: (keep: (seq: number) => boolean) => void (live = live.filter(keep)), searched };
}

describe('the watch index, as watches and certificates end', () => {
  it('stops searching a removed photo at once, leaving its slot in the engine while few are dead', async () => {
    const { index, added, clears, remove, searched } = setUp(100);
    await index.refresh();
    remove((seq) => seq % 10 !== 0);
    expect(await searched()).toHaveLength(90);
    expect(index.size).toBe(90);
    expect(added).toHaveLength(100);
    expect(clears()).toBe(0);
  });

  it('loads the live photos again once more than 2,000 slots are dead, and searches only them', async () => {
    const { index, added, clears, remove, searched } = setUp(2_600);
    await index.refresh();
    remove((seq) => seq < 100 || seq >= 2_150);
    await index.refresh();
    expect(clears()).toBe(1);
    expect(added).toHaveLength(550);
    expect(index.size).toBe(550);
    expect(await searched()).toEqual(added);
  });
});
