import type { Command } from 'commander';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../roles.js';
import { invalid } from '../../errors.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('organisations: the secretariat, partners and member museums');
  withDataOption(
    org
      .command('add')
      .description('add an organisation (e.g. a member museum)')
      .requiredOption('--slug <slug>', 'short identifier, lowercase with hyphens')
      .requiredOption('--name <name>', 'full name')
      .option('--kind <kind>', `one of ${ORGANISATION_KINDS.join(', ')}`, 'museum'),
  ).action(async (options: DataOptions & { slug: string; name: string; kind: string }) => {
    if (!(ORGANISATION_KINDS as readonly string[]).includes(options.kind)) {
      throw invalid(`Unknown kind "${options.kind}": use one of ${ORGANISATION_KINDS.join(', ')}.`);
    }
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(options.slug)) throw invalid(`Invalid slug "${options.slug}": use lowercase letters, digits and hyphens.`);
    const created = await withContext(options, async (context) => {
      const organisation = await context.organisations.ensure(options.slug, options.name, options.kind as OrganisationKind);
      await context.audit.record(null, { action: 'organisation.add', targetType: 'organisation', targetId: organisation.slug, details: { name: organisation.name, kind: organisation.kind } });
      return organisation;
    });
    process.stdout.write(`${created.slug}\t${created.kind}\t${created.name}\n`);
  });
  withDataOption(org.command('list').description('list organisations')).action(async (options: DataOptions) => {
    const all = await withContext(options, (context) => context.organisations.list());
    for (const o of all) process.stdout.write(`${o.slug}\t${o.kind}\t${o.name}\n`);
  });
}
