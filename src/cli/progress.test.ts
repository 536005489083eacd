import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../interop/import/import-pipeline.js';
import { progressReporter } from './progress.js';

describe('progressReporter', () => {
  it('counts records imported with warnings, as the summary does', () => {
    const written: string[] = [];
    const terminal = { isTTY: true, columns: 0, write: (chunk: string) => written.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
    const progress = progressReporter(terminal);
    const state: ImportProgress = { rows: 10, created: 7, updated: 1, unchanged: 0, warned: 3, failed: 2, images: { attached: 0, alreadyAttached: 0, failed: 0 }, fraction: 0.5, elapsedMs: 1000 };
    progress.update(state);
    progress.done();
    expect(written.join('')).toContain('created 7, updated 1, unchanged 0, warned 3, failed 2');
  });
});
