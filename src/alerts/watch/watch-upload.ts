import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { LANGUAGES } from '../../i18n/languages.js';
import type { PhotoSource } from '../../identify/describe-pool.js';
import { readMultipartUpload, UploadTooLargeError, type MultipartUpload, type UploadedFile } from '../../identify/multipart-upload.js';
import { MAX_PHOTO_BYTES } from '../../registry/photos/photo-image.js';
import { readZip, ZipError } from '../../util/zip-reader.js';

/** Files one upload may carry (a watch of 1,000 photos is filled in ten, or with one ZIP archive), and their total size. */
export const MAX_FILES_PER_UPLOAD = 100;
export const MAX_WATCH_UPLOAD_BYTES = 500 * 1000 * 1000;

/** The page and the API route that take stock photos, under the uploads' limit rather than the app's general one. */
export function isImageWatchUpload(method: string, path: string, apiBase: string): boolean {
  if (method !== 'POST') return false;
  return new RegExp(`^/(${LANGUAGES.join('|')})/alerts/watches(/[0-9a-z]+/photos)?$`).test(path) || new RegExp(`^${apiBase}/image-watches/[0-9a-z]+/photos$`).test(path);
}

/** A multipart body whose files (the field `photos`, repeated) are written to temporary files. */
export function readWatchUpload(c: Context<AppEnv>): Promise<MultipartUpload> {
  if (Number(c.req.header('Content-Length') ?? 0) > MAX_WATCH_UPLOAD_BYTES) throw new UploadTooLargeError(MAX_WATCH_UPLOAD_BYTES);
  return readMultipartUpload(c.req.raw.body, c.req.header('Content-Type') ?? '', { fileFields: ['photos'], maxBytes: MAX_WATCH_UPLOAD_BYTES, maxFilesPerField: MAX_FILES_PER_UPLOAD });
}

/** Why a file of the upload was left out before any photo was read. */
export type UploadProblem = 'too-large' | 'zip-invalid';

export interface UploadedPhotos {
  photos: Array<{ source: PhotoSource; label: string }>;
  refused: Array<{ label: string; problem: UploadProblem }>;
}

const isZip = (filename: string) => /\.zip$/i.test(filename);
/** The files of an archive that may be photos (anything else in it — a price list, a catalogue — is left out). */
const PHOTO_NAME = /\.(jpe?g|png|webp|tiff?|avif|heic|heif)$/i;

/** The photos of an upload, those of its ZIP archives included, each named by its file; files over the photo limit and unreadable archives refused. */
export async function uploadedPhotos(files: readonly UploadedFile[]): Promise<UploadedPhotos> {
  const result: UploadedPhotos = { photos: [], refused: [] };
  for (const file of files.filter((file) => file.size > 0)) {
    if (!isZip(file.filename)) {
      if (file.size > MAX_PHOTO_BYTES) result.refused.push({ label: file.filename, problem: 'too-large' });
      else result.photos.push({ source: { path: file.path }, label: file.filename.slice(0, 200) });
      continue;
    }
    try {
      for (const entry of readZip(await readFile(file.path), MAX_WATCH_UPLOAD_BYTES)) {
        if (!PHOTO_NAME.test(entry.name)) continue;
        const label = basename(entry.name).slice(0, 200);
        if (entry.bytes.length > MAX_PHOTO_BYTES) result.refused.push({ label, problem: 'too-large' });
        else result.photos.push({ source: entry.bytes, label });
      }
    } catch (error) {
      if (!(error instanceof ZipError)) throw error;
      result.refused.push({ label: file.filename, problem: 'zip-invalid' });
    }
  }
  return result;
}
