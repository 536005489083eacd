import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { statusFromList, verifyCertificateFile, type CertificateVerdict, type JwkSet } from '../../duediligence/certificates/certificate-verification.js';
import { invalidFile } from '../../errors.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

interface VerifyOptions extends DataOptions {
  keys?: string;
  status?: string;
}

/**
 * `egide certificate verify FILE`: with `--keys` (the JWK Set published at /.well-known/jwks.json)
 * it reads no database: the signature is checked offline, and the status only from a signed status
 * list given with `--status`. Without `--keys`, the keys and the status are this Egide's own.
 */
export function registerCertificateCommands(program: Command): void {
  const certificate = program.command('certificate').description('due-diligence certificates: verify one, online or offline');
  withDataOption(
    certificate
      .command('verify')
      .description('verify a certificate file (its JSON, or the bare JWS); exit 0 if valid, 1 if revoked, forged, altered or not a certificate')
      .argument('<file>', 'the certificate file')
      .option('--keys <jwks.json>', 'the network’s public keys (from /.well-known/jwks.json): verify offline, without the database')
      .option('--status <status-list.jws>', 'with --keys: the signed list of revoked certificates (from /api/v1/certificates/status-list)'),
  ).action(async (file: string, options: VerifyOptions) => {
    const text = readText(file);
    let verdict: CertificateVerdict;
    let statusNote = '';
    if (options.keys) {
      const keys = readJson(options.keys) as JwkSet;
      let status;
      if (options.status) {
        status = await statusFromList(readText(options.status), keys).catch((error: unknown) => {
          throw invalidFile(options.status!, `not a status list signed with these keys (${error instanceof Error ? error.message : String(error)})`);
        });
        statusNote = ` (status list of ${status.issuedAt})`;
      }
      verdict = await verifyCertificateFile(text, keys, status);
    } else {
      verdict = await withContext(options, (context) => context.certificates.verifyFile(text));
    }
    const { line, ok } = describe(verdict, statusNote);
    (ok ? process.stdout : process.stderr).write(`${line}\n`);
    if (!ok) process.exitCode = 1;
  });
}

function describe(verdict: CertificateVerdict, statusNote: string): { line: string; ok: boolean } {
  switch (verdict.kind) {
    case 'valid':
      return verdict.status === 'good'
        ? { line: `valid: certificate ${verdict.certificate.id}, signed with key ${verdict.kid}, not revoked${statusNote}`, ok: true }
        : { line: `signature valid; status not checked offline: certificate ${verdict.certificate.id}, signed with key ${verdict.kid} (give --status to check it)`, ok: true };
    case 'revoked':
      return { line: `revoked: certificate ${verdict.certificate.id} was revoked on ${verdict.revocation.revokedAt} (${verdict.revocation.reason})${statusNote}`, ok: false };
    case 'altered':
      return { line: `altered: the signature of certificate ${verdict.certificate.id} is valid, but the readable copy in the file differs from what was signed`, ok: false };
    case 'forged':
      return { line: verdict.reason === 'unknown-key' ? 'forged: no published key has the signature’s key id' : 'forged: the signature does not verify (the signed part was changed, or not signed by the network)', ok: false };
    case 'malformed':
      return { line: `not a certificate: ${verdict.reason}`, ok: false };
  }
}

function readText(path: string): string {
  try {
    return readFileSync(resolve(path), 'utf8');
  } catch (error) {
    throw invalidFile(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readText(path));
  } catch (error) {
    if (error instanceof SyntaxError) throw invalidFile(path, 'is not JSON');
    throw error;
  }
}
