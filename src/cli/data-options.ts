import type { Command } from 'commander';
import { createAppContext, type AppContext } from '../app/context.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';

export interface DataOptions {
  data?: string;
}

export function withDataOption(command: Command): Command {
  return command.option('--data <dir>', 'data directory (default: $EGIDE_DATA or ./data)');
}

/** Opens the database for a one-off command, runs it, and always closes it. Logs go to stderr. */
export async function withContext<T>(options: DataOptions, run: (context: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig({ data: options.data, logLevel: process.env.EGIDE_LOG_LEVEL || 'warn' });
  const logger = createLogger(config.logLevel, (line) => process.stderr.write(line + '\n'));
  const context = await createAppContext(config, logger);
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}
