import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { isRole, ROLES } from '../../roles.js';
import { invalid } from '../../errors.js';
import type { IdentificationJson } from '../../identify/identify.api.js';
import { DEFAULT_TOP, MAX_TOP } from '../../identify/identify.service.js';
import { DEFAULT_EVALUATION_QUERIES, MAX_EVALUATION_QUERIES } from '../../identify/evaluation/evaluation.service.js';
import { SECRETARIAT_SLUG } from '../../network/partner.service.js';
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
  const identify = withDataOption(
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
  registerEvaluateCommand(identify);
}

interface EvaluateOptions extends DataOptions {
  queries: string;
  seed: string;
  out?: string;
}

/**
 * `egide identify evaluate`: the benchmark's protocol on this registry (src/identify/evaluation/),
 * its report kept in the database for the accuracy page. `--data` is the parent command's option
 * (commander gives it to `identify`, whichever side of `evaluate` it is written).
 */
function registerEvaluateCommand(identify: Command): void {
  identify
    .command('evaluate')
    .description(
      'measure how well identification works on this registry (--data, as for identify): synthetic field photos of registered photos ' +
        '(perspective, rotation, scale, crop, clutter, light, blur, noise, JPEG) and of artworks the registry does not hold, identified one at a time ' +
        'as the server does; prints the report (recall@1, recall@5, false matches, "possible" answers, latency) and keeps it for /{lang}/identify/accuracy',
    )
    .option('--queries <n>', `how many field photos, half of registered photos and half of artworks not registered (2–${MAX_EVALUATION_QUERIES.toLocaleString('en-US')})`, String(DEFAULT_EVALUATION_QUERIES))
    .option('--seed <s>', 'the seed the photos are drawn from: the same seed on the same registry makes the same photos', '1')
    .option('--out <file>', 'also write the report (JSON) to this file')
    .action(async (_options: EvaluateOptions, command: Command) => {
      const options = command.optsWithGlobals<EvaluateOptions>();
      const queries = Number(options.queries);
      const seed = Number(options.seed);
      if (!Number.isInteger(queries) || queries < 2 || queries > MAX_EVALUATION_QUERIES) throw invalid(`--queries must be a whole number from 2 to ${MAX_EVALUATION_QUERIES}, not "${options.queries}".`);
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw invalid(`--seed must be a whole number from 0 to ${0xffffffff}, not "${options.seed}".`);
      const report = await withContext(options, async (context) => {
        const principal = await context.accounts.servicePrincipal(SECRETARIAT_SLUG, 'admin');
        const onProgress = evaluationProgress(process.stderr);
        return context.identifyEvaluations.evaluate({ queries, seed, principal, onProgress });
      });
      const json = `${JSON.stringify(report, null, 2)}\n`;
      if (options.out !== undefined) await writeFile(options.out, json);
      process.stdout.write(json);
    });
}

/** Progress on stderr: one line redrawn on a terminal, a line per tenth of the queries in a log. */
function evaluationProgress(stream: NodeJS.WriteStream) {
  const tty = Boolean(stream.isTTY);
  return (done: number, total: number) => {
    const line = `egide identify evaluate: ${done} of ${total} queries`;
    if (tty) stream.write(`\r\x1b[2K${line}${done === total ? '\n' : ''}`);
    else if (done === total || done % Math.max(1, Math.round(total / 10)) === 0) stream.write(`${line}\n`);
  };
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
