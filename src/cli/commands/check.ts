import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { invalid, notFound } from '../../errors.js';
import { archiveImages, attachImages, CATALOGUE_FORMATS, folderImages, readCatalogue, type CatalogueFormat, type CatalogueImage } from '../../duediligence/catalogue.js';
import type { DueDiligenceCheck } from '../../duediligence/due-diligence-check.js';
import type { Lot } from '../../duediligence/lot.js';
import { isRole, ROLES, type Role } from '../../roles.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';
import { formatTable } from '../format-table.js';

interface CheckOptions extends DataOptions {
  org: string;
  role?: string;
  images?: string;
  format: string;
  mapping?: string;
  lang: string;
  json?: boolean;
}

export function registerCheckCommand(program: Command): void {
  withDataOption(
    program
      .command('check')
      .description(
        'due diligence of a catalogue: each lot screened against the registry’s objects reported stolen or missing that the organisation may see ' +
          '(title, maker, inventory numbers, measurements; photos), Red List categories, the EU import thresholds and gaps in its provenance; ' +
          'progress on stderr, one line per lot on stdout (exit code 2 when a lot matches, 1 when a row is broken)',
      )
      .argument('<catalogue>', 'the catalogue: CSV (columns lot, title, maker, inventory_number, date, dimensions, value_eur, provenance, images…) or a file of an import format')
      .requiredOption('--org <slug>', 'the organisation the check is for (see egide org list): it sees what that organisation may see')
      .option('--role <role>', `the role it checks as: ${ROLES.join(', ')} (default: investigator for an agency, registrar otherwise)`)
      .option('--images <dir|zip>', 'a folder or a ZIP archive of the lots’ photos, matched by the images column, else by inventory number or lot reference')
      .option('--format <format>', `the catalogue’s format: ${CATALOGUE_FORMATS.join(', ')}`, 'csv')
      .option('--mapping <file>', 'a mapping file for formats that take one (see egide import --help)')
      .option('--lang <lang>', 'language of texts without a language tag', 'en')
      .option('--json', 'print the check and its lots as JSON'),
  ).action(async (catalogue: string, options: CheckOptions) => {
    if (!(CATALOGUE_FORMATS as readonly string[]).includes(options.format)) throw invalid(`Unknown format "${options.format}": use one of ${CATALOGUE_FORMATS.join(', ')}.`);
    if (options.role !== undefined && !isRole(options.role)) throw invalid(`Unknown role "${options.role}": use one of ${ROLES.join(', ')}.`);
    const path = resolve(catalogue);
    let lots = await readCatalogue(path, options.format as CatalogueFormat, { lang: options.lang, mapping: options.mapping && resolve(options.mapping) });
    if (options.images) lots = attachImages(lots, await imagesAt(resolve(options.images)));
    const { check, rows } = await withContext(options, async (context) => {
      const organisation = await context.organisations.findBySlug(options.org);
      if (!organisation) throw notFound(`No organisation "${options.org}" (see egide org list).`);
      const role: Role = (options.role as Role | undefined) ?? (organisation.kind === 'agency' ? 'investigator' : 'registrar');
      const principal = await context.accounts.servicePrincipal(options.org, role);
      const submitted = await context.dueDiligence.submit(principal, { source: options.format, filename: basename(path), lots });
      const progress = (check: DueDiligenceCheck) => {
        const { total, screened, broken, outcomes } = check.progress;
        process.stderr.write(`\r${screened + broken}/${total} lots · match ${outcomes.match}, possible ${outcomes.possible}, no match ${outcomes['no-match']}, broken ${broken}`);
      };
      progress(submitted);
      const done = (await context.dueDiligence.runNext({ checkId: submitted.id, onProgress: progress })) ?? submitted;
      process.stderr.write('\n');
      return { check: done, rows: (await context.dueDiligence.get(principal, submitted.id)).lots };
    });
    if (options.json) process.stdout.write(`${JSON.stringify({ check, lots: rows }, null, 2)}\n`);
    else process.stdout.write(formatTable(['line', 'lot', 'title', 'outcome', 'evidence'], rows.map(lotRow)) + `check ${check.id}: ${check.state}\n`);
    if (rows.some((lot) => lot.outcome === 'match')) process.exitCode = 2;
    else if (rows.some((lot) => lot.state === 'broken')) process.exitCode = 1;
  });
}

async function imagesAt(path: string): Promise<CatalogueImage[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw invalid(`Cannot read ${path}: no such file or folder.`);
  return info.isDirectory() ? folderImages(path) : archiveImages(await readFile(path));
}

function lotRow(lot: Lot): string[] {
  const title = lot.fields.title ?? lot.fields.inventoryNumbers?.join(', ') ?? '';
  if (lot.state === 'broken') return [String(lot.position), lot.fields.reference ?? '', title, 'broken', lot.error ?? ''];
  const evidence = lot.evidence;
  const found = evidence
    ? [
        ...evidence.text.map((hit) => `${hit.objectId} ${hit.verdict} by ${hit.rules.map((rule) => rule.rule).join('+')} (${hit.score})`),
        ...evidence.photos.map((hit) => `${hit.objectId} ${hit.verdict} by photo ${hit.photo} (${hit.score})`),
        ...evidence.categories.map((category) => `Red List ${category.listSlug}/${category.categoryId} (${category.score})`),
        ...evidence.thresholds.map((threshold) => `${threshold.rule}: ${threshold.applies}`),
        ...evidence.provenance,
      ]
    : [];
  return [String(lot.position), lot.fields.reference ?? '', title, lot.outcome ?? lot.state, found.join('; ')];
}
