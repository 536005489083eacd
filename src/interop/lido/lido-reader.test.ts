import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceError, type SourceItem } from '../import/import-pipeline.js';
import { standardsPath } from '../testing/standards.js';
import { MAX_DEPTH, MAX_RECORD_CHARS, readLidoRecords, type LidoRecord, type ResumptionToken } from './lido-reader.js';

const NS = 'xmlns:lido="http://www.lido-schema.org"';
const record = (id: string, inner = '') => `<lido:lido><lido:lidoRecID>${id}</lido:lidoRecID>${inner}</lido:lido>`;
const wrap = (...records: string[]) => `<?xml version="1.0" encoding="UTF-8"?>\n<lido:lidoWrap ${NS}>\n${records.join('\n')}\n</lido:lidoWrap>\n`;

/** Every item of the document, read from chunks of `size` characters (records then cut anywhere). */
async function read(xml: string | Buffer, size = 7, options = {}): Promise<Array<SourceItem<LidoRecord>>> {
  const chunks: Array<string | Buffer> = [];
  for (let i = 0; i < xml.length; i += size) chunks.push(xml.slice(i, i + size));
  const items: Array<SourceItem<LidoRecord>> = [];
  for await (const item of readLidoRecords(Readable.from(chunks), options)) items.push(item);
  return items;
}

/** The items read before the reading stopped, and the SourceError that stopped it. */
async function readUntilStopped(xml: string) {
  const items: Array<SourceItem<LidoRecord>> = [];
  try {
    for await (const item of readLidoRecords(Readable.from([xml]))) items.push(item);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    return { items, error };
  }
  throw new Error('the reading did not stop');
}

const summary = (items: Array<SourceItem<LidoRecord>>) =>
  items.map((item) => ('error' in item ? { line: item.line, id: item.recordId, error: item.error } : { line: item.line, id: item.recordId, deleted: !item.record.lido }));

const dir = mkdtempSync(join(tmpdir(), 'egide-lido-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading LIDO documents record by record', () => {
  it('reads a lidoWrap, each record with its line and lidoRecID, whatever the chunks', async () => {
    const xml = wrap(record('a-1', '<lido:descriptiveMetadata xml:lang="fr"/>'), record('a-2'), record('a-3'));
    const items = await read(xml, 5);
    expect(summary(items)).toEqual([
      { line: 3, id: 'a-1', deleted: false },
      { line: 4, id: 'a-2', deleted: false },
      { line: 5, id: 'a-3', deleted: false },
    ]);
    expect(await read(xml, 100_000)).toEqual(items);
  });

  it('reads a bare record, with any namespace prefix, and keeps languages as the elements inherit them', async () => {
    const xml = `<l:lido xmlns:l="http://www.lido-schema.org" xml:lang="de"><l:lidoRecID>b-1</l:lidoRecID><l:descriptiveMetadata><l:term>Schrank</l:term><l:term xml:lang="en">cabinet</l:term></l:descriptiveMetadata></l:lido>`;
    const [item] = await read(xml);
    if (!item || 'error' in item) throw new Error('no record');
    const terms = item.record.lido!.children[1]!.children;
    expect(terms.map((term) => [term.name, term.lang, term.text])).toEqual([
      ['term', 'de', 'Schrank'],
      ['term', 'en', 'cabinet'],
    ]);
  });

  it('reads the real examples: LIDO 1.0 lidoWrap and bare record', async () => {
    const items: Array<SourceItem<LidoRecord>> = [];
    for (const name of ['cimec-denarius.xml', 'mkg-hamburg-cabinet.xml']) {
      for await (const item of readLidoRecords(createReadStream(standardsPath('lido', 'examples', name)))) items.push(item);
    }
    expect(summary(items)).toEqual([
      { line: 4, id: '000FBE0B1E2D4E48A4FEDAA8BE3C80F1', deleted: false },
      { line: 2, id: 'DE-MUS-059918/dc00018494', deleted: false },
    ]);
  });

  it('reads an OAI-PMH response: records in their metadata, deleted ones with their header, and the resumption token', async () => {
    const tokens: ResumptionToken[] = [];
    const items: Array<SourceItem<LidoRecord>> = [];
    const file = standardsPath('lido', 'examples', 'kenom-oai-pmh-listrecords.xml');
    for await (const item of readLidoRecords(createReadStream(file), { onResumptionToken: (token) => tokens.push(token) })) items.push(item);
    expect(items).toHaveLength(20);
    expect(items.every((item) => 'record' in item && item.record.lido && item.record.oai?.deleted === false)).toBe(true);
    expect(items[0]).toMatchObject({ line: 17, recordId: 'record_DE-68_kenom_123644', record: { oai: { identifier: 'record_DE-68_kenom_123644', setSpecs: expect.arrayContaining(['institution:DE-68']) } } });
    expect(tokens).toEqual([{ token: 'oai_1721138630738', completeListSize: 118043, cursor: 20 }]);

    const deleted = `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>
<record><header status="deleted"><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp></header></record>
<record><header><identifier>oai:x:2</identifier></header><metadata>${record('x-2').replace('<lido:lido>', `<lido:lido ${NS}>`)}</metadata></record>
<record><header><identifier>oai:x:3</identifier></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"/></metadata></record>
<resumptionToken/></ListRecords></OAI-PMH>`;
    const read3 = await read(deleted, 11, { onResumptionToken: (token: ResumptionToken) => tokens.push(token) });
    expect(summary(read3)).toEqual([
      { line: 2, id: 'oai:x:1', deleted: true },
      { line: 3, id: 'x-2', deleted: false },
      { line: 4, id: 'oai:x:3', error: expect.stringContaining('carries no LIDO record') },
    ]);
    expect(tokens.at(-1)).toEqual({ token: '' });
  });

  it('stops on an OAI-PMH error, but reads "no records match" as an empty answer', async () => {
    const error = (code: string) => `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="${code}">the reason</error></OAI-PMH>`;
    expect(await read(error('noRecordsMatch'))).toEqual([]);
    const { error: stop } = await readUntilStopped(error('badResumptionToken'));
    expect(stop.message).toBe('the OAI-PMH response is an error: badResumptionToken (the reason)');
  });

  it('refuses a document that is not LIDO', async () => {
    const { items, error } = await readUntilStopped('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>');
    expect(items).toEqual([]);
    expect(error.message).toMatch(/^the root element <rdf:RDF> \(namespace http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#\) is not a LIDO lidoWrap or lido/);
    const { error: noNamespace } = await readUntilStopped('<lidoWrap><lido/></lidoWrap>');
    expect(noNamespace.message).toMatch(/^the root element <lidoWrap> is not/);
  });
});

describe('bad input', () => {
  it('refuses a DOCTYPE with an external entity (XXE) without reading the file it names', async () => {
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-CONTENT');
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lido:lidoWrap [<!ENTITY xxe SYSTEM "file://${secret}">]>\n${wrap(record('&xxe;')).replace(/^<\?xml[^>]*>\n/, '')}`;
    const { items, error } = await readUntilStopped(xml);
    expect(items).toEqual([]);
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/DOCTYPE declaration: refused, as DTDs and entities are never read/);
    expect(JSON.stringify({ items, message: error.message })).not.toContain('TOP-SECRET');
    const { error: system } = await readUntilStopped(`<!DOCTYPE foo SYSTEM "file:///etc/passwd">\n${wrap(record('p-1'))}`);
    expect(system.message).toMatch(/DOCTYPE/);
  });

  it('refuses an entity-expansion bomb (billion laughs) at its DOCTYPE, before expanding anything', async () => {
    const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('\n');
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${entities}\n]>\n<lido:lido ${NS}><lido:lidoRecID>&lol9;</lido:lidoRecID></lido:lido>`;
    const started = performance.now();
    const { items, error } = await readUntilStopped(bomb);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(items).toEqual([]);
    expect(error.message).toMatch(/DOCTYPE/);
  });

  it('leaves undefined entities unexpanded: the record is reported, the next ones read', async () => {
    const xml = wrap(record('e-1'), record('e-2', '<lido:descriptiveMetadata>caf&eacute;</lido:descriptiveMetadata>'), record('e-3'));
    expect(summary(await read(xml))).toEqual([
      { line: 3, id: 'e-1', deleted: false },
      { line: 4, id: 'e-2', error: expect.stringMatching(/^malformed XML at line 4, column \d+: undefined entity/) },
      { line: 5, id: 'e-3', deleted: false },
    ]);
  });

  it('reports a malformed record with line and column and reads the records after it', async () => {
    const xml = wrap(
      record('m-1'),
      record('m-2', '<lido:descriptiveMetadata>\n<lido:title>unclosed\n</lido:descriptiveMetadata>'),
      record('m-3', '<lido:descriptiveMetadata a="1" a="2"/>'),
      `<lido:lido><lido:lidoRecID>m-4</lido:lidoRecID>`,
      record('m-5'),
    );
    expect(summary(await read(xml))).toEqual([
      { line: 3, id: 'm-1', deleted: false },
      { line: 4, id: 'm-2', error: 'malformed XML at line 6, column 28: unexpected close tag.' },
      { line: 7, id: 'm-3', error: expect.stringMatching(/^malformed XML at line 7, column \d+: duplicate attribute: a\.$/) },
      { line: 8, id: 'm-4', error: 'the record is not closed before the next one starts at line 9' },
      { line: 9, id: 'm-5', deleted: false },
    ]);
  });

  it('stops at malformed XML outside records, keeping the records before', async () => {
    const { items, error } = await readUntilStopped(`${wrap(record('s-1'), record('s-2')).replace('</lido:lidoWrap>', '</lido:lidoWrapp>')}`);
    expect(summary(items)).toEqual([
      { line: 3, id: 's-1', deleted: false },
      { line: 4, id: 's-2', deleted: false },
    ]);
    expect(error).toMatchObject({ line: 5, message: expect.stringMatching(/^malformed XML at line 5, column \d+: unexpected close tag/) });
  });

  it('skips a record larger than the limit and goes on', async () => {
    const big = record('big', `<lido:descriptiveMetadata>${'<lido:term>x</lido:term>'.repeat(Math.ceil(MAX_RECORD_CHARS / 24) + 10)}</lido:descriptiveMetadata>`);
    const items = await read(wrap(record('small'), big, record('after')), 64 * 1024);
    expect(summary(items)).toEqual([
      { line: 3, id: 'small', deleted: false },
      { line: 4, id: 'big', error: 'the record is larger than 5 MB: skipped' },
      { line: 5, id: 'after', deleted: false },
    ]);
  });

  it('stops at a single text larger than the limit, and at nesting deeper than the limit', async () => {
    const text = await readUntilStopped(wrap(record('t', `<lido:descriptiveMetadata>${'x'.repeat(MAX_RECORD_CHARS + 10)}</lido:descriptiveMetadata>`)));
    expect(text.error.message).toMatch(/^a single text, tag or comment is larger than 5 MB/);
    const deep = await readUntilStopped(wrap(record('d', `${'<lido:x>'.repeat(MAX_DEPTH)}${'</lido:x>'.repeat(MAX_DEPTH)}`)));
    expect(deep.error.message).toMatch(new RegExp(`^elements are nested more than ${MAX_DEPTH} deep at line 3`));
  });

  it('reads UTF-8 only: another declared encoding stops the reading; invalid bytes are read as U+FFFD and the records after them read', async () => {
    const latin = await readUntilStopped(`<?xml version="1.0" encoding="ISO-8859-1"?>\n${record('l').replace('<lido:lido>', `<lido:lido ${NS}>`)}`);
    expect(latin.error.message).toBe('the document is in ISO-8859-1: only UTF-8 is read (convert the file to UTF-8)');
    const [head, tail] = wrap(record('u-1', '<lido:note>Caf!</lido:note>'), record('u-2')).split('!') as [string, string];
    // Chunks of 7 bytes also cut the invalid sequence (0xC3 0x28) from the bytes around it.
    const items = await read(Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28]), Buffer.from(tail)]));
    expect(summary(items)).toEqual([
      { line: 3, id: 'u-1', deleted: false },
      { line: 4, id: 'u-2', deleted: false },
    ]);
    const first = items[0] as { record: LidoRecord };
    expect(first.record.lido!.children.find((child) => child.name === 'note')!.text).toBe('Caf\uFFFD(');
  });
});
