import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.js';
import { DatabaseUnreachableError } from '../db/connection-errors.js';
import { DomainError } from '../errors.js';

/**
 * The commands, in the order of the help, each loaded only when it runs: a command's module brings
 * its whole graph (the import formats, the OAI-PMH harvester, the exporters…), and every one of them
 * loaded for every command cost tens of megabytes (`egide import`'s peak memory is held to 300 MB).
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  serve: async () => (await import('./commands/serve.js')).registerServeCommand,
  token: async () => (await import('./commands/token.js')).registerTokenCommands,
  user: async () => (await import('./commands/user.js')).registerUserCommands,
  org: async () => (await import('./commands/org.js')).registerOrgCommands,
  import: async () => (await import('./commands/import.js')).registerImportCommand,
  demo: async () => (await import('./commands/demo.js')).registerDemoCommand,
  export: async () => (await import('./commands/export.js')).registerExportCommand,
  harvest: async () => (await import('./commands/harvest.js')).registerHarvestCommand,
  identify: async () => (await import('./commands/identify.js')).registerIdentifyCommand,
  index: async () => (await import('./commands/index.js')).registerIndexCommands,
  identifications: async () => (await import('./commands/identifications.js')).registerIdentificationsCommands,
  audit: async () => (await import('./commands/audit.js')).registerAuditCommands,
  backup: async () => (await import('./commands/backup.js')).registerBackupCommands,
  restore: async () => (await import('./commands/backup.js')).registerRestoreCommand,
  'red-list': async () => (await import('./commands/red-list.js')).registerRedListCommands,
  observatory: async () => (await import('./commands/observatory.js')).registerObservatoryCommands,
  places: async () => (await import('./commands/places.js')).registerPlacesCommands,
  check: async () => (await import('./commands/check.js')).registerCheckCommand,
  certificate: async () => (await import('./commands/certificate.js')).registerCertificateCommands,
  keys: async () => (await import('./commands/keys.js')).registerKeysCommands,
  webhook: async () => (await import('./commands/webhook.js')).registerWebhookCommands,
  alerts: async () => (await import('./commands/alerts.js')).registerAlertsCommands,
};

// `egide org list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('egide')
  .description('Egide: the museum network’s system to protect cultural objects across borders.')
  .showHelpAfterError()
  .exitOverride();

// The command named (the first argument that is not an option); all of them for the help, or to suggest one.
const named = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [COMMANDS[named]!] : Object.values(COMMANDS);
for (const register of await Promise.all(wanted.map((load) => load()))) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof DomainError || error instanceof ConfigError || error instanceof DatabaseUnreachableError) {
    process.stderr.write(`egide: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
