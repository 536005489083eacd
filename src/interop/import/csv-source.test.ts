import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.js';
import { detectDelimiter, openCsvSource } from './csv-source.js';
import { SourceError, type SourceItem } from './import-pipeline.js';

const dir = mkdtempSync(join(tmpdir(), 'egide-csv-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${++files}.csv`);
  writeFileSync(path, content);
  return path;
}

async function read(path: string): Promise<Array<SourceItem<Record<string, string>>>> {
  const items: Array<SourceItem<Record<string, string>>> = [];
  for await (const item of openCsvSource(path).records()) items.push(item as SourceItem<Record<string, string>>);
  return items;
}

const lines = (items: Array<SourceItem<Record<string, string>>>) => items.map((item) => [item.line, 'record' in item ? item.record.inventory_number : 'error']);

describe('CSV source', () => {
  it('gives a slow reader every row before an unclosed quote, then the error at its line', async () => {
    const path = file('inventory_number,title\nA-1,Bowl\nA-2,Jar\nA-3,Vase\nA-4,Cup\nA-5,"Plate,\n');
    const read: string[] = [];
    const reading = (async () => {
      for await (const item of openCsvSource(path).records()) {
        // As an import does between batches: the parser meanwhile reaches the end of the file.
        await new Promise((resolve) => setTimeout(resolve, 20));
        if ('record' in item) read.push(String(item.record.inventory_number));
      }
    })();
    await expect(reading).rejects.toMatchObject({ line: 6 });
    expect(read).toEqual(['A-1', 'A-2', 'A-3', 'A-4']);
  });

  it('gives each row the physical line where it starts, after blank lines and quoted multi-line cells (LF)', async () => {
    const items = await read(file('inventory_number,title\n\nA,"two\nlines"\n\n   \nB,"three\nlines\nhere"\nC,x\n,\nD,"a ""quoted"" word"\n'));
    expect(lines(items)).toEqual([
      [3, 'A'],
      [7, 'B'],
      [10, 'C'],
      [12, 'D'],
    ]);
    expect(items[0]).toEqual({ line: 3, record: { inventory_number: 'A', title: 'two\nlines' } });
    expect(items[3]).toEqual({ line: 12, record: { inventory_number: 'D', title: 'a "quoted" word' } });
  });

  it('counts a CRLF inside a cell as one line break, and skips a BOM', async () => {
    const items = await read(file('\uFEFFinventory_number,title\r\nA,"two\r\nlines"\r\n\r\nB,x\r\nC,"1\r\n2\r\n3"\r\nD,y\r\n'));
    expect(lines(items)).toEqual([
      [2, 'A'],
      [5, 'B'],
      [6, 'C'],
      [9, 'D'],
    ]);
  });

  it('reads files separated by semicolons or tabs, told from the header line', async () => {
    expect(detectDelimiter('inventory_number;title;"a,b"')).toBe(';');
    expect(detectDelimiter('inventory_number\ttitle')).toBe('\t');
    expect(detectDelimiter('inventory_number')).toBe(',');
    const items = await read(file('inventory_number;title;materials\nA;Bowl, with lid;oil paint, canvas\n'));
    expect(items).toEqual([{ line: 2, record: { inventory_number: 'A', title: 'Bowl, with lid', materials: 'oil paint, canvas' } }]);
  });

  it('keeps inch marks in unquoted cells, and takes columns in any order and case', async () => {
    const items = await read(file('Title,Inventory_Number,measurements\nBowl,A,12" x 14"\n'));
    expect(items).toEqual([{ line: 2, record: { inventory_number: 'A', title: 'Bowl', measurements: '12" x 14"' } }]);
  });

  it('reports a row with too many or too few cells, and goes on', async () => {
    const items = await read(file('inventory_number,title\nA,x,extra\nB\nC,z\n'));
    expect(items[0]).toEqual({ line: 2, error: expect.stringContaining('3 cells where the header has 2') });
    expect(items[1]).toEqual({ line: 3, error: expect.stringContaining('1 cell where the header has 2') });
    expect(items[2]).toEqual({ line: 4, record: { inventory_number: 'C', title: 'z' } });
  });

  it('stops with a SourceError at the line of a quote that is never closed, after the rows before it', async () => {
    const source = openCsvSource(file('inventory_number,title\nA,"ok\nfine"\nB,"never closed\nC,x\nD,y\n'));
    const seen: number[] = [];
    const error = await (async () => {
      for await (const item of source.records()) seen.push(item.line);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual([2]);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).line).toBe(4);
    expect((error as SourceError).message).toContain('never closed');
  });

  it('refuses a missing file, an empty one, and a header without inventory_number or with unknown columns', () => {
    const refused = (path: string) => {
      try {
        openCsvSource(path);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return (error as Error).message;
      }
      throw new Error('expected a DomainError');
    };
    expect(refused(join(dir, 'missing.csv'))).toContain('no such file');
    expect(refused(dir)).toContain('not a file');
    expect(refused(file(''))).toContain('the first line is empty');
    expect(refused(file('title,maker\nx,y\n'))).toContain('inventory_number is required');
    expect(refused(file('inventory_number,titel\n'))).toContain('unknown column "titel"');
    expect(refused(file('inventory_number,title,title\n'))).toContain('"title" is given twice');
  });

  it('tells how far it has read', async () => {
    const source = openCsvSource(file(`inventory_number\n${Array.from({ length: 1000 }, (_, i) => `N-${i}`).join('\n')}\n`));
    expect(source.progress?.()).toBeUndefined();
    for await (const item of source.records()) void item;
    expect(source.progress?.()).toBe(1);
  });
});
