import type { Command } from 'commander';
import { invalid } from '../../errors.js';
import { IMPORT_FORMATS, importFile, importFormat } from '../../registry/import/import-file.js';
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, type ImportReport } from '../../registry/import/import-pipeline.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';
import { progressReporter } from '../progress.js';

const formats = () => Object.keys(IMPORT_FORMATS).join(', ');

interface ImportOptions extends DataOptions {
  format?: string;
  org?: string;
  lang: string;
  batch: string;
  template?: string;
}

export function registerImportCommand(program: Command): void {
  withDataOption(
    program
      .command('import')
      .description('import objects into an organisation’s inventory; importing the same file again updates them')
      .argument('[file]', 'the file to import; images it names are read from its folder')
      .option('--format <format>', `format of the file: ${formats()}`)
      .option('--org <slug>', 'organisation that owns the objects (see egide org list)')
      .option('--lang <tag>', 'language of texts written without a language tag', 'en')
      .option('--batch <n>', 'records written per transaction', String(DEFAULT_BATCH_SIZE))
      .option('--template <format>', 'print the header line of an empty file in this format, and explain its columns on stderr')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  egide import --template csv > objects.csv',
          '  egide import --format csv --org louvre --lang fr objects.csv',
          '',
          'Exit code 0 when the file was processed, even if some rows failed (they are listed on stderr with',
          'their line); 1 when the file cannot be read, or not to its end (the rows before are kept).',
        ].join('\n'),
      ),
  ).action(async (file: string | undefined, options: ImportOptions) => {
    if (options.template !== undefined) {
      const template = importFormat(options.template).template?.();
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

    const progress = progressReporter();
    const report = await withContext(options, (context) =>
      importFile(context, { format, file, organisation: org, lang: options.lang, batchSize, onProgress: (p) => progress.update(p) }).finally(() => progress.done()),
    );
    printReport(report);
    if (report.stopped) throw invalid(`${file}: line ${report.stopped.line}: ${report.stopped.reason}.`);
  });
}

/** The summary on stdout; failed rows, "line N: reason", on stderr. */
export function printReport(report: ImportReport): void {
  for (const failure of report.failures) process.stderr.write(`line ${failure.line}: ${failure.reason}\n`);
  if (report.unlisted > 0) process.stderr.write(`… and ${report.unlisted} more failures not listed\n`);
  process.stdout.write(`created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, failed ${report.failed}\n`);
  const images = report.images;
  if (images.attached + images.alreadyAttached + images.failed > 0) {
    process.stdout.write(`images: attached ${images.attached}, already attached ${images.alreadyAttached}, failed ${images.failed}\n`);
  }
}
