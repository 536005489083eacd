import type { Command } from 'commander';
import { SECRETARIAT_SLUG } from '../../network/partner.service.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('the network’s Ed25519 signing keys (certificates, no-strike lists)');
  withDataOption(keys.command('list').description('every key, current and retired, oldest first: its id (thumbprint), creation time and whether it signs now')).action(async (options: DataOptions) => {
    const listed = await withContext(options, (context) => context.signing.describeKeys());
    for (const key of listed) process.stdout.write(`${key.kid}\t${key.createdAt}\t${key.current ? 'current' : 'retired'}\n`);
  });
  withDataOption(
    keys
      .command('rotate')
      .description('make a new current key; the old ones stay published at /.well-known/jwks.json, so what they signed still verifies (running servers take the new key within a minute)'),
  ).action(async (options: DataOptions) => {
    const key = await withContext(options, async (context) => {
      const rotated = await context.signing.rotate();
      const operator = await context.accounts.servicePrincipal(SECRETARIAT_SLUG, 'admin');
      await context.audit.record(operator, { action: 'signing-key.rotate', targetType: 'signing-key', targetId: rotated.kid });
      return rotated;
    });
    process.stdout.write(`new current key ${key.kid}\n`);
  });
}
