import type { Readable } from 'node:stream';
import type { SnapshotReader } from '../db/backup/database-snapshot.js';
import { invalid } from '../errors.js';
import { storedPhotoPaths } from '../registry/photos/photo-storage.js';
import { PhotoKeyOutsideStore, type PhotoStore } from '../registry/photos/photo-store.js';
import type { PhotoStores } from '../registry/photos/photo-stores.js';
import { redListImageKeys } from '../redlists/red-list-images.js';

/** The folders, in a backup, of the files the database refers to; each is one photo store (see config.photoStorage). */
const PHOTOS = 'photos';
const IDENTIFICATIONS = 'identifications';

/**
 * The files, relative to the data folder, that the database's rows refer to and that nothing can
 * make again: each photo's original (its display image, thumbnail, metadata-free copy and IIIF
 * renders are derived from it on demand), and each identification's photo and thumbnail (the photo
 * a person sent is not kept otherwise), and each Red List image with its renditions (served as
 * stored, never re-derived). The identification index is in the database; its vocabulary ships
 * with the code.
 */
export async function referencedFiles(snapshot: SnapshotReader): Promise<string[]> {
  const byId = (a: { id: string | null }, b: { id: string | null }) => (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0);
  // Both columns are `not null`.
  const photos = (await snapshot.textRows('object_photos', ['id', 'file'])).sort(byId);
  const identifications = (await snapshot.textRows('identifications', ['id', 'photo_file'])).sort(byId);
  const redListImages = (await snapshot.textRows('red_list_images', ['sha256', 'content_type'])).sort((a, b) => byId({ id: a.sha256 }, { id: b.sha256 }));
  return [
    ...photos.map((photo) => `${PHOTOS}/${photo.file!}`),
    ...identifications.flatMap((identification) => [
      `${IDENTIFICATIONS}/${identification.photo_file!}`,
      `${IDENTIFICATIONS}/${storedPhotoPaths(identification.id!, 'jpg').thumbnail}`,
    ]),
    ...redListImages.flatMap((image) => Object.values(redListImageKeys({ sha256: image.sha256!, content_type: image.content_type! })).map((key) => `${PHOTOS}/${key}`)),
  ];
}

/** The store that keeps a referenced file (`photos/…`, `identifications/…`), and its key there (which the store checks). */
export function storedAt(stores: PhotoStores, path: string): { store: PhotoStore; key: string } {
  const slash = path.indexOf('/');
  const folder = path.slice(0, slash);
  const store = folder === PHOTOS ? stores.photos : folder === IDENTIFICATIONS ? stores.identifications : undefined;
  if (!store) throw invalid(`A database row refers to a file outside the photo folders: ${path}`);
  return { store, key: path.slice(slash + 1) };
}

/** Reads a referenced file from the store that keeps it: undefined when it is missing there. */
export function referencedFileSource(stores: PhotoStores): (path: string) => Promise<Readable | undefined> {
  return async (path) => {
    const { store, key } = storedAt(stores, path);
    try {
      return await store.stream(key);
    } catch (error) {
      if (error instanceof PhotoKeyOutsideStore) throw invalid(`A database row refers to a file outside the photo folders: ${path}`);
      throw error;
    }
  };
}
