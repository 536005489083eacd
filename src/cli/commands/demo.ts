import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { invalid } from '../../errors.js';
import { writeDemoFieldPhotos } from '../../interop/import/demo-field-photos.js';
import { createDemoMuseum, DEFAULT_DEMO_RECORDS, DEMO_NAME, DEMO_SLUG } from '../../interop/import/demo-museum.js';
import { wallpapersFolder } from '../../interop/import/demo-photos.js';
import { describeFailure, describeWarningReason, type ImportReport } from '../../interop/import/import-pipeline.js';
import { SECRETARIAT_SLUG } from '../../network/partner.service.js';
import { createDemoObservatory, DEMO_OBSERVATORY_NAME } from '../../observatory/demo/demo-observatory.js';
import { createDemoEmergency } from '../../emergencies/demo/demo-emergency.js';
import { publishDemoRedList } from '../../redlists/demo/demo-red-list.js';
import { redListPath } from '../../redlists/red-list-paths.js';
import type { AppContext } from '../../app/context.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';
import { openIssueReport } from '../issue-report.js';
import { progressReporter } from '../progress.js';
import { progressBar } from './index.js';

/** The demo's accuracy measurement: small enough to take seconds, seeded so that every demo measures the same photos. */
const DEMO_EVALUATION_QUERIES = 20;
const DEMO_EVALUATION_SEED = 2026;

/** The Tate export beside the package folder (src/cli/commands → package root → ../shared). */
const DEFAULT_TATE = fileURLToPath(new URL('../../../../shared/datasets/tate/tate-artworks.jsonl.gz', import.meta.url));

export function registerDemoCommand(program: Command): void {
  withDataOption(
    program
      .command('demo')
      .description(
        `create "${DEMO_NAME}" with sample records, photographed works indexed for identification, fictional incidents and field photos to try; running it again changes nothing`,
      )
      .option('--records <n>', 'how many Tate records to import', String(DEFAULT_DEMO_RECORDS))
      .option('--tate <path>', 'the Tate artworks export (.jsonl or .jsonl.gz)', DEFAULT_TATE)
      .option('--report <file>', 'write every warning and failure of the Tate import to this file as JSON Lines (record id, line, field, reason, value)'),
  ).action(async (options: DataOptions & { records: string; tate: string; report?: string }) => {
    const records = Number(options.records);
    if (!Number.isInteger(records) || records < 1 || records > 1_000_000) throw invalid('--records takes a number from 1 to 1,000,000.');
    if (!existsSync(options.tate)) throw invalid(`The Tate export was not found at ${options.tate}; give its path with --tate.`);
    const progress = progressReporter(process.stderr, 'demo');
    // Made when indexing starts, so that its rate counts indexing time only.
    let indexing: ReturnType<typeof progressBar> | undefined;
    const issues = options.report === undefined ? undefined : openIssueReport(options.report);
    const { report, fieldPhotos, redList, observatory, emergency, accuracy } = await withContext(options, async (context) => {
      const report = await createDemoMuseum(context, {
        tate: options.tate,
        records,
        onProgress: (p) => progress.update(p),
        ...(issues ? { onIssue: (issue) => issues.write(issue) } : {}),
        onIndexProgress: (done, remaining) => (indexing ??= progressBar()).update(done, remaining),
      }).finally(() => {
        progress.done();
        indexing?.end();
        issues?.close();
      });
      const redList = await publishDemoRedList(context.redLists, await context.accounts.servicePrincipal(SECRETARIAT_SLUG, 'admin'), wallpapersFolder());
      const started = performance.now();
      const observatory = await createDemoObservatory(context);
      process.stderr.write(`demo: observatory records in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      const emergency = await createDemoEmergency(context);
      const accuracy = await demoAccuracy(context);
      return { report, fieldPhotos: await writeDemoFieldPhotos(context.config.dataDir), redList, observatory, emergency, accuracy };
    });
    const { reported, alreadyReported, published } = report.incidents;
    const { objects, photos, incidents, indexed } = report.photographed;
    const data = options.data ? ` --data ${options.data}` : '';
    const commands = suggestedCommands(process.env.npm_lifecycle_event === 'demo', options.data);
    process.stdout.write(
      `${DEMO_SLUG}: ${DEMO_NAME}\n` +
        summariseTateImport(report.import, options.report, commands.demo) +
        `Tate records' fictional incidents: reported ${reported}, already reported ${alreadyReported}, on the public alert list ${published}\n` +
        `photographed works (The Met, National Museum of Korea): created ${objects.created}, unchanged ${objects.unchanged}, photos added ${photos.added}, indexed ${indexed.indexed}; ` +
        `fictional incidents putting them on the public alert list with their photos: reported ${incidents.reported}, already reported ${incidents.alreadyReported}\n` +
        `Field photos of alert objects (another angle, a cluttered table, other light):\n${fieldPhotos.map((photo) => `  ${resolve(photo.path)}\n`).join('')}` +
        `Try one: start the server (${commands.serve}), open http://localhost:8080/en/identify and upload it; or run: ${commands.egide} identify ${resolve(fieldPhotos[0]!.path)}${data}\n` +
        `Red List (demonstration): ${redList.title}: edition ${redList.edition} ${redList.unchanged ? 'already published, unchanged' : 'published'}, ${redList.categories} categories, ${redList.photos} example photos (National Museum of Korea); http://localhost:8080${redListPath('en', redList.slug)}\n` +
        `Observatory (fictional records, ${DEMO_OBSERVATORY_NAME}): ${observatory.objects.created} objects created, ${observatory.objects.unchanged} unchanged; ` +
        `${observatory.incidents} incidents, ${observatory.sightings} sightings and ${observatory.recoveries} recoveries recorded (${observatory.alreadyRecorded} already recorded), ` +
        `${observatory.years.from}–${observatory.years.to}, ${observatory.countries} countries; an illustrative external dataset (${observatory.resources.dataset}); ` +
        `library items: ${observatory.resources.library.created} created, ${observatory.resources.library.unchanged} unchanged; http://localhost:8080/en/observatory\n` +
        `Identification accuracy (${accuracy.queries} synthetic field photos${accuracy.unchanged ? ', measured before, unchanged' : ''}): recall@1 ${accuracy.recallAt1.toFixed(2)}, ${accuracy.falseMatches} false matches; http://localhost:8080/en/identify/accuracy\n` +
        `Emergency (fictional): ${emergency.name}: ${emergency.places === 0 ? 'already there, unchanged' : `${emergency.places} heritage places, ${emergency.assessments} assessments, ${emergency.plans} evacuation plans of two museums, ${emergency.movements} objects moved`}; http://localhost:8080/en/emergencies\n`,
    );
    process.stderr.write(`To sign in as a registrar of the demo museum, add yourself:\n  ${commands.egide} user add --org ${DEMO_SLUG} --role registrar --email you@example.org${data}\n`);
    if (report.import.stopped) throw invalid(`${options.tate}: line ${report.import.stopped.line}: ${report.import.stopped.reason}.`);
  });
}

/** A small seeded evaluation, so that the accuracy page has figures; kept once per release (a re-run changes nothing). */
async function demoAccuracy(context: AppContext): Promise<{ queries: number; recallAt1: number; falseMatches: number; unchanged: boolean }> {
  const kept = await context.identifyEvaluations.latest();
  const started = performance.now();
  const report =
    kept ??
    (await context.identifyEvaluations.evaluate({ queries: DEMO_EVALUATION_QUERIES, seed: DEMO_EVALUATION_SEED, principal: await context.accounts.servicePrincipal(SECRETARIAT_SLUG, 'admin') }));
  if (!kept) process.stderr.write(`demo: identification accuracy measured in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return { queries: report.queries.total, recallAt1: report.results.recallAt1, falseMatches: report.results.falseMatches.count, unchanged: kept !== undefined };
}

/**
 * The Tate import's summary for a newcomer: its counts, and its warnings counted by kind rather than
 * listed one per record (Tate's own object types, kept as free text, are not worth a screenful), with
 * where to read them all. A failure is still listed: the demo should have none.
 */
export function summariseTateImport(report: ImportReport, reportFile: string | undefined, demoCommand = 'egide demo'): string {
  const lines = [`Tate records: created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, warned ${report.warned}, failed ${report.failed}`];
  for (const failure of report.failures) lines.push(`  ${describeFailure(failure)}`);
  if (report.unlisted > 0) lines.push(`  … and ${report.unlisted} more failures`);
  const kinds = new Map<string, number>();
  for (const warning of report.warnings) {
    const kind = describeWarningReason(warning);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  if (kinds.size > 0) {
    const total = report.warnings.length + report.unlistedWarnings;
    const listed = [...kinds].sort((a, b) => b[1] - a[1]);
    const shown = listed.slice(0, 3).map(([kind, count]) => `${kind} (${count})`);
    if (listed.length > 3) shown.push(`${listed.length - 3} other kinds`);
    const where = reportFile === undefined ? `list them with ${demoCommand} --report FILE` : `every one is in ${reportFile}`;
    lines.push(`  ${total} ${total === 1 ? 'warning' : 'warnings'}, the records imported all the same: ${shown.join('; ')}; ${where}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The commands the demo suggests, as the newcomer can type them: from a checkout (`npm run demo`),
 * `egide` is not on the PATH, so through npm; otherwise (an installed package) the binary itself.
 */
export function suggestedCommands(viaNpm: boolean, dataDir: string | undefined): { serve: string; egide: string; demo: string } {
  const data = dataDir ? ` --data ${dataDir}` : '';
  return viaNpm
    ? { serve: `npm start${data ? ` --${data}` : ''}`, egide: 'npm run egide --', demo: 'npm run demo --' }
    : { serve: `egide serve${data}`, egide: 'egide', demo: 'egide demo' };
}
