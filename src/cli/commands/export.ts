import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { invalid } from '../../errors.js';
import { Links } from '../../interop/exportable-object.js';
import { EXPORT_FORMATS, exportObjects, type ExportFormat, type PhotoCopy } from '../../interop/object-export.js';
import { PhotoStorage } from '../../registry/photos/photo-storage.js';
import { openPhotoStores } from '../../registry/photos/photo-stores.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

interface ExportCommandOptions extends DataOptions {
  format?: string;
  org?: string;
  out?: string;
  baseUrl?: string;
  lang: string;
}

const number = (n: number) => n.toLocaleString('en-US');

/** "exported 1,200 of 5,000 objects" on stderr: redrawn in place on a terminal, a line every few seconds otherwise. */
function progressLine(stream: NodeJS.WriteStream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  let shownAt = 0;
  let last = '';
  return {
    update(done: number, total: number) {
      last = `egide export: ${number(done)} of ${number(total)} objects`;
      const now = performance.now();
      if (done !== total && now - shownAt < (tty ? 100 : 5000)) return;
      shownAt = now;
      stream.write(tty ? `\r\x1b[2K${last}` : `${last}\n`);
    },
    end() {
      if (tty && last) stream.write('\n');
    },
  };
}

export function registerExportCommand(program: Command): void {
  withDataOption(
    program
      .command('export')
      .description('export every object of an organisation (or of all) as LIDO, Linked Art or CSV; sensitive fields are never exported')
      .option('--format <format>', `${EXPORT_FORMATS.join(', ')} (LIDO: one lidoWrap; Linked Art: one JSON-LD document per line; CSV: the columns of egide import)`)
      .option('--org <slug>', 'only the objects of this organisation (see egide org list)')
      .option('--out <file>', 'write to this file instead of stdout; a CSV export then copies the photos to <file name>-images/ beside it')
      .option('--base-url <url>', 'public address of this Egide, used in URIs (default: $EGIDE_BASE_URL, then http://localhost:$PORT)')
      .option('--lang <tag>', 'CSV: language of the cells that hold one language (import with the same --lang)', 'en'),
  ).action(async (options: ExportCommandOptions) => {
    if (!options.format) throw invalid(`Give the format with --format (${EXPORT_FORMATS.join(', ')}).`);
    if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) throw invalid(`Unknown format "${options.format}": use one of ${EXPORT_FORMATS.join(', ')}.`);
    const format = options.format as ExportFormat;
    const configured = options.baseUrl ?? process.env.EGIDE_BASE_URL;
    const baseUrl = configured || `http://localhost:${process.env.PORT || 8080}`;
    let links: Links;
    try {
      links = new Links(baseUrl);
    } catch {
      throw invalid(`--base-url "${baseUrl}" is not an http or https URL.`);
    }
    if (!configured) process.stderr.write(`egide export: URIs use ${links.base}; give --base-url (or EGIDE_BASE_URL) for the public address.\n`);

    const out = options.out ? resolve(options.out) : undefined;
    const partial = out ? `${out}.partial` : undefined;
    const progress = progressLine();

    const summary = await withContext(options, async (context) => {
      const repository = context.exports;
      let organisationId: number | undefined;
      if (options.org) {
        organisationId = await repository.organisationId(options.org);
        if (organisationId === undefined) throw invalid(`No organisation with the slug "${options.org}" (see egide org list).`);
      }
      let photos: PhotoCopy | undefined;
      if (format === 'csv' && out) {
        const folder = `${basename(out, extname(out))}-images`;
        const storage = new PhotoStorage(openPhotoStores(context.config.photoStorage).photos);
        photos = { dir: join(dirname(out), folder), relative: folder, read: (file) => storage.read(file) };
      } else if (format === 'csv') {
        process.stderr.write('egide export: photos are copied only with --out; the images column stays empty.\n');
      }

      const output: Writable = partial ? createWriteStream(partial) : process.stdout;
      try {
        const result = await exportObjects(repository, output, {
          format,
          // The command line is run by whoever holds the database: every object, still without sensitive fields.
          audience: 'administrative',
          organisationId,
          links,
          lang: options.lang,
          photos,
          onProgress: (done, total) => progress.update(done, total),
        });
        if (partial && out) {
          await new Promise<void>((done, fail) => (output as ReturnType<typeof createWriteStream>).end((error?: Error | null) => (error ? fail(error) : done())));
          await rename(partial, out);
        }
        await context.audit.record(null, { action: 'export', targetType: 'organisation', ...(options.org ? { targetId: options.org } : {}), details: { organisation: options.org ?? null, format, objects: result.objects, out: out ?? 'stdout' } });
        return result;
      } catch (error) {
        if (partial) {
          (output as ReturnType<typeof createWriteStream>).destroy();
          await rm(partial, { force: true });
        }
        throw error;
      } finally {
        progress.end();
      }
    });

    for (const problem of summary.photoProblems) process.stderr.write(`egide export: photo ${problem}\n`);
    const photosNote = format === 'csv' && out ? `, ${number(summary.photosCopied)} photos` : '';
    process.stderr.write(`egide export: ${number(summary.objects)} objects as ${format}${photosNote}${out ? ` written to ${out}` : ''}\n`);
  });
}
