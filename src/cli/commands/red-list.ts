import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DomainError, invalid, type FieldIssue } from '../../errors.js';
import { SECRETARIAT_SLUG } from '../../network/partner.service.js';
import { writeRedListFolder } from '../../redlists/red-list-export.js';
import { readRedListFolder } from '../../redlists/red-list-import.js';
import type { EditionRef } from '../../redlists/red-list-paths.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

interface ImportOptions extends DataOptions {
  images?: string;
  publish?: boolean;
  replaceDraft?: boolean;
}

interface ExportOptions extends DataOptions {
  edition?: string;
  out?: string;
}

const issueLines = (issues: FieldIssue[]) => issues.map((issue) => `  ${issue.field}: ${issue.message}\n`).join('');

/** Each place a refusal names, on stderr, before main.ts prints its message. */
async function tellingIssues<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError && error.issues.length > 0) process.stderr.write(issueLines(error.issues));
    throw error;
  }
}

export function registerRedListCommands(program: Command): void {
  const redList = program.command('red-list').description('Red Lists: import an edition from a JSON file and its images, export one (docs/red-list-format.md)');
  withDataOption(
    redList
      .command('import')
      .description('import a Red List edition as a draft (or published, with --publish); all of it, or nothing if anything is wrong')
      .argument('<file>', 'the Red List JSON file')
      .option('--images <dir>', 'the folder of the images its examples name (default: images/ beside the file)')
      .option('--publish', 'publish the edition at once (every text must then be in every language of the list)')
      .option('--replace-draft', 'replace the list’s current draft, if it has one'),
  ).action(async (file: string, options: ImportOptions) => {
    const folder = await readRedListFolder(resolve(file), options.images && resolve(options.images));
    const result = await tellingIssues(() =>
      withContext(options, async (context) => {
        // The command line acts for the secretariat, as its admin service user.
        const operator = await context.accounts.servicePrincipal(SECRETARIAT_SLUG, 'admin');
        return context.redLists.importDocument(operator, folder.document, folder.images, { publish: options.publish, replaceDraft: options.replaceDraft });
      }),
    );
    if (result.warnings.length > 0) process.stderr.write(`egide red-list import: the draft is not complete yet:\n${issueLines(result.warnings)}`);
    const what = result.unchanged ? 'already published, unchanged' : result.status === 'published' ? 'published' : 'draft';
    process.stdout.write(`${result.slug}\tedition ${result.edition}\t${what}\n`);
  });
  withDataOption(
    redList
      .command('export')
      .description('write an edition as red-list.json and images/ into a folder, as import reads it')
      .argument('<slug>', 'the list')
      .option('--edition <n>', 'an edition number, or "draft" (default: the latest published edition)')
      .option('--out <dir>', 'the folder to write into (created if needed)'),
  ).action(async (slug: string, options: ExportOptions) => {
    if (!options.out) throw invalid('Give the folder to write into with --out.');
    const edition = editionOption(options.edition);
    const out = resolve(options.out);
    const written = await withContext(options, async (context) => {
      const operator = await context.accounts.servicePrincipal(SECRETARIAT_SLUG, 'admin');
      return writeRedListFolder(out, await context.redLists.exportEdition(operator, slug, edition));
    });
    process.stdout.write(`${written}\n`);
  });
}

function editionOption(value: string | undefined): EditionRef | undefined {
  if (value === undefined || value === 'draft') return value;
  if (!/^[1-9]\d{0,3}$/.test(value)) throw invalid(`--edition "${value}" is neither an edition number nor "draft".`);
  return Number(value);
}
