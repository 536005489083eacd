import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { InvalidArgumentError, type Command } from 'commander';
import { REPLAY_TOLERANCE_SECONDS, SIGNATURE_HEADER, verifyWebhookSignature } from '../../alerts/webhooks/webhook-signature.js';

/** What each refusal means, for the person debugging a receiver. */
const REFUSALS = {
  malformed: `the ${SIGNATURE_HEADER} value is not "t=<unix seconds>,v1=<64 hex digits>"`,
  stale: 'the timestamp is too far from this machine’s clock (a replay, or a body kept too long)',
  mismatch: 'the HMAC does not match: another secret, or the body was changed (re-encoded JSON, added newline…)',
} as const;

function seconds(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('give a whole number of seconds.');
  return Number(value);
}

export function registerWebhookCommands(program: Command): void {
  const webhook = program.command('webhook').description('webhooks: help for the systems that receive them');
  webhook
    .command('verify')
    .description(`checks a delivery's ${SIGNATURE_HEADER} over its raw body (FILE, or standard input), as a receiver must`)
    .argument('[file]', 'the body exactly as received; standard input when absent')
    .requiredOption('--secret <secret>', 'the webhook’s secret (whsec_…)')
    .requiredOption('--signature <value>', `the ${SIGNATURE_HEADER} header’s value`)
    .option('--tolerance <seconds>', 'how far the timestamp may be from now', seconds, REPLAY_TOLERANCE_SECONDS)
    .action(async (file: string | undefined, options: { secret: string; signature: string; tolerance: number }) => {
      const body = file === undefined ? Buffer.from(await text(process.stdin)) : await readFile(file);
      const check = verifyWebhookSignature(options.secret, options.signature, body, { toleranceSeconds: options.tolerance });
      if (check.valid) {
        process.stdout.write(`signature valid, signed at ${new Date(check.timestamp * 1000).toISOString()}\n`);
        return;
      }
      process.stderr.write(`egide: signature refused: ${REFUSALS[check.reason]}\n`);
      process.exitCode = 1;
    });
}
