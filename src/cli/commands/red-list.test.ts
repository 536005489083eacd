import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleImages, sampleRedList } from '../../redlists/red-list.test-support.js';
import { runEgide } from '../../test-support/cli.js';
import { jpegWithOrientation6 } from '../../test-support/photo-images.js';

/** A folder as `egide red-list import` reads it: the document and images/ beside it. */
async function listFolder(root: string, name: string, document: unknown, images: Map<string, Buffer>): Promise<string> {
  const dir = join(root, name);
  mkdirSync(join(dir, 'images'), { recursive: true });
  for (const [file, bytes] of images) writeFileSync(join(dir, 'images', file), bytes);
  writeFileSync(join(dir, 'list.json'), JSON.stringify(document));
  return join(dir, 'list.json');
}

const folderContents = (dir: string) => ({
  json: readFileSync(join(dir, 'red-list.json'), 'utf8'),
  images: Object.fromEntries(readdirSync(join(dir, 'images')).map((name) => [name, readFileSync(join(dir, 'images', name)).toString('base64')])),
});

// The real command in child processes (about a second per run).
describe('egide red-list import and export', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'egide-red-list-cli-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('round-trips: import, export, import elsewhere, export give the same JSON and the same image bytes', async () => {
    const images = await sampleImages();
    // A photo with EXIF: stripped once on the first import, then kept byte for byte.
    images.set('tablet-1.jpg', await jpegWithOrientation6(800, 500));
    const file = await listFolder(root, 'source', sampleRedList(), images);
    const first = join(root, 'data-1');
    const second = join(root, 'data-2');

    const imported = await runEgide(['red-list', 'import', file, '--publish', '--data', first]);
    expect(imported.stderr).toBe('');
    expect(imported).toMatchObject({ code: 0, stdout: 'test-region\tedition 1\tpublished\n' });
    expect(await runEgide(['red-list', 'export', 'test-region', '--out', join(root, 'out-1'), '--data', first])).toMatchObject({ code: 0, stdout: `${join(root, 'out-1', 'red-list.json')}\n` });
    expect(await runEgide(['red-list', 'import', join(root, 'out-1', 'red-list.json'), '--publish', '--data', second])).toMatchObject({ code: 0 });
    expect(await runEgide(['red-list', 'export', 'test-region', '--edition', '1', '--out', join(root, 'out-2'), '--data', second])).toMatchObject({ code: 0 });

    const once = folderContents(join(root, 'out-1'));
    expect(folderContents(join(root, 'out-2'))).toEqual(once);
    expect(Object.keys(once.images).sort()).toEqual(['tablet-1.jpg', 'tablet-2.png']);
    expect(JSON.parse(once.json)).toMatchObject({ slug: 'test-region', demonstration: false, categories: [{ id: 'writing', examples: [] }, { id: 'tablets' }] });
    // The same edition again changes nothing.
    expect(await runEgide(['red-list', 'import', join(root, 'out-1', 'red-list.json'), '--publish', '--data', second])).toMatchObject({
      code: 0,
      stdout: 'test-region\tedition 1\talready published, unchanged\n',
    });
    // Five runs of the command, each opening (on PostgreSQL, copying) a database.
  }, 180_000);

  it('names each wrong place of a refused file on stderr, and says where a file is not JSON', async () => {
    const document = sampleRedList({ categories: [{ id: 'a', name: { fr: 'A', en: 'A', es: 'A' }, colour: 'red' }] as never });
    const file = await listFolder(root, 'bad', document, new Map());
    const data = join(root, 'data-bad');
    const refused = await runEgide(['red-list', 'import', file, '--publish', '--data', data]);
    expect(refused).toMatchObject({ code: 1, stderr: '  categories[0].colour: unknown field\negide: The Red List document is not valid.\n' });

    writeFileSync(file, '{"format": "egide-red-list/1",\n  "slug" "x"}');
    expect((await runEgide(['red-list', 'import', file, '--data', data])).stderr).toMatch(/list\.json: is not valid JSON at line 2, column 10: /);
  }, 90_000);
});
