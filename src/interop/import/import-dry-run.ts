/**
 * A dry run of an import (`egide import --dry-run [N]`): the first N records read, mapped and
 * validated exactly as the import would, and nothing written — to try a mapping file on a large
 * export in a second. It needs no database.
 */
import { openImportPath } from './folder-source.js';
import { importInput, type ImportFileOptions } from './import-file.js';
import { positionOf, prepareRecords, SourceError, type RowFailure, type RowWarning } from './import-pipeline.js';
import { CoverageCollector, type MappingCoverage } from './mapping-coverage.js';

export const DEFAULT_DRY_RUN_RECORDS = 100;

export interface DryRunReport {
  /** Records read (at most the number asked for). */
  records: number;
  /** Records that would be imported, and how many of them with warnings. */
  valid: number;
  warned: number;
  failures: RowFailure[];
  warnings: RowWarning[];
  /** Where the source could not be read any further, if it ended early. */
  stopped?: RowFailure;
  /** For imports read through a mapping file. */
  coverage?: MappingCoverage;
}

export async function dryRunImport(options: Pick<ImportFileOptions, 'format' | 'file' | 'lang' | 'mapping'> & { records: number }): Promise<DryRunReport> {
  const { format, file, open } = importInput(options);
  const coverage = open.mapping === undefined ? undefined : new CoverageCollector();
  const opened = openImportPath(format, file, { ...open, coverage });
  const report: DryRunReport = { records: 0, valid: 0, warned: 0, failures: [], warnings: [] };
  try {
    for await (const item of prepareRecords(opened.source, opened.map, opened.fieldLabel)) {
      report.records += 1;
      if ('reason' in item) report.failures.push({ ...positionOf(item), reason: item.reason });
      else {
        report.valid += 1;
        if (item.warnings?.length) report.warned += 1;
        for (const warning of item.warnings ?? []) report.warnings.push({ ...positionOf(item), ...warning });
      }
      if (report.records >= options.records) break;
    }
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    report.stopped = { line: error.line, reason: error.message };
  }
  const found = coverage?.result();
  return found ? { ...report, coverage: found } : report;
}
