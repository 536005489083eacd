import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.js';
import { SourceError } from './import-pipeline.js';
import { openJsonlSource } from './jsonl-source.js';

const dir = mkdtempSync(join(tmpdir(), 'egide-jsonl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function itemsOf(path: string) {
  const items = [];
  for await (const item of openJsonlSource(path).records()) items.push(item);
  return items;
}

describe('JSON Lines source', () => {
  const lines = ['\uFEFF{"acno": "X1"}', '', '{"acno": "X2",', '  ', '[1, 2]', '"text"', '{"acno": "X3"}\r'].join('\n');

  it('streams plain and gzipped files with their line numbers, reporting lines that are not JSON objects and going on', async () => {
    writeFileSync(join(dir, 'a.jsonl'), `${lines}\n`);
    // Gzipped files are told by their content, whatever their name.
    writeFileSync(join(dir, 'a.jsonl.gz'), gzipSync(lines));
    writeFileSync(join(dir, 'gzipped.jsonl'), gzipSync(lines));
    for (const file of ['a.jsonl', 'a.jsonl.gz', 'gzipped.jsonl']) {
      expect(await itemsOf(join(dir, file)), file).toEqual([
        { line: 1, record: { acno: 'X1' } },
        { line: 3, error: expect.stringMatching(/^not JSON \(.+\)$/) },
        { line: 5, error: 'not a JSON object ({…}): each line holds one record' },
        { line: 6, error: 'not a JSON object ({…}): each line holds one record' },
        { line: 7, record: { acno: 'X3' } },
      ]);
    }
  });

  it('tells how much of the file is read', async () => {
    const file = join(dir, 'progress.jsonl');
    writeFileSync(file, `${JSON.stringify({ acno: 'X1' })}\n`.repeat(1000));
    const source = openJsonlSource(file);
    expect(source.progress?.()).toBeUndefined();
    for await (const item of source.records()) void item;
    expect(source.progress?.()).toBe(1);
  });

  it('refuses a file it cannot open, and stops where a gzipped file is cut, keeping the lines before', async () => {
    expect(() => openJsonlSource(join(dir, 'missing.jsonl'))).toThrow(new DomainError('invalid', `cannot read ${join(dir, 'missing.jsonl')}: no such file`));
    expect(() => openJsonlSource(dir)).toThrow(`${dir}: not a file`);
    const whole = gzipSync(`${JSON.stringify({ acno: 'X1' })}\n`.repeat(5000));
    const cut = join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, whole.subarray(0, whole.length - 40));
    const read: number[] = [];
    const error = await (async () => {
      for await (const item of openJsonlSource(cut).records()) read.push(item.line);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/^the file could not be read from here on \(.+\)$/);
    expect((error as SourceError).line).toBe(read.length + 1);
    expect(read.length).toBeGreaterThan(0);
  });
});
