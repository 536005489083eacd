import { readFile } from 'node:fs/promises';
import type { Context } from 'hono';
import { invalid } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { readMultipartUpload, UploadTooLargeError, type MultipartUpload, type UploadedFile } from '../identify/multipart-upload.js';
import { archiveImages, attachImages, CATALOGUE_FORMATS, lotOfRow, readCatalogue, type CatalogueColumn, type CatalogueFormat, type CatalogueImage } from './catalogue.js';
import { MAX_LOTS, MAX_PHOTOS_PER_LOT, type SubmitInput } from './due-diligence.service.js';

/** A catalogue, its photos (one by one or as a ZIP archive) and the multipart envelope around them. */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
/** The fields of the one-object form, named as a catalogue's columns. */
export const OBJECT_FIELDS = ['reference', 'title', 'maker', 'inventoryNumbers', 'objectType', 'material', 'dating', 'originCountry', 'dimensions', 'valueEur', 'provenance', 'description'] as const satisfies readonly CatalogueColumn[];

/** POST /api/v1/due-diligence/checks and POST /{lang}/due-diligence: uploads under their own limit rather than the app's general one. */
export function isDueDiligenceUpload(method: string, path: string, apiBase: string): boolean {
  return method === 'POST' && (path === `${apiBase}/due-diligence/checks` || /^\/[a-z]{2}\/due-diligence$/.test(path));
}

export async function readDueDiligenceUpload(c: Context<AppEnv>): Promise<MultipartUpload> {
  if (Number(c.req.header('Content-Length') ?? 0) > MAX_UPLOAD_BYTES) throw new UploadTooLargeError(MAX_UPLOAD_BYTES);
  return readMultipartUpload(c.req.raw.body, c.req.header('Content-Type') ?? '', { fileFields: ['catalogue', 'images', 'archive', 'photo'], maxBytes: MAX_UPLOAD_BYTES, maxFilesPerField: MAX_LOTS });
}

const chosen = (files: readonly UploadedFile[] | undefined) => (files ?? []).filter((file) => file.size > 0);
const imagesOf = (files: readonly UploadedFile[] | undefined): CatalogueImage[] => chosen(files).map((file) => ({ name: file.filename, read: () => readFile(file.path) }));

/**
 * What a multipart upload asks to check: a catalogue (`catalogue`, its `format`, photos as
 * `images` or an `archive`), or one object (the fields of OBJECT_FIELDS and up to ten `photo`s).
 * Read before the upload's files are discarded: the service stores what it keeps.
 */
export async function submissionOf(upload: MultipartUpload, lang: string): Promise<SubmitInput> {
  const catalogue = chosen(upload.fileLists.catalogue)[0];
  if (!catalogue) {
    if (upload.fields.kind === 'catalogue') throw invalid('Choose the catalogue file.', [{ field: 'catalogue', message: 'required' }]);
    const row = Object.fromEntries(OBJECT_FIELDS.map((name) => [name, upload.fields[name] ?? ''])) as Partial<Record<CatalogueColumn, string>>;
    const photos = imagesOf(upload.fileLists.photo);
    if (photos.length > MAX_PHOTOS_PER_LOT) throw invalid(`At most ${MAX_PHOTOS_PER_LOT} photos.`, [{ field: 'photo', message: `at most ${MAX_PHOTOS_PER_LOT}` }]);
    let fields;
    try {
      fields = lotOfRow(row);
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : String(error), [{ field: 'object', message: error instanceof Error ? error.message : String(error) }]);
    }
    if (Object.keys(fields).length === 0 && photos.length === 0) throw invalid('Describe the object or add a photo.', [{ field: 'title', message: 'required' }]);
    return { source: 'form', lots: [{ position: 1, fields, photos }] };
  }
  const format = upload.fields.format || 'csv';
  if (!(CATALOGUE_FORMATS as readonly string[]).includes(format)) throw invalid(`Unknown format "${format}".`, [{ field: 'format', message: `one of ${CATALOGUE_FORMATS.join(', ')}` }]);
  let lots = await readCatalogue(catalogue.path, format as CatalogueFormat, { lang });
  const archive = chosen(upload.fileLists.archive)[0];
  const images = [...imagesOf(upload.fileLists.images), ...(archive ? archiveImages(await readFile(archive.path)) : [])];
  if (images.length > 0) lots = attachImages(lots, images);
  return { source: format, filename: catalogue.filename, lots };
}
