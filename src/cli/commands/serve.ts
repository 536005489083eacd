import type { Command } from 'commander';
import { loadConfig, requireBaseUrlInProduction } from '../../config/config.js';
import { createLogger } from '../../config/logger.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the web server (creates the database and loads the partner network on first start)')
    .option('--port <n>', 'port to listen on (default: $PORT or 8080)')
    .option('--host <address>', 'address to bind (default: $EGIDE_HOST or 0.0.0.0)')
    .option('--data <dir>', 'data directory (default: $EGIDE_DATA or ./data)')
    .option('--log-level <level>', 'debug, info, warn, error or silent (default: $EGIDE_LOG_LEVEL or info)')
    .action(async (options: { port?: string; host?: string; data?: string; logLevel?: string }) => {
      const config = loadConfig(options);
      requireBaseUrlInProduction(config);
      const logger = createLogger(config.logLevel);
      // Loaded here, not at start: the web application is the heaviest module graph, and other commands need none of it.
      const { startServer } = await import('../../app/server.js');
      const server = await startServer(config, logger);
      const shutdown = (signal: string) => {
        logger.info('shutting down', { signal });
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error('shutdown failed', { error });
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}
