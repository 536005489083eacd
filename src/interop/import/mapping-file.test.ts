import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.js';
import { compileMapping } from './mapping-fields.js';
import { parseMapping, readMapping, type Mapping } from './mapping-file.js';
import { mappingTemplate } from './mapping-help.js';
import { csvColumn, jsonPath } from './mapping-path.js';

const dir = mkdtempSync(join(tmpdir(), 'egide-mapping-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The message of the "invalid" error `run` throws. */
function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('mapping files are checked before anything is imported', () => {
  it('lists every mistake of the file, each with where it is', () => {
    const message = problem(() =>
      parseMapping(
        {
          lang: 'English',
          fields: {
            inventoryNumber: 'acno',
            titel: 'title',
            objectType: [{ path: 'classification', match: '([a-z' }, { value: 'visual works', path: 'x' }],
            makers: { each: 'contributors[*]', name: 'fc', rôle: 'role' },
            subject: { path: 'subjects', spilt: ';' },
            dating: 3,
          },
          extra: true,
        },
        'museum.json',
      ),
    );
    expect(message.split('\n')).toEqual([
      'museum.json: this mapping cannot be used:',
      '  lang: a language tag such as fr, en or es',
      expect.stringMatching(/^ {2}fields\.objectType\[0\]\.match: not a regular expression \(.+\)$/),
      '  fields.objectType[1]: give either "path" (where the value is read) or "value" (a constant), not both',
      '  fields.dating: expected a path, a rule ({"path": …} or {"value": …}) or a list of them, or the object this field takes',
      '  fields.makers.rôle: unknown key',
      '  fields.subject.spilt: unknown key',
      expect.stringMatching(/^ {2}fields\.titel: unknown field \(the fields are inventoryNumber, objectType, title, .*dateDocumented, organisation\)$/),
      '  extra: unknown key',
    ]);
  });

  it('refuses regular expressions that can backtrack without end, naming the field and the rule', () => {
    const message = problem(() =>
      parseMapping({ fields: { inventoryNumber: { path: 'n', match: '^(a+)+$' }, dating: { display: [{ path: 'd' }, { path: 'e', match: '(a)\\1' }] }, title: { path: 't', match: '(?:ca\\.\\s*)?(\\d+)' } } }, 'm.json'),
    );
    expect(message.split('\n')).toEqual([
      'm.json: this mapping cannot be used:',
      expect.stringMatching(/^ {2}fields\.inventoryNumber\.match: refused: a quantifier inside a repeated group/),
      expect.stringMatching(/^ {2}fields\.dating\.display\[1\]\.match: refused: a backreference/),
    ]);
  });

  it('requires the inventory number and a fields object', () => {
    expect(problem(() => parseMapping({ fields: { title: 'title' } }, 'm.json'))).toBe('m.json: this mapping cannot be used:\n  fields.inventoryNumber: missing');
    expect(problem(() => parseMapping({}, 'm.json'))).toBe('m.json: this mapping cannot be used:\n  fields: missing');
  });

  it('names the line and column of a file that is not JSON, and a file that is missing', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "fields": {\n    "inventoryNumber": "acno",,\n  }\n}\n');
    expect(problem(() => readMapping(file))).toMatch(/broken\.json: not JSON \(.*line 3, column \d+/);
    expect(problem(() => readMapping(join(dir, 'none.json')))).toBe(`cannot read the mapping ${join(dir, 'none.json')}: no such file`);
  });

  it('checks JSON paths, and CSV columns against the header line, when compiling', () => {
    const mapping: Mapping = parseMapping(
      {
        fields: {
          inventoryNumber: 'Inventory no.',
          title: ['Title', { path: 'contributors[x].fc' }],
          makers: { each: 'people..list', name: 'Maker' },
          objectType: { when: { path: 'Kind of', equals: 'x' }, value: 'jars' },
        },
      },
      'm.json',
    );
    expect(problem(() => compileMapping(mapping, { path: jsonPath, items: true, lang: 'en', name: 'm.json' })).split('\n')).toEqual([
      'm.json: this mapping cannot be used:',
      '  fields.inventoryNumber.path: "Inventory no." is not a path: write keys separated by dots, with [*] for every item of an array or [0] for the first (e.g. contributors[*].name)',
      '  fields.title[1].path: "contributors[x].fc" is not a path: write keys separated by dots, with [*] for every item of an array or [0] for the first (e.g. contributors[*].name)',
      '  fields.makers.each: "people..list" is not a path: write keys separated by dots, with [*] for every item of an array or [0] for the first (e.g. contributors[*].name)',
    ]);
    const columns = csvColumn(['Inventory no.', 'Title', 'Maker']);
    expect(problem(() => compileMapping(mapping, { path: columns, items: false, lang: 'en', name: 'm.json' })).split('\n')).toEqual([
      'm.json: this mapping cannot be used:',
      '  fields.title[1].path: no column "contributors[x].fc" in the file (its columns: "Inventory no.", "Title", "Maker")',
      '  fields.objectType.when.path: no column "Kind of" in the file (its columns: "Inventory no.", "Title", "Maker")',
      '  fields.makers.each: the rows of a CSV file have no items; leave "each" out',
    ]);
  });

  it('gives an example that is a valid mapping, and explains every field', () => {
    const template = mappingTemplate();
    const example = parseMapping(JSON.parse(template.header), 'example');
    expect(() => compileMapping(example, { path: jsonPath, items: true, lang: 'en', name: 'example' })).not.toThrow();
    for (const field of ['inventoryNumber', 'materialsAndTechniques', 'dateDocumented']) expect(template.help).toContainEqual(expect.stringMatching(new RegExp(`^ {2}${field}: `)));
  });
});
