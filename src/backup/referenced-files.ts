import type { Db } from '../db/database.js';
import { PhotoStorage } from '../registry/photos/photo-storage.js';

/** The photo folders of the data folder whose files the database refers to (see app/context.ts). */
const PHOTOS = 'photos';
const IDENTIFICATIONS = 'identifications';

/**
 * The files, relative to the data folder, that the database's rows refer to and that nothing can
 * make again: each photo's original (its display image, thumbnail, metadata-free copy and IIIF
 * renders are derived from it on demand), and each identification's photo and thumbnail (the photo
 * a person sent is not kept otherwise). The identification index is in the database; its
 * vocabulary ships with the code.
 */
export async function referencedFiles(db: Db): Promise<string[]> {
  const photos = await db.selectFrom('object_photos').select('file').orderBy('id').execute();
  const identifications = await db.selectFrom('identifications').select(['id', 'photo_file']).orderBy('id').execute();
  const paths = new PhotoStorage(IDENTIFICATIONS);
  return [
    ...photos.map((photo) => `${PHOTOS}/${photo.file}`),
    ...identifications.flatMap((identification) => [
      `${IDENTIFICATIONS}/${identification.photo_file}`,
      `${IDENTIFICATIONS}/${paths.relativePaths(identification.id, 'jpg').thumbnail}`,
    ]),
  ];
}
