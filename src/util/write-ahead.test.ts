import { describe, expect, it } from 'vitest';
import { setImmediate } from 'node:timers/promises';
import { WriteAhead } from './write-ahead.js';

describe('WriteAhead', () => {
  it('prepares the next batch while the current one is written, and writes in order', async () => {
    const events: string[] = [];
    const pipeline = new WriteAhead();
    let releaseFirst!: () => void;
    const firstWritten = new Promise<void>((resolve) => (releaseFirst = resolve));
    const prepare = async (name: string) => {
      events.push(`prepare ${name}`);
      await setImmediate();
      return name;
    };
    const write = async (name: string) => {
      events.push(`write ${name}`);
      if (name === 'a') await firstWritten;
      events.push(`written ${name}`);
    };
    await pipeline.queue(prepare('a'), write);
    const second = pipeline.queue(prepare('b'), write);
    await setImmediate();
    await setImmediate();
    // "b" is prepared while "a" is still being written, but not written before it.
    expect(new Set(events)).toEqual(new Set(['prepare a', 'write a', 'prepare b']));
    releaseFirst();
    await second;
    await pipeline.finished();
    expect(events.slice(3)).toEqual(['written a', 'write b', 'written b']);
  });

  it('holds at most two batches: queueing a third waits until the first is written', async () => {
    const pipeline = new WriteAhead();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    await pipeline.queue(Promise.resolve(1), () => blocked);
    let thirdQueued = false;
    const second = pipeline.queue(Promise.resolve(2), async () => undefined).then(() => (thirdQueued = true));
    await setImmediate();
    expect(thirdQueued).toBe(false);
    release();
    await second;
    expect(thirdQueued).toBe(true);
  });

  it('stops at the first failure: later batches are not written, and the failure reaches the caller', async () => {
    const pipeline = new WriteAhead();
    const written: number[] = [];
    const write = async (n: number) => {
      if (n === 2) throw new RangeError('batch 2 refused');
      written.push(n);
    };
    await pipeline.queue(Promise.resolve(1), write);
    await pipeline.queue(Promise.resolve(2), write);
    await expect(pipeline.queue(Promise.resolve(3), write)).rejects.toThrow('batch 2 refused');
    await expect(pipeline.finished()).rejects.toThrow('batch 2 refused');
    expect(written).toEqual([1]);
  });

  it('reports a failed preparation as the batch failure, without an unhandled rejection', async () => {
    const pipeline = new WriteAhead();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await pipeline.queue(Promise.reject(new TypeError('unreadable')), async () => undefined);
      await setImmediate();
      await expect(pipeline.finished()).rejects.toThrow('unreadable');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
