import { describe, expect, it } from 'vitest';
import { progressBar } from './index.js';

/** A stream that is not a terminal (a log, a pipe), collecting what is written. */
function logStream() {
  const written: string[] = [];
  const stream = { isTTY: false, write: (chunk: string) => written.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('progressBar', () => {
  it('in a log, ends with the final count rather than the first line it drew', () => {
    const { stream, written } = logStream();
    const bar = progressBar(stream);
    bar.update(0, 50);
    bar.update(20, 30);
    bar.update(50, 0);
    bar.end();
    expect(written[0]).toMatch(/^egide index: \[\.{20}\]\s+0% 0 of 50 photos/);
    expect(written.at(-1)).toMatch(/^egide index: \[#{20}\] 100% 50 of 50 photos/);
    expect(written).toHaveLength(2);
  });

  it('draws nothing more at the end when the last state was drawn', () => {
    const { stream, written } = logStream();
    const bar = progressBar(stream);
    bar.update(50, 0);
    bar.end();
    expect(written).toEqual([expect.stringMatching(/100% 50 of 50 photos/)]);
  });

  it('shows nothing when there is nothing to index', () => {
    const { stream, written } = logStream();
    const bar = progressBar(stream);
    bar.update(0, 0);
    bar.end();
    expect(written).toEqual([]);
  });
});
