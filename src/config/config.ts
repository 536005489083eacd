import { resolve } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface EgideConfig {
  port: number;
  host: string;
  dataDir: string;
  logLevel: LogLevel;
  /** Mark session cookies `Secure`; on by default outside plain-HTTP local use. */
  secureCookies: boolean;
}

export interface ConfigOverrides {
  port?: string | number | undefined;
  host?: string | undefined;
  data?: string | undefined;
  logLevel?: string | undefined;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export class ConfigError extends Error {}

/** Command-line flags win over environment variables, which win over defaults. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): EgideConfig {
  // An empty variable (`PORT=`, as compose files leave unset ones) means "not set", not "port 0" or "the current folder".
  const fromEnv = (name: string) => env[name] || undefined;
  const port = parsePort(overrides.port ?? fromEnv('PORT') ?? 8080);
  const logLevel = (overrides.logLevel ?? fromEnv('EGIDE_LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`Unknown log level "${logLevel}": use one of ${LOG_LEVELS.join(', ')}.`);
  }
  return {
    port,
    host: overrides.host ?? fromEnv('EGIDE_HOST') ?? '0.0.0.0',
    dataDir: resolve(overrides.data ?? fromEnv('EGIDE_DATA') ?? './data'),
    logLevel,
    secureCookies: env.EGIDE_SECURE_COOKIES === 'true',
  };
}

function parsePort(value: string | number): number {
  // Digits only: Number() would also read "" and " " as 0 (any free port), and "0x50" or "1e3".
  const port = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`Invalid port "${value}": give a whole number from 0 to 65535.`);
  }
  return port;
}
