/**
 * Whole exports, streamed: every object of an organisation (or of all), batch by batch, written to
 * a stream as LIDO (`lidoWrap`), Linked Art (JSON Lines: one JSON-LD document per line) or CSV (the
 * CSV import's format, photos copied beside the file). Memory stays flat whatever the size.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { CSV_HEADER, csvLine, csvRow } from './csv/object-csv.js';
import type { Audience, ExportRepository } from './export.repository.js';
import type { ExportableObject, Links } from './exportable-object.js';
import { LIDO_WRAP_CLOSE, LIDO_WRAP_OPEN, lidoRecord } from './lido/lido-writer.js';
import { linkedArtObject } from './linked-art/linked-art-writer.js';

export const EXPORT_FORMATS = ['lido', 'linked-art', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface PhotoCopy {
  /** Folder the photos are copied into (created if needed). */
  dir: string;
  /** How the CSV names that folder, relative to the CSV file. */
  relative: string;
  /** A photo's original, from its stored relative path. */
  read(file: string): Promise<Buffer>;
}

export interface ExportOptions {
  format: ExportFormat;
  audience: Audience;
  organisationId?: number | undefined;
  links: Links;
  /** CSV: the language of single-language cells. */
  lang?: string;
  /** CSV: copy photos here and name them in the `images` column; without it the column stays empty. */
  photos?: PhotoCopy | undefined;
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
}

export interface ExportSummary {
  objects: number;
  photosCopied: number;
  /** Photos whose file could not be copied (`"<photo id>: <reason>"`). */
  photoProblems: string[];
}

/** Writes a chunk, waiting for the stream to drain when its buffer is full. */
function write(output: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    output.once('error', onError);
    const flushed = output.write(chunk, 'utf8');
    const done = () => {
      output.off('error', onError);
      resolve();
    };
    if (flushed) done();
    else output.once('drain', done);
  });
}

export async function exportObjects(repository: ExportRepository, output: Writable, options: ExportOptions): Promise<ExportSummary> {
  const total = await repository.count(options.audience, options.organisationId);
  const summary: ExportSummary = { objects: 0, photosCopied: 0, photoProblems: [] };
  if (options.format === 'lido') await write(output, LIDO_WRAP_OPEN);
  if (options.format === 'csv') await write(output, CSV_HEADER);
  if (options.photos) await mkdir(options.photos.dir, { recursive: true });
  options.onProgress?.(0, total);

  for await (const batch of repository.batches(options.audience, { organisationId: options.organisationId, batchSize: options.batchSize })) {
    const files = options.format === 'csv' && options.photos ? await repository.photoFiles(batch.flatMap((o) => o.photos.map((p) => p.id))) : new Map<string, string>();
    let chunk = '';
    for (const object of batch) {
      switch (options.format) {
        case 'lido':
          chunk += `${lidoRecord(object, options.links, { namespaces: false, depth: 1 })}\n`;
          break;
        case 'linked-art':
          chunk += `${JSON.stringify(linkedArtObject(object, options.links))}\n`;
          break;
        case 'csv': {
          const images = options.photos ? await copyPhotos(object, files, options.photos, summary) : [];
          chunk += csvLine(csvRow(object, { lang: options.lang ?? 'en', images }));
          break;
        }
      }
    }
    await write(output, chunk);
    summary.objects += batch.length;
    options.onProgress?.(summary.objects, total);
  }

  if (options.format === 'lido') await write(output, LIDO_WRAP_CLOSE);
  return summary;
}

async function copyPhotos(object: ExportableObject, files: Map<string, string>, photos: PhotoCopy, summary: ExportSummary): Promise<string[]> {
  const names: string[] = [];
  for (const [i, photo] of object.photos.entries()) {
    const file = files.get(photo.id);
    if (!file) {
      summary.photoProblems.push(`${photo.id}: no stored file`);
      continue;
    }
    const name = `${object.id}-${i + 1}${extname(file).toLowerCase()}`;
    try {
      await writeFile(join(photos.dir, name), await photos.read(file));
      names.push(`${photos.relative}/${name}`);
      summary.photosCopied += 1;
    } catch (error) {
      summary.photoProblems.push(`${photo.id}: ${(error as Error).message}`);
    }
  }
  return names;
}
