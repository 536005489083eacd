import { describe, expect, it } from 'vitest';
import { serialCatchUp } from './catch-up.js';

/** A catch-up that reads a version when it starts and publishes it when it ends. */
function versionedIndex() {
  let committed = 0;
  let seen = 0;
  let running = 0;
  let mostAtOnce = 0;
  const release: Array<() => void> = [];
  const refresh = serialCatchUp(async () => {
    const read = committed;
    mostAtOnce = Math.max(mostAtOnce, ++running);
    await new Promise<void>((resolve) => release.push(resolve));
    seen = read;
    running--;
  });
  const settle = async () => {
    for (let turns = 0; turns < 20; turns++) {
      release.splice(0).forEach((resolve) => resolve());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { refresh, commit: () => ++committed, seen: () => seen, runs: () => release.length, mostAtOnce: () => mostAtOnce, settle };
}

describe('serialCatchUp', () => {
  it('gives a caller arriving during a run the state committed before it called, not the run’s older one', async () => {
    const index = versionedIndex();
    const first = index.refresh();
    index.commit();
    const second = index.refresh();
    await index.settle();
    await first;
    await second;
    expect(index.seen()).toBe(1);
  });

  it('runs one at a time, and callers arriving during a run share the next', async () => {
    const index = versionedIndex();
    let started = 0;
    const counted = serialCatchUp(async () => {
      started++;
      await index.refresh();
    });
    const calls = [counted(), counted(), counted(), counted()];
    await index.settle();
    await Promise.all(calls);
    expect(started).toBe(2);
    expect(index.mostAtOnce()).toBe(1);
  });

  it('runs again after a run that failed', async () => {
    let attempts = 0;
    const refresh = serialCatchUp(async () => {
      attempts++;
      await new Promise((resolve) => setImmediate(resolve));
      if (attempts === 1) throw new Error('database unreachable');
    });
    const failed = refresh();
    const retried = refresh();
    await expect(failed).rejects.toThrow('database unreachable');
    await expect(retried).resolves.toBeUndefined();
    expect(attempts).toBe(2);
  });
});
