import type { Command } from 'commander';
import type { ApiTokenView } from '../../accounts/account.service.js';
import { isRole, ROLES, type Role } from '../../roles.js';
import { defaultTokenLifetimeDays, expiryAfter, expiryAt } from '../../accounts/token-lifetime.js';
import { invalid } from '../../errors.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';
import { formatTable } from '../format-table.js';

interface CreateOptions extends DataOptions {
  org: string;
  role: string;
  label: string;
  expiresIn?: string;
  expiresAt?: string;
  /** False with `--no-expiry`. */
  expiry: boolean;
  force?: boolean;
}

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens: create, list, revoke');
  withDataOption(
    token
      .command('create')
      .description('create an API token acting for an organisation with a role; the token is the last line of stdout')
      .requiredOption('--org <slug>', 'organisation slug (e.g. secretariat, interpol)')
      .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
      .option('--label <text>', 'what the token is for (shown in lists, history and logs)', 'cli')
      .option('--expires-in <lifetime>', 'lifetime: a number then h, d or w (default: $EGIDE_TOKEN_LIFETIME_DAYS days, else 365d)')
      .option('--expires-at <date>', 'expiry date (YYYY-MM-DD, UTC midnight) or ISO time')
      .option('--no-expiry', 'a token that never expires (until revoked)')
      .option('--force', 'grant a role the organisation’s kind does not hold (e.g. admin outside the secretariat)'),
  ).action(async (options: CreateOptions) => {
    const role = requireRole(options.role);
    const expiresAt = chosenExpiry(options);
    const issued = await withContext(options, async (context) => {
      if (!options.force) await context.accounts.requireRoleAllowed(options.org, role);
      return context.accounts.issueApiToken({ organisationSlug: options.org, role, label: options.label, expiresAt, createdBy: null });
    });
    const until = issued.expiresAt ? `expires ${issued.expiresAt.toISOString()}` : 'never expires';
    process.stderr.write(`API token for ${options.org} (${role}): #${issued.id} “${options.label}”, ${until}; it is shown once, store it safely:\n`);
    process.stdout.write(`${issued.secret}\n`);
  });

  withDataOption(
    token
      .command('list')
      .description('list API tokens: id, label, organisation, role, created, expires, last used, state')
      .option('--org <slug>', 'only this organisation’s tokens'),
  ).action(async (options: DataOptions & { org?: string }) => {
    const tokens = await withContext(options, (context) => context.accounts.listApiTokens(options.org));
    process.stdout.write(tokens.length === 0 ? 'No API token.\n' : formatTable(['id', 'label', 'org', 'role', 'created', 'expires', 'last used', 'state'], tokens.map(tokenRow)));
  });

  withDataOption(token.command('revoke').description('revoke an API token: it is refused from its next request on').argument('<id>', 'the token’s id (see `egide token list`)')).action(
    async (id: string, options: DataOptions) => {
      const tokenId = Number(id);
      if (!Number.isSafeInteger(tokenId) || tokenId < 1) throw invalid(`"${id}" is not a token id: see \`egide token list\`.`);
      const revoked = await withContext(options, (context) => context.accounts.revokeApiToken(tokenId, null));
      process.stdout.write(`Token #${revoked.id} “${revoked.label}” of ${revoked.organisation} is revoked (${revoked.revokedAt}).\n`);
    },
  );
}

export function requireRole(role: string): Role {
  if (!isRole(role)) throw invalid(`Unknown role "${role}": use one of ${ROLES.join(', ')}.`);
  return role;
}

/** One of --expires-in, --expires-at and --no-expiry, else the default lifetime. */
function chosenExpiry(options: CreateOptions): Date | null {
  const given = [options.expiresIn !== undefined, options.expiresAt !== undefined, !options.expiry].filter(Boolean).length;
  if (given > 1) throw invalid('Give one of --expires-in, --expires-at and --no-expiry.');
  if (options.expiresIn !== undefined) return expiryAfter(options.expiresIn);
  if (options.expiresAt !== undefined) return expiryAt(options.expiresAt);
  if (!options.expiry) return null;
  return expiryAfter(`${defaultTokenLifetimeDays()}d`);
}

function tokenRow(token: ApiTokenView): string[] {
  const day = (at: string | null, none: string) => (at ? at.slice(0, 16).replace('T', ' ') : none);
  return [String(token.id), token.label, token.organisation, token.role, day(token.createdAt, ''), day(token.expiresAt, 'never'), day(token.lastUsedAt, 'never'), token.state];
}
