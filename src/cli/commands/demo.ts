import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { invalid } from '../../errors.js';
import { createDemoMuseum, DEFAULT_DEMO_RECORDS, DEMO_NAME, DEMO_SLUG } from '../../registry/import/demo-museum.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';
import { progressReporter } from '../progress.js';
import { printReport } from './import.js';

/** The Tate export beside the package folder (src/cli/commands → package root → ../shared). */
const DEFAULT_TATE = fileURLToPath(new URL('../../../../shared/datasets/tate/tate-artworks.jsonl.gz', import.meta.url));

export function registerDemoCommand(program: Command): void {
  withDataOption(
    program
      .command('demo')
      .description(`create "${DEMO_NAME}" with sample records and a few fictional incidents; running it again changes nothing`)
      .option('--records <n>', 'how many Tate records to import', String(DEFAULT_DEMO_RECORDS))
      .option('--tate <path>', 'the Tate artworks export (.jsonl or .jsonl.gz)', DEFAULT_TATE),
  ).action(async (options: DataOptions & { records: string; tate: string }) => {
    const records = Number(options.records);
    if (!Number.isInteger(records) || records < 1 || records > 1_000_000) throw invalid('--records takes a number from 1 to 1,000,000.');
    if (!existsSync(options.tate)) throw invalid(`The Tate export was not found at ${options.tate}; give its path with --tate.`);
    const progress = progressReporter(process.stderr, 'demo');
    const report = await withContext(options, (context) =>
      createDemoMuseum(context, { tate: options.tate, records, onProgress: (p) => progress.update(p) }).finally(() => progress.done()),
    );
    printReport(report.import);
    const { reported, alreadyReported, published } = report.incidents;
    process.stdout.write(
      `${DEMO_SLUG}: ${DEMO_NAME}\n` +
        `fictional incidents: reported ${reported}, already reported ${alreadyReported}, on the public alert list ${published}\n`,
    );
    const data = options.data ? ` --data ${options.data}` : '';
    process.stderr.write(`To sign in as a registrar of the demo museum, add yourself:\n  egide user add --org ${DEMO_SLUG} --role registrar --email you@example.org${data}\n`);
    if (report.import.stopped) throw invalid(`${options.tate}: line ${report.import.stopped.line}: ${report.import.stopped.reason}.`);
  });
}
