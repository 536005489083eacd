import type { Command } from 'commander';
import { ROLES } from '../../roles.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';
import { readPassword } from '../read-password.js';
import { requireRole } from './token.js';

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
      .option('--password-stdin', 'read the password from standard input instead of prompting')
      .option('--force', 'grant a role the organisation’s kind does not hold (e.g. admin outside the secretariat)'),
  ).action(async (options: DataOptions & { email: string; org: string; role: string; name?: string; passwordStdin?: boolean; force?: boolean }) => {
    const role = requireRole(options.role);
    const principal = await withContext(options, async (context) => {
      // Checked before the password is asked for, so a refused role costs no typing.
      if (!options.force) await context.accounts.requireRoleAllowed(options.org, role);
      const password = await readPassword(Boolean(options.passwordStdin));
      return context.accounts.addPerson({ email: options.email, displayName: options.name ?? '', password, organisationSlug: options.org, role });
    });
    process.stdout.write(`Added ${principal.displayName} (${principal.role}) to ${principal.organisationSlug}.\n`);
  });

  withDataOption(user.command('disable').description('disable a person: they cannot sign in, and their sessions end at once').argument('<email>')).action(
    async (email: string, options: DataOptions) => {
      await withContext(options, async (context) => context.accounts.disablePerson(await context.accounts.personIdByEmail(email), null));
      process.stdout.write(`Disabled ${email.trim()}; their sessions are ended.\n`);
    },
  );

  withDataOption(user.command('enable').description('let a disabled person sign in again').argument('<email>')).action(async (email: string, options: DataOptions) => {
    await withContext(options, async (context) => context.accounts.enablePerson(await context.accounts.personIdByEmail(email), null));
    process.stdout.write(`Enabled ${email.trim()}.\n`);
  });

  withDataOption(
    user
      .command('passwd')
      .description('set a person’s password; every session of theirs ends')
      .argument('<email>')
      .option('--password-stdin', 'read the password from standard input instead of prompting'),
  ).action(async (email: string, options: DataOptions & { passwordStdin?: boolean }) => {
    await withContext(options, async (context) => {
      const userId = await context.accounts.personIdByEmail(email);
      await context.accounts.changePassword(userId, await readPassword(Boolean(options.passwordStdin)), null);
    });
    process.stdout.write(`Password of ${email.trim()} changed; their sessions are ended.\n`);
  });

  withDataOption(
    user.command('reset-2fa').description('for a person locked out: forget their second factor and recovery codes, end their sessions; they set it up again at their next sign-in').argument('<email>'),
  ).action(async (email: string, options: DataOptions) => {
    await withContext(options, async (context) => context.twoFactor.reset(await context.accounts.personIdByEmail(email), null));
    process.stdout.write(`Two-factor sign-in of ${email.trim()} reset; their sessions are ended.\n`);
  });
}
