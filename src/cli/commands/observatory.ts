import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { invalid } from '../../errors.js';
import { isLang, LANGUAGES, type Lang } from '../../i18n/languages.js';
import { writeObservatoryReport } from '../../observatory/observatory-report.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

interface ReportOptions extends DataOptions {
  year?: string;
  lang: string;
  out?: string;
}

export function registerObservatoryCommands(program: Command): void {
  const observatory = program.command('observatory').description('the observatory of illicit traffic: its yearly report');
  withDataOption(
    observatory
      .command('report')
      .description('write the yearly report (PDF): maps, charts, tables and notes, from the public figures the pages show')
      .requiredOption('--year <year>', 'the year, e.g. 2026')
      .option('--lang <lang>', `the report's language (${LANGUAGES.join(', ')})`, 'en')
      .option('--out <file>', 'the PDF to write (default: observatory-report-YEAR-LANG.pdf here)'),
  ).action(async (options: ReportOptions) => {
    const year = yearOption(options.year);
    const lang = langOption(options.lang);
    const out = resolve(options.out ?? `observatory-report-${year}-${lang}.pdf`);
    // Written beside its destination and renamed once whole: an interrupted run leaves no half a PDF.
    const partial = `${out}.partial`;
    const started = performance.now();
    await withContext(options, (context) =>
      writeObservatoryReport(
        { observatory: context.observatory, externalDatasets: context.externalDatasets },
        { year, lang, onSection: (done, total, title) => process.stderr.write(`egide observatory report: [${done}/${total}] ${title}\n`) },
        createWriteStream(partial, { mode: 0o644 }),
      ),
    ).catch(async (error: unknown) => {
      await rm(partial, { force: true });
      throw error;
    });
    await rename(partial, out);
    process.stderr.write(`egide observatory report: written in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    process.stdout.write(`${out}\n`);
  });
}

/** A four-digit year, refused otherwise with the option named. */
export function yearOption(value: string | undefined): number {
  if (value === undefined || !/^\d{4}$/.test(value.trim())) throw invalid(`--year takes a year such as 2026, not "${value ?? ''}".`, [{ field: '--year', message: 'a four-digit year' }]);
  return Number(value.trim());
}

export function langOption(value: string): Lang {
  if (!isLang(value)) throw invalid(`--lang takes one of ${LANGUAGES.join(', ')}, not "${value}".`, [{ field: '--lang', message: `one of ${LANGUAGES.join(', ')}` }]);
  return value;
}
