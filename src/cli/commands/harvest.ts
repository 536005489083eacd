import type { Command } from 'commander';
import { harvestNetworkSettings } from '../../config/config.js';
import { invalid } from '../../errors.js';
import { describeHarvestFailure, describeHarvestWarning, harvest, HARVEST_FORMATS, HarvestError, type HarvestProgress, type HarvestReport } from '../../interop/oai-pmh/harvester.js';
import { openIssueReport } from '../issue-report.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

interface HarvestCommandOptions extends DataOptions {
  metadataPrefix?: string;
  org?: string;
  from?: string;
  set?: string;
  lang: string;
  strict?: boolean;
  report?: string;
  allowPrivate?: boolean;
  allowRedirect?: string;
}

const number = (n: number) => n.toLocaleString('en-US');

/** One line per page on stderr: pages come seconds apart, and a log keeps each. */
function pageLine(p: HarvestProgress): string {
  const list = p.completeListSize === undefined ? '' : ` of ${number(p.completeListSize)}`;
  return `harvest: page ${number(p.pages)}, ${number(p.records)}${list} records; created ${number(p.created)}, updated ${number(p.updated)}, unchanged ${number(p.unchanged)}, failed ${number(p.failed)}, deleted at the source ${number(p.deleted)}`;
}

export function registerHarvestCommand(program: Command): void {
  withDataOption(
    program
      .command('harvest')
      .description('harvest an OAI-PMH repository into an organisation’s inventory; harvesting again fetches only what changed')
      .argument('<url>', 'the repository’s OAI-PMH base URL, such as https://example.org/oai')
      .option('--metadata-prefix <prefix>', `format of the records to harvest: ${HARVEST_FORMATS.join(', ')}`)
      .option('--org <slug>', 'organisation that owns the objects (see egide org list)')
      .option('--from <date>', 'only records changed since this UTC date, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (default: when the last complete harvest of the same list began; the first harvest takes everything)')
      .option('--set <spec>', 'only this set of the repository, such as org:louvre')
      .option('--lang <tag>', 'language of texts written without a language tag', 'en')
      .option('--strict', 'a record with a warning (a field kept as text, an unknown term…) fails instead of being imported')
      .option('--report <file>', 'write every warning and failure to this file as JSON Lines (record id, page, line, field, reason, value)')
      .option('--allow-private', 'allow a repository, or a redirect, at a loopback, private or link-local address (default: $EGIDE_HARVEST_ALLOW_PRIVATE, else refused)')
      .option('--allow-redirect <hosts>', 'hosts, comma-separated, that redirects may lead to besides the repository’s own (default: $EGIDE_HARVEST_ALLOWED_HOSTS)')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  egide harvest https://egide.example.org/oai --metadata-prefix lido --org partner-alerts',
          '  egide harvest https://museum.example/oai --metadata-prefix lido --org museum --set paintings --from 2024-01-01',
          '',
          'Records are imported as `egide import` does: harvesting again updates them instead of duplicating.',
          'Records the repository reports deleted are counted and listed on stderr, never deleted here.',
          'Busy or unreachable repositories are tried again, waiting longer each time. If the harvest still',
          'stops (exit code 1), its place is kept: run the same command again to resume it there.',
        ].join('\n'),
      ),
  ).action(async (url: string, options: HarvestCommandOptions) => {
    if (!options.metadataPrefix) throw invalid(`Give the format of the records with --metadata-prefix (${HARVEST_FORMATS.join(', ')}).`);
    if (!options.org) throw invalid('Give the organisation that owns the objects with --org (see egide org list).');
    const { metadataPrefix, org } = options;
    const network = harvestNetworkSettings({ allowPrivate: options.allowPrivate, allowRedirect: options.allowRedirect });
    const issues = options.report === undefined ? undefined : openIssueReport(options.report);
    const report = await withContext(options, (context) =>
      harvest(context, {
        url,
        metadataPrefix,
        organisation: org,
        from: options.from,
        set: options.set,
        lang: options.lang,
        client: network,
        onPage: (progress) => process.stderr.write(`${pageLine(progress)}\n`),
        onNotice: (message) => process.stderr.write(`harvest: ${message}\n`),
        ...(options.strict ? { strict: true } : {}),
        ...(issues ? { onIssue: (issue) => issues.write(issue) } : {}),
      })
        .then(async (done) => {
          await context.audit.record(null, { action: 'harvest', targetType: 'url', targetId: url, details: { organisation: org, metadataPrefix, records: done.records } });
          return done;
        })
        .catch((error: unknown) => {
          if (error instanceof HarvestError) throw invalid(error.message);
          throw error;
        })
        .finally(() => issues?.close()),
    );
    printHarvestReport(report);
  });
}

/** The summary on stdout; warnings, failed records and deleted ones on stderr. */
function printHarvestReport(report: HarvestReport): void {
  for (const warning of report.warnings) process.stderr.write(`${describeHarvestWarning(warning)}\n`);
  if (report.unlistedWarnings > 0) process.stderr.write(`… and ${number(report.unlistedWarnings)} more warnings not listed\n`);
  for (const failure of report.failures) process.stderr.write(`${describeHarvestFailure(failure)}\n`);
  if (report.unlisted > 0) process.stderr.write(`… and ${number(report.unlisted)} more failures not listed\n`);
  for (const identifier of report.deletedIdentifiers) process.stderr.write(`deleted at the source (kept here): ${identifier}\n`);
  const { pages, records, created, updated, unchanged, failed, deleted } = report;
  process.stdout.write(`created ${created}, updated ${updated}, unchanged ${unchanged}, warned ${report.warned}, failed ${failed}, deleted at the source ${deleted}\n`);
  const resumed = report.resumedAtPage === undefined ? '' : ` (resumed at page ${report.resumedAtPage})`;
  process.stdout.write(`${records} record(s) in ${pages} page(s)${resumed}; the next harvest asks for changes from ${report.harvestedUntil ?? 'the start'}\n`);
}
