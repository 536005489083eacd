import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import { invalid } from '../../errors.js';
import { DEFAULT_DRY_RUN_RECORDS, dryRunImport, type DryRunReport } from '../../interop/import/import-dry-run.js';
import { importFile, type ImportFileOptions } from '../../interop/import/import-file.js';
import { readOrgsFile } from '../../interop/import/organisation-routing.js';
import { IMPORT_FORMATS, importFormat } from '../../interop/import/import-formats.js';
import { DEFAULT_BATCH_SIZE, describeFailure, describeWarning, MAX_BATCH_SIZE, type ImportReport } from '../../interop/import/import-pipeline.js';
import { formatCoverage } from '../../interop/import/mapping-coverage.js';
import { mappingTemplate } from '../../interop/import/mapping-help.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';
import { openIssueReport } from '../issue-report.js';
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
  strict?: boolean;
  report?: string;
  orgFrom?: string;
  orgs?: string;
  createOrgs?: boolean;
  /** `--dry-run` alone, or with a number of records. */
  dryRun?: string | true;
}

export function registerImportCommand(program: Command): void {
  withDataOption(
    program
      .command('import')
      .description('import objects into an organisation’s inventory; importing the same file again updates them')
      .argument('[file]', 'the file to import, or a folder: each of its files of the format, subfolders included; images a file names are read from its folder')
      .option('--format <format>', `format of the file: ${formats()}`)
      .option('--org <slug>', 'organisation that owns the objects (see egide org list); with --org-from, that of records naming no holder')
      .option('--org-from <what>', 'aggregator files: "repository" routes each record to the organisation of the holding institution it names (LIDO repositoryName, Linked Art current_owner, a mapping’s organisation field)')
      .option('--orgs <file>', 'with --org-from: a JSON object of holder names and organisation slugs, e.g. {"Musée du Louvre": "louvre"}')
      .option('--create-orgs', 'with --org-from: add a museum (slug made from its name) for each holder that has no organisation')
      .option('--lang <tag>', 'language of texts written without a language tag', 'en')
      .option('--batch <n>', 'records written per transaction (larger batches hold more memory)', String(DEFAULT_BATCH_SIZE))
      .option('--mapping <file>', 'a mapping file (JSON) saying how the records fill Object ID fields: any CSV, JSON or JSON Lines export (see --template mapping)')
      .option('--strict', 'a record with a warning (a field kept as text, a missing image…) fails instead of being imported')
      .option('--report <file>', 'write every warning and failure to this file as JSON Lines (record id, file, line, field, reason, value)')
      .option('--dry-run [n]', `read, map and validate the first N records (default ${DEFAULT_DRY_RUN_RECORDS}) and print what they give (with --mapping: its coverage), writing nothing`)
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
          '  egide import --format json --mapping mapping.json --org mkg objects/   (.json files: a record, or an array of them)',
          '  egide import --format json --mapping mapping.json --dry-run 500 export.json   (the mapping tried, nothing written)',
          '  egide import --format lido --org mkg lido-export.xml        (lidoWrap, bare lido, or an OAI-PMH response)',
          '  egide import --format lido --org mkg exports/               (every .xml file of the folder)',
          '  egide import --format linked-art --org getty objects.jsonl  (or .json: one document, or an array)',
          '  egide import --format lido --org-from repository --orgs holders.json --create-orgs aggregator.xml',
          '                                                   (each record to the organisation of its holder)',
          '',
          'LIDO and Linked Art records are keyed on their id (lidoRecID, the document\'s id): importing them again',
          'updates the same objects, even when their inventory number changed.',
          '',
          'Nothing that can be kept is lost: a problem with one field (an unreadable date or measurement, an',
          'over-long value, a missing image, an unknown term, invalid UTF-8) is a warning, and the record is',
          'imported with the field kept as text; --strict makes such records fail. Only a record that cannot',
          'be read, or that identifies nothing, fails. Warnings and failures are listed on stderr with their',
          'line (at most 10,000 each); --report FILE writes them all.',
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
    if (options.dryRun !== undefined) {
      if (!file) throw invalid('Give the file to import.');
      const records = options.dryRun === true ? DEFAULT_DRY_RUN_RECORDS : Number(options.dryRun);
      if (!Number.isInteger(records) || records < 1) throw invalid('--dry-run takes a number of records (1 or more).');
      const report = await dryRunImport({ format, file, lang: options.lang, mapping: options.mapping, records });
      printDryRun(report);
      if (report.stopped) throw invalid(`${file}: ${describeFailure(report.stopped)}.`);
      return;
    }
    const routing = importRouting(options);
    if (!options.org && !routing) throw invalid('Give the organisation that owns the objects with --org (see egide org list), or route records by their holder with --org-from repository.');
    if (!file) throw invalid('Give the file to import.');
    const batchSize = Number(options.batch);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) throw invalid(`--batch takes a number from 1 to ${MAX_BATCH_SIZE}.`);
    const org = options.org;

    setFlagsFromString(`--heap-growing-percent=${IMPORT_HEAP_GROWING_PERCENT}`);
    const issues = options.report === undefined ? undefined : openIssueReport(options.report);
    const progress = progressReporter();
    const report = await withContext(options, (context) =>
      importFile(context, {
        format,
        file,
        organisation: org,
        ...routing,
        lang: options.lang,
        mapping: options.mapping,
        batchSize,
        ...(options.strict ? { strict: true } : {}),
        ...(issues ? { onIssue: (issue) => issues.write(issue) } : {}),
        onProgress: (p) => progress.update(p),
      }).finally(() => {
        progress.done();
        issues?.close();
      }),
    );
    printReport(report);
    if (report.stopped) throw invalid(`${file}: ${describeFailure(report.stopped)}.`);
  });
}

/**
 * The summary on stdout; warnings and failed records, "line N: field: reason" or "record ID (line N):
 * reason", on stderr.
 */
export function printReport(report: ImportReport): void {
  for (const warning of report.warnings) process.stderr.write(`${describeWarning(warning)}\n`);
  if (report.unlistedWarnings > 0) process.stderr.write(`… and ${report.unlistedWarnings} more warnings not listed\n`);
  for (const failure of report.failures) process.stderr.write(`${describeFailure(failure)}\n`);
  if (report.unlisted > 0) process.stderr.write(`… and ${report.unlisted} more failures not listed\n`);
  process.stdout.write(`created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, warned ${report.warned}, failed ${report.failed}\n`);
  const images = report.images;
  if (images.attached + images.alreadyAttached + images.failed > 0) {
    process.stdout.write(`images: attached ${images.attached}, already attached ${images.alreadyAttached}, failed ${images.failed}\n`);
  }
  if (report.coverage) process.stdout.write(`${formatCoverage(report.coverage).join('\n')}\n`);
  for (const [slug, counts] of Object.entries(report.organisations ?? {})) {
    process.stdout.write(`${slug}: created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, warned ${counts.warned}, failed ${counts.failed}\n`);
  }
  // Records that reached no organisation (unreadable, or naming no holder): so that the lines add up to the total.
  if (report.organisations) {
    const routed = Object.values(report.organisations).reduce((sum, counts) => sum + counts.failed, 0);
    if (report.failed > routed) process.stdout.write(`no organisation (unreadable, or naming no holder): failed ${report.failed - routed}\n`);
  }
}

/** --org-from, --orgs and --create-orgs, checked: how records are routed to organisations, if they are. */
function importRouting(options: ImportOptions): Pick<ImportFileOptions, 'orgFrom' | 'orgs' | 'createOrgs'> | undefined {
  if (options.orgFrom === undefined) {
    if (options.orgs !== undefined || options.createOrgs) throw invalid('--orgs and --create-orgs go with --org-from repository.');
    return undefined;
  }
  if (options.orgFrom !== 'repository') throw invalid(`--org-from takes "repository" (the holding institution each record names), not "${options.orgFrom}".`);
  return { orgFrom: 'repository', ...(options.orgs === undefined ? {} : { orgs: readOrgsFile(options.orgs) }), ...(options.createOrgs ? { createOrgs: true } : {}) };
}

/** What a dry run found: its warnings and failures on stderr, a summary and the mapping's coverage on stdout. */
function printDryRun(report: DryRunReport): void {
  for (const warning of report.warnings) process.stderr.write(`${describeWarning(warning)}\n`);
  for (const failure of report.failures) process.stderr.write(`${describeFailure(failure)}\n`);
  process.stdout.write(`dry run, nothing written: ${report.records} records read, ${report.valid} would be imported (${report.warned} with warnings), ${report.failures.length} would fail\n`);
  if (report.coverage) process.stdout.write(`${formatCoverage(report.coverage).join('\n')}\n`);
}
