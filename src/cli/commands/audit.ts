import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DATE_OR_TIME } from '../../audit/audit.schemas.js';
import type { VerifyResult } from '../../audit/audit.service.js';
import { invalid, notFound } from '../../errors.js';
import { writeFileAtomically } from '../../util/atomic-file.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

const PROBLEMS: Record<Exclude<VerifyResult, { ok: true }>['problem'], string> = {
  altered: 'its content does not match its hash: it was edited',
  unlinked: 'it does not follow the entry before it: an entry was removed, inserted or moved before it',
  unvouched: 'it is not where the last purge ended: entries were removed before it',
};

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit trail of who saw what (append-only, hash-chained)');
  withDataOption(audit.command('verify').description('check that no entry was edited, removed or inserted; exit 1 naming the first broken entry')).action(
    async (options: DataOptions) => {
      const result = await withContext(options, (context) => context.audit.verify());
      if (result.ok) {
        process.stdout.write(`audit trail intact: ${result.entries} entries checked\n`);
        return;
      }
      process.stderr.write(`egide audit verify: entry ${result.entryId} is broken: ${PROBLEMS[result.problem]} (${result.entries} entries before it are intact)\n`);
      process.exitCode = 1;
    },
  );
  withDataOption(
    audit
      .command('export')
      .description('an organisation’s entries (what its people did, who read its objects’ sensitive fields), oldest first, as JSON Lines')
      .requiredOption('--org <slug>', 'organisation slug (see egide org list)')
      .option('--from <date>', 'from this date (YYYY-MM-DD) or UTC time, inclusive')
      .option('--to <date>', 'up to this date (its whole day) or UTC time, inclusive')
      .option('--out <file>', 'write to this file (whole or not at all) instead of stdout'),
  ).action(async (options: DataOptions & { org: string; from?: string; to?: string; out?: string }) => {
    for (const name of ['from', 'to'] as const) {
      const value = options[name];
      if (value !== undefined && !DATE_OR_TIME.test(value)) throw invalid(`--${name} "${value}": give a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ).`);
    }
    const count = await withContext(options, async (context) => {
      if (!(await context.organisations.findBySlug(options.org))) throw notFound(`No organisation with the slug "${options.org}" (see egide org list).`);
      let lines = 0;
      const entries = Readable.from(
        (async function* () {
          for await (const line of context.audit.exportLines(null, { organisation: options.org, from: options.from, to: options.to })) {
            lines++;
            yield line;
          }
        })(),
      );
      if (options.out) await writeFileAtomically(resolve(options.out), (temporary) => pipeline(entries, createWriteStream(temporary, { mode: 0o600 })));
      else await pipeline(entries, process.stdout, { end: false });
      return lines;
    });
    process.stderr.write(`egide audit export: ${count} entries of ${options.org}${options.out ? ` written to ${options.out}` : ''}\n`);
  });
  withDataOption(audit.command('purge').description('remove entries older than EGIDE_AUDIT_RETENTION_DAYS (default 400), keeping the chain verifiable; the server also does it daily')).action(
    async (options: DataOptions) => {
      const { removed, days } = await withContext(options, async (context) => ({ removed: await context.audit.purge(), days: context.audit.settings.retentionDays }));
      process.stdout.write(`removed ${removed} entries older than ${days} days\n`);
    },
  );
}
