import type { Command } from 'commander';
import { isRole, ROLES } from '../../accounts/roles.js';
import { invalid } from '../../errors.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens');
  withDataOption(
    token
      .command('create')
      .description('create an API token for an organisation’s service user; the token is the last line of stdout')
      .requiredOption('--org <slug>', 'organisation slug (e.g. secretariat, interpol)')
      .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
      .option('--label <text>', 'what the token is for', 'cli'),
  ).action(async (options: DataOptions & { org: string; role: string; label: string }) => {
    if (!isRole(options.role)) throw invalid(`Unknown role "${options.role}": use one of ${ROLES.join(', ')}.`);
    const role = options.role;
    const secret = await withContext(options, (context) => context.accounts.createApiToken(options.org, role, options.label));
    process.stderr.write(`API token for ${options.org} (${role}); it is shown once, store it safely:\n`);
    process.stdout.write(`${secret}\n`);
  });
}
