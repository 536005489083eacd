import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportedRedList } from './red-list.service.js';

/** The file name of the document in an exported folder; its images go to `images/` beside it. */
export const RED_LIST_FILE = 'red-list.json';

/**
 * Writes an edition as `egide red-list import` reads it back: `<dir>/red-list.json` (two-space
 * indented, keys in the format's order) and `<dir>/images/<name>` for each image it names.
 * Returns the document's path.
 */
export async function writeRedListFolder(dir: string, exported: ExportedRedList): Promise<string> {
  await mkdir(join(dir, 'images'), { recursive: true });
  for (const [name, bytes] of exported.images) await writeFile(join(dir, 'images', name), bytes);
  const file = join(dir, RED_LIST_FILE);
  await writeFile(file, `${JSON.stringify(exported.document, null, 2)}\n`);
  return file;
}
