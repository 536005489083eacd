import type { Command } from 'commander';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

export function registerIdentificationsCommands(program: Command): void {
  const identifications = program.command('identifications').description('the identifications people made from photos');
  withDataOption(
    identifications
      .command('expire')
      .description('remove the anonymous identifications older than EGIDE_ANONYMOUS_IDENTIFICATION_DAYS (default 30), with their photos, as a running server does every hour'),
  ).action(async (options: DataOptions) => {
    const removed = await withContext(options, (context) => context.identify.expireAnonymous());
    process.stdout.write(`removed ${removed.toLocaleString('en-US')} anonymous ${removed === 1 ? 'identification' : 'identifications'}\n`);
  });
}
