import { describe, expect, it } from 'vitest';
import { chunks, inLists, insertChunks, IN_LIST_SIZE, rowsPerStatement, pagesBySeq } from './chunks.js';

describe('chunks', () => {
  it('cuts a list into consecutive slices, the last one shorter', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
  });

  it('sizes multi-row inserts by their columns, under both engines’ parameter limits', () => {
    expect(rowsPerStatement(7) * 7).toBeLessThanOrEqual(32_766);
    expect(rowsPerStatement(7)).toBeGreaterThan(rowsPerStatement(20));
    const rows = Array.from({ length: 10_001 }, (_, i) => ({ a: i, b: i, c: i }));
    const cut = insertChunks(rows);
    expect(cut.flat()).toEqual(rows);
    expect(Math.max(...cut.map((chunk) => chunk.length * 3))).toBeLessThanOrEqual(32_766);
  });

  it('makes `in` lists of distinct values', () => {
    const values = [...Array.from({ length: IN_LIST_SIZE + 1 }, (_, i) => `v${i}`), 'v0', 'v1'];
    const lists = inLists(values);
    expect(lists.map((list) => list.length)).toEqual([IN_LIST_SIZE, 1]);
    expect(new Set(lists.flat()).size).toBe(IN_LIST_SIZE + 1);
  });
});

describe('pagesBySeq', () => {
  it('reads pages after the last key of the one before, until an empty page', async () => {
    const table = [2, 3, 5, 8, 13].map((seq) => ({ seq }));
    const asked: number[] = [];
    const pages = [];
    for await (const page of pagesBySeq(2, async (after) => {
      asked.push(after);
      return table.filter((row) => row.seq > after).slice(0, 2);
    })) {
      pages.push(page.map((row) => row.seq));
    }
    expect(pages).toEqual([[3, 5], [8, 13]]);
    expect(asked).toEqual([2, 5, 13]);
  });
});
