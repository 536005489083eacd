import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { invalidFile } from '../errors.js';
import { ExampleSchema } from './red-list-document.js';

/** What `egide red-list import` reads: the document as parsed JSON (checked by the service) and the images it names. */
export interface RedListFolder {
  document: unknown;
  images: Map<string, Buffer>;
}

/**
 * Reads a Red List file and, from `imagesDir` (by default the `images/` folder beside it), the
 * images its examples name. A name with no file is left out: the service names each example
 * missing it. Nothing else of the folder is read.
 */
export async function readRedListFolder(file: string, imagesDir = join(dirname(file), 'images')): Promise<RedListFolder> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw invalidFile(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const document = parseJson(file, text);
  const images = new Map<string, Buffer>();
  for (const name of imageNames(document)) {
    const bytes = await readFile(join(imagesDir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw invalidFile(join(imagesDir, name), `cannot be read (${error.code ?? String(error)})`);
    });
    if (bytes) images.set(name, bytes);
  }
  return { document, images };
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const at = position === undefined ? '' : ` at ${lineAndColumn(text, Number(position))}`;
    throw invalidFile(file, `is not valid JSON${at}: ${(error as Error).message}`);
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/**
 * The image names the examples give, read from the document before it is checked: only names that
 * are safe file names (the document's own pattern) lead to a file; the check names the others.
 */
function imageNames(document: unknown): Set<string> {
  const names = new Set<string>();
  const categories = (document as { categories?: unknown } | null)?.categories;
  if (!Array.isArray(categories)) return names;
  for (const category of categories) {
    const examples = (category as { examples?: unknown } | null)?.examples;
    if (!Array.isArray(examples)) continue;
    for (const example of examples) {
      const image = (example as { image?: unknown } | null)?.image;
      if (typeof image === 'string' && ExampleSchema.shape.image.safeParse(image).success) names.add(image);
    }
  }
  return names;
}
