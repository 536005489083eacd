import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { isRole, ROLES } from '../../roles.js';
import { invalid } from '../../errors.js';
import type { IdentificationJson } from '../../identify/identify.api.js';
import { DEFAULT_TOP, MAX_TOP } from '../../identify/identify.service.js';
import { isLang, LANGUAGES } from '../../i18n/languages.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';
import { formatTable } from '../format-table.js';

interface IdentifyOptions extends DataOptions {
  top: string;
  json?: boolean;
  asOrg: string;
  role: string;
  lang: string;
}

export function registerIdentifyCommand(program: Command): void {
  withDataOption(
    program
      .command('identify')
      .argument('<photo>', 'the photo of the object (JPEG, PNG, WebP, TIFF or AVIF)')
      .description(
        'find the registered objects a photo may show, with the evidence, or say that it is not in the registry. ' +
          'By default it searches every registered object (as the secretariat’s admin service user: whoever runs this holds the database); ' +
          'give --as-org and --role to search only what that organisation’s role may see',
      )
      .option('--top <n>', `at most this many candidates (1–${MAX_TOP})`, String(DEFAULT_TOP))
      .option('--json', 'print {"verdict", "candidates": […]} as the API answers it')
      .option('--as-org <slug>', 'act as this organisation (see egide org list)', 'secretariat')
      .option('--role <role>', `with this role: ${ROLES.join(', ')}`, 'admin')
      .option('--lang <lang>', `language of the titles: ${LANGUAGES.join(', ')}`, 'en'),
  ).action(async (photo: string, options: IdentifyOptions) => {
    const top = Number(options.top);
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) throw invalid(`--top must be a whole number from 1 to ${MAX_TOP}, not "${options.top}".`);
    if (!isRole(options.role)) throw invalid(`Unknown role "${options.role}": use one of ${ROLES.join(', ')}.`);
    if (!isLang(options.lang)) throw invalid(`Unknown language "${options.lang}": use one of ${LANGUAGES.join(', ')}.`);
    const role = options.role;
    const lang = options.lang;
    const bytes = await readFile(photo).catch((error: NodeJS.ErrnoException) => {
      throw invalid(`Cannot read ${photo}: ${error.code === 'ENOENT' ? 'no such file' : error.message}.`);
    });
    const { result, pending } = await withContext(options, async (context) => {
      const principal = await context.accounts.servicePrincipal(options.asOrg, role);
      const view = await context.identify.identify(principal, bytes, basename(photo), { top });
      // The API module (and the web framework with it) only when this command runs.
      const { identificationJson } = await import('../../identify/identify.api.js');
      return { result: identificationJson(view, lang), pending: (await context.identifyRepository.counts()).pending };
    });
    if (pending > 0) process.stderr.write(`egide identify: ${pending.toLocaleString('en-US')} photos are not indexed yet and were not searched (egide index rebuild, or a running server, indexes them).\n`);
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : table(result));
  });
}

function table(result: IdentificationJson): string {
  const lines = [`verdict: ${result.verdict}${result.verdict === 'no-match' ? ' (not among the registered objects searched)' : ' (a person must confirm)'}`];
  if (result.candidates.length > 0) {
    const rows = result.candidates.map((c, i) => [String(i + 1), c.verdict, c.score.toFixed(2), String(c.inliers), c.objectId, c.inventoryNumber ?? '', c.title]);
    lines.push(formatTable(['#', 'verdict', 'score', 'inliers', 'object', 'inventory', 'title'], rows).trimEnd());
    lines.push(`evidence: ${result.candidates[0]!.evidenceUrl.replace(/\/[^/]+$/, '/{object}')}`);
  }
  lines.push(`identification: ${result.identificationId}`);
  return `${lines.join('\n')}\n`;
}
