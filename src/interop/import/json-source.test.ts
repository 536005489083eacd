import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceError, type SourceItem } from './import-pipeline.js';
import { openJsonSource, readJsonRecords, type JsonRecord } from './json-source.js';

/** The bytes streamed in chunks of `size` bytes, so that strings, escapes and records span chunks. */
async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function read(text: string | Buffer, size = 7): Promise<{ items: Array<SourceItem<JsonRecord>>; stopped?: SourceError }> {
  const items: Array<SourceItem<JsonRecord>> = [];
  try {
    for await (const item of readJsonRecords(chunks(Buffer.isBuffer(text) ? text : Buffer.from(text), size))) items.push(item);
  } catch (error) {
    if (error instanceof SourceError) return { items, stopped: error };
    throw error;
  }
  return { items };
}

const records = (items: Array<SourceItem<JsonRecord>>) => items.flatMap((item) => ('record' in item ? [item.record] : []));
const errors = (items: Array<SourceItem<JsonRecord>>) => items.flatMap((item) => ('error' in item ? [{ line: item.line, error: item.error }] : []));

describe('readJsonRecords', () => {
  it('reads an array of records, each with the line where it starts, whatever the chunk size', async () => {
    const text = '[\n  {"id": "a", "title": "x \\" ] } ,"},\n  {"id": "b",\n   "nested": {"list": [1, {"deep": "\\\\"}]}}\n]\n';
    for (const size of [1, 2, 3, 5, 64, 1 << 16]) {
      const { items, stopped } = await read(text, size);
      expect(stopped).toBeUndefined();
      expect(items).toEqual([
        { line: 2, record: { id: 'a', title: 'x " ] } ,' } },
        { line: 3, record: { id: 'b', nested: { list: [1, { deep: '\\' }] } } },
      ]);
    }
  });

  it('reads a file holding one record, and records one after the other', async () => {
    expect((await read('{"id": 1}\n')).items).toEqual([{ line: 1, record: { id: 1 } }]);
    expect(records((await read('{"id": 1}\n{"id": 2}')).items)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('takes the byte-order mark off the file and off keys, keeping a key it would replace', async () => {
    const text = '\uFEFF[{"\uFEFFid": "a", "list": [{"\uFEFFname": "n"}]}, {"\uFEFFid": "b", "id": "c"}]';
    expect(records((await read(text, 2)).items)).toEqual([
      { id: 'a', list: [{ name: 'n' }] },
      { '\uFEFFid': 'b', id: 'c' },
    ]);
  });

  it('reports a record with a syntax error at its file line, and reads the next one', async () => {
    const text = '[\n{"id": "a"},\n{"id": "b",\n "title": "x",,\n "n": 1},\n{"id": "c"}\n]';
    const { items, stopped } = await read(text);
    expect(stopped).toBeUndefined();
    expect(records(items)).toEqual([{ id: 'a' }, { id: 'c' }]);
    expect(errors(items)).toEqual([{ line: 3, error: expect.stringMatching(/^malformed JSON at line 4: expected double-quoted property name/) }]);
  });

  it('reports elements that are not objects', async () => {
    const { items } = await read('[{"id": 1}, 12, "text", [1, 2], null, {"id": 2}]');
    expect(records(items)).toEqual([{ id: 1 }, { id: 2 }]);
    expect(errors(items)).toHaveLength(4);
    expect(errors(items)[0]!.error).toMatch(/not a JSON object/);
  });

  it('keeps the records before the end of a truncated file, and says where it ends', async () => {
    const { items, stopped } = await read('[\n{"id": "a"},\n{"id": "b", "title": "cut he');
    expect(records(items)).toEqual([{ id: 'a' }]);
    expect(stopped?.line).toBe(3);
    expect(stopped?.message).toMatch(/ends on line 3 inside the record that starts on line 3/);

    const unclosed = await read('[\n{"id": "a"},\n');
    expect(records(unclosed.items)).toEqual([{ id: 'a' }]);
    expect(unclosed.stopped?.message).toMatch(/before the array opened on line 1 is closed/);
  });

  it('reads bytes that are not UTF-8 as U+FFFD, for the pipeline to leave out and warn about, and reads the next record', async () => {
    const bytes = Buffer.concat([Buffer.from('[{"id": "a"},\n{"id": "b",\n "title": "caf'), Buffer.from([0xe9]), Buffer.from('"},\n{"id": "c"}]')]);
    const { items } = await read(bytes);
    expect(items).toEqual([
      { line: 1, record: { id: 'a' } },
      { line: 2, record: { id: 'b', title: 'caf\uFFFD' } },
      { line: 4, record: { id: 'c' } },
    ]);
  });

  it('refuses text that is neither a record nor an array, and reports an empty file', async () => {
    // The line is given apart (the message does not repeat it), the quote found in typographic quotes.
    expect((await read('\n  "just text"')).stopped).toMatchObject({ line: 2, message: '“"” where a record ({…}) or an array of records ([…]) should start' });
    expect(errors((await read(' \n ')).items)).toEqual([{ line: 1, error: 'the file is empty: no record' }]);
  });

  it('finds every record of any array, whatever the chunk size (property)', async () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const record = fc.dictionary(fc.string(), json, { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 6 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), async (list, size, pretty) => {
        const text = JSON.stringify(list, null, pretty ? 2 : undefined);
        const { items, stopped } = await read(text, size);
        expect(stopped).toBeUndefined();
        expect(records(items)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a file from the disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'egide-json-'));
    writeFileSync(join(dir, 'a.json'), '[{"id": "x"}]');
    const source = openJsonSource(join(dir, 'a.json'));
    const read: unknown[] = [];
    for await (const item of source.records()) read.push(item);
    expect(read).toEqual([{ line: 1, record: { id: 'x' } }]);
    expect(source.progress?.()).toBe(1);
  });
});
