import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.js';
import { DomainError } from '../errors.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerExportCommand } from './commands/export.js';
import { registerHarvestCommand } from './commands/harvest.js';
import { registerIdentifyCommand } from './commands/identify.js';
import { registerImportCommand } from './commands/import.js';
import { registerIndexCommands } from './commands/index.js';
import { registerOrgCommands } from './commands/org.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTokenCommands } from './commands/token.js';
import { registerUserCommands } from './commands/user.js';

// `egide org list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('egide')
  .description('Egide: the museum network’s system to protect cultural objects across borders.')
  .showHelpAfterError()
  .exitOverride();

registerServeCommand(program);
registerTokenCommands(program);
registerUserCommands(program);
registerOrgCommands(program);
registerImportCommand(program);
registerDemoCommand(program);
registerExportCommand(program);
registerHarvestCommand(program);
registerIdentifyCommand(program);
registerIndexCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof DomainError || error instanceof ConfigError) {
    process.stderr.write(`egide: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
