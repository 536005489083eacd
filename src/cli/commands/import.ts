import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import { invalid } from '../../errors.js';
import { importFile } from '../../registry/import/import-file.js';
import { IMPORT_FORMATS, importFormat } from '../../registry/import/import-formats.js';
import { DEFAULT_BATCH_SIZE, describeFailure, MAX_BATCH_SIZE, type ImportReport } from '../../registry/import/import-pipeline.js';
import { mappingTemplate } from '../../registry/import/mapping-help.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';
import { progressReporter } from '../progress.js';

const formats = () => Object.keys(IMPORT_FORMATS).join(', ');

/**
 * How much V8 lets this process's old generation grow past what survived its last full collection
 * before the next one: by half, where V8 would let it grow up to fourfold. An import's garbage dies
 * young as a rule (see DEFAULT_BATCH_SIZE), but now and then V8 promotes or pretenures whole runs of
 * records, and the old generation then held up to 150 MB of them before a full collection: measured
 * from the sources, peaks of 305 to 360 MB in one import out of three (Tate export, generated CSV),
 * 240 to 290 MB in all ten with this setting. The compiled build, rarely caught, is unchanged (about
 * 220 MB), as is the rate. The process is the command's own, and V8 reads the setting at each collection.
 */
const IMPORT_HEAP_GROWING_PERCENT = 50;

interface ImportOptions extends DataOptions {
  format?: string;
  org?: string;
  lang: string;
  batch: string;
  template?: string;
  mapping?: string;
}

export function registerImportCommand(program: Command): void {
  withDataOption(
    program
      .command('import')
      .description('import objects into an organisation’s inventory; importing the same file again updates them')
      .argument('[file]', 'the file to import, or a folder: each of its files of the format, subfolders included; images a file names are read from its folder')
      .option('--format <format>', `format of the file: ${formats()}`)
      .option('--org <slug>', 'organisation that owns the objects (see egide org list)')
      .option('--lang <tag>', 'language of texts written without a language tag', 'en')
      .option('--batch <n>', 'records written per transaction (larger batches hold more memory)', String(DEFAULT_BATCH_SIZE))
      .option('--mapping <file>', 'a mapping file (JSON) saying how the records fill Object ID fields: any CSV or JSON Lines export (see --template mapping)')
      .option('--template <format>', 'print the header line of an empty file in this format, and explain its columns on stderr; "mapping": an example mapping file')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  egide import --template csv > objects.csv',
          '  egide import --format csv --org louvre --lang fr objects.csv',
          '  egide import --template mapping > mapping.json',
          '  egide import --format jsonl --mapping mappings/tate.json --org tate tate-artworks.jsonl.gz',
          '  egide import --format lido --org mkg lido-export.xml        (lidoWrap, bare lido, or an OAI-PMH response)',
          '  egide import --format lido --org mkg exports/               (every .xml file of the folder)',
          '  egide import --format linked-art --org getty objects.jsonl  (or .json: one document, or an array)',
          '',
          'LIDO and Linked Art records are keyed on their id (lidoRecID, the document\'s id): importing them again',
          'updates the same objects, even when their inventory number changed.',
          '',
          'Exit code 0 when the file was processed, even if some rows failed (they are listed on stderr with',
          'their line); 1 when the file cannot be read, or not to its end (the rows before are kept).',
        ].join('\n'),
      ),
  ).action(async (file: string | undefined, options: ImportOptions) => {
    if (options.template !== undefined) {
      const template = options.template === 'mapping' ? mappingTemplate() : importFormat(options.template).template?.();
      if (!template) throw invalid(`No template for the format "${options.template}".`);
      process.stdout.write(`${template.header}\n`);
      process.stderr.write(`${template.help.join('\n')}\n`);
      return;
    }
    if (!options.format) throw invalid(`Give the format of the file with --format (${formats()}).`);
    const format = importFormat(options.format).name;
    if (!options.org) throw invalid('Give the organisation that owns the objects with --org (see egide org list).');
    if (!file) throw invalid('Give the file to import.');
    const batchSize = Number(options.batch);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) throw invalid(`--batch takes a number from 1 to ${MAX_BATCH_SIZE}.`);
    const org = options.org;

    setFlagsFromString(`--heap-growing-percent=${IMPORT_HEAP_GROWING_PERCENT}`);
    const progress = progressReporter();
    const report = await withContext(options, (context) =>
      importFile(context, { format, file, organisation: org, lang: options.lang, mapping: options.mapping, batchSize, onProgress: (p) => progress.update(p) }).finally(() => progress.done()),
    );
    printReport(report);
    if (report.stopped) throw invalid(`${file}: ${describeFailure(report.stopped)}.`);
  });
}

/** The summary on stdout; failed records, "line N: reason" or "record ID (line N): reason", on stderr. */
export function printReport(report: ImportReport): void {
  for (const failure of report.failures) process.stderr.write(`${describeFailure(failure)}\n`);
  if (report.unlisted > 0) process.stderr.write(`… and ${report.unlisted} more failures not listed\n`);
  process.stdout.write(`created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, failed ${report.failed}\n`);
  const images = report.images;
  if (images.attached + images.alreadyAttached + images.failed > 0) {
    process.stdout.write(`images: attached ${images.attached}, already attached ${images.alreadyAttached}, failed ${images.failed}\n`);
  }
}
