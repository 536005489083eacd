import type { Command } from 'commander';
import { isRole, ROLES } from '../../accounts/roles.js';
import { invalid } from '../../errors.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';
import { readPassword } from '../read-password.js';

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('people who sign in to Egide');
  withDataOption(
    user
      .command('add')
      .description('add a person who signs in with an e-mail and a password')
      .requiredOption('--email <address>', 'e-mail address, used to sign in')
      .requiredOption('--org <slug>', 'organisation slug (e.g. secretariat)')
      .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
      .option('--name <name>', 'display name (default: the e-mail address)')
      .option('--password-stdin', 'read the password from standard input instead of prompting'),
  ).action(async (options: DataOptions & { email: string; org: string; role: string; name?: string; passwordStdin?: boolean }) => {
    if (!isRole(options.role)) throw invalid(`Unknown role "${options.role}": use one of ${ROLES.join(', ')}.`);
    const role = options.role;
    const password = await readPassword(Boolean(options.passwordStdin));
    const principal = await withContext(options, (context) =>
      context.accounts.addPerson({ email: options.email, displayName: options.name ?? '', password, organisationSlug: options.org, role }),
    );
    process.stdout.write(`Added ${principal.displayName} (${principal.role}) to ${principal.organisationSlug}.\n`);
  });
}
