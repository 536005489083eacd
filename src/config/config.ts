import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { parseHostNames } from './host-names.js';
import { TrustedProxies } from './trusted-proxies.js';
import { identifySettings, type IdentifySettings } from './identify-settings.js';
import type { Role } from '../roles.js';
import { parseTwoFactorRoles } from './two-factor-roles.js';
import { parsePhotoStorage, type PhotoStorageSettings } from './photo-storage-settings.js';
import { parseMapTiles, type MapTilesSettings } from './map-tiles-settings.js';
import { parseAlertMail, type AlertMailSettings } from './alert-mail-settings.js';
import { parseWebhookSettings, type WebhookSettings } from './webhook-settings.js';

export { ConfigError } from './config-error.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface EgideConfig {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL's address (`EGIDE_DATABASE_URL=postgres://…`); undefined: the SQLite file in the data folder. */
  databaseUrl: string | undefined;
  /** How long `egide serve` keeps trying to reach PostgreSQL at start (`EGIDE_DATABASE_CONNECT_TIMEOUT`, seconds) before it gives up. */
  databaseConnectTimeoutMs: number;
  /** Where photo files live: folders (`EGIDE_PHOTOS_DIR`, `EGIDE_IDENTIFICATIONS_DIR`) or a bucket (`EGIDE_PHOTOS_S3_*`). */
  photoStorage: PhotoStorageSettings;
  logLevel: LogLevel;
  /** The public address (`EGIDE_BASE_URL`), without a trailing slash; undefined when not configured. */
  baseUrl: string | undefined;
  /** Mark session cookies `Secure`: `EGIDE_SECURE_COOKIES`, by default on when the base URL is `https`. */
  secureCookies: boolean;
  /** Send `Strict-Transport-Security`: `EGIDE_HSTS`, by default on when the base URL is `https`. */
  hsts: boolean;
  /** Proxies whose `X-Forwarded-For` names the client (`EGIDE_TRUSTED_PROXIES`); none by default. */
  trustedProxies: TrustedProxies;
  /** Time allowed to receive a whole request, body included (`EGIDE_REQUEST_TIMEOUT`, seconds). */
  requestTimeoutMs: number;
  /** Time allowed to receive a request's headers (`EGIDE_HEADERS_TIMEOUT`, seconds). */
  headersTimeoutMs: number;
  /** Identification's queue, rate limits and retention (`EGIDE_IDENTIFY_*`, `EGIDE_ANONYMOUS_IDENTIFICATION_DAYS`). */
  identification: IdentifySettings;
  /** Host names requests may be made to besides localhost ones (`EGIDE_ALLOWED_HOSTS`, comma-separated). */
  allowedHosts: string[];
  /** `NODE_ENV=production`: the server needs `EGIDE_BASE_URL`, and localhost names are not accepted unless listed. */
  production: boolean;
  /** Roles that must sign in with a second factor (`EGIDE_REQUIRE_2FA_ROLES`; admins and investigators by default). */
  twoFactorRoles: readonly Role[];
  /** A tile server for detailed base maps (`EGIDE_MAP_TILES`, `EGIDE_MAP_TILES_ATTRIBUTION`); undefined: the shipped boundaries alone. */
  mapTiles: MapTilesSettings | undefined;
  /** E-mail alerts: SMTP server, sender, digest hour (`EGIDE_SMTP_URL`, `EGIDE_SMTP_FROM`, `EGIDE_ALERT_DIGEST_HOUR`). */
  alertMail: AlertMailSettings;
  /** Webhooks: the addresses they may reach (`EGIDE_WEBHOOK_ALLOW`, `EGIDE_WEBHOOK_DENY`, `EGIDE_WEBHOOK_ALLOW_HTTP`), the secrets' key, the pause after failures. */
  webhooks: WebhookSettings;
}

export interface ConfigOverrides {
  port?: string | number | undefined;
  host?: string | undefined;
  data?: string | undefined;
  logLevel?: string | undefined;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
// Long enough for a 40 MB photo from a phone on a fair connection, short enough that slow-drip bodies do not hold connections for minutes.
const DEFAULT_REQUEST_TIMEOUT_S = 30;
const DEFAULT_HEADERS_TIMEOUT_S = 10;
// Long enough for a PostgreSQL started at the same time (a compose file, a reboot) to accept connections.
const DEFAULT_DATABASE_CONNECT_TIMEOUT_S = 60;

/** Command-line flags win over environment variables, which win over defaults. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): EgideConfig {
  // An empty variable (`PORT=`, as compose files leave unset ones) means "not set", not "port 0" or "the current folder".
  const fromEnv = (name: string) => env[name] || undefined;
  const port = parsePort(overrides.port ?? fromEnv('PORT') ?? 8080);
  const logLevel = (overrides.logLevel ?? fromEnv('EGIDE_LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`Unknown log level "${logLevel}": use one of ${LOG_LEVELS.join(', ')}.`);
  }
  const baseUrl = parseBaseUrl(fromEnv('EGIDE_BASE_URL')?.trim() || undefined);
  const https = baseUrl?.startsWith('https:') ?? false;
  const requestTimeoutMs = parseSeconds('EGIDE_REQUEST_TIMEOUT', fromEnv('EGIDE_REQUEST_TIMEOUT'), DEFAULT_REQUEST_TIMEOUT_S);
  const dataDir = dataFolder(overrides.data ?? fromEnv('EGIDE_DATA') ?? './data');
  return {
    port,
    host: overrides.host ?? fromEnv('EGIDE_HOST') ?? '0.0.0.0',
    dataDir,
    databaseUrl: parseDatabaseUrl(fromEnv('EGIDE_DATABASE_URL')?.trim() || undefined),
    databaseConnectTimeoutMs: parseSeconds('EGIDE_DATABASE_CONNECT_TIMEOUT', fromEnv('EGIDE_DATABASE_CONNECT_TIMEOUT'), DEFAULT_DATABASE_CONNECT_TIMEOUT_S),
    photoStorage: parsePhotoStorage(fromEnv, dataDir),
    logLevel,
    baseUrl,
    secureCookies: parseBoolean('EGIDE_SECURE_COOKIES', fromEnv('EGIDE_SECURE_COOKIES'), https),
    hsts: parseBoolean('EGIDE_HSTS', fromEnv('EGIDE_HSTS'), https),
    trustedProxies: TrustedProxies.parse(fromEnv('EGIDE_TRUSTED_PROXIES')),
    requestTimeoutMs,
    // Node requires the headers' timeout not to exceed the whole request's.
    headersTimeoutMs: Math.min(parseSeconds('EGIDE_HEADERS_TIMEOUT', fromEnv('EGIDE_HEADERS_TIMEOUT'), DEFAULT_HEADERS_TIMEOUT_S), requestTimeoutMs),
    identification: identifySettings(fromEnv),
    allowedHosts: parseHostNames('EGIDE_ALLOWED_HOSTS', fromEnv('EGIDE_ALLOWED_HOSTS')),
    production: fromEnv('NODE_ENV') === 'production',
    twoFactorRoles: parseTwoFactorRoles(fromEnv('EGIDE_REQUIRE_2FA_ROLES')),
    mapTiles: parseMapTiles(fromEnv),
    alertMail: parseAlertMail(fromEnv),
    webhooks: parseWebhookSettings(fromEnv),
  };
}

/** PostgreSQL is the one server engine: any other address is a mistake said at start, not a failure later. */
function parseDatabaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//i.test(value)) throw new ConfigError(`EGIDE_DATABASE_URL="${redactPassword(value)}" is not a PostgreSQL address: use postgres://user:password@host:5432/database (or leave it unset for the SQLite file in the data folder).`);
  return value;
}

function redactPassword(value: string): string {
  return value.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** Where harvests may connect (server-side request forgery guards of `egide harvest`). */
export interface HarvestNetworkSettings {
  /** Repositories and redirects at loopback, private or link-local addresses (`EGIDE_HARVEST_ALLOW_PRIVATE`). */
  allowPrivate: boolean;
  /** Hosts that redirects may lead to besides the repository's own (`EGIDE_HARVEST_ALLOWED_HOSTS`, comma-separated). */
  redirectHosts: string[];
}

/** The harvest's network settings: command-line flags, else environment variables, else refused. */
export function harvestNetworkSettings(flags: { allowPrivate?: boolean | undefined; allowRedirect?: string | undefined }, env: NodeJS.ProcessEnv = process.env): HarvestNetworkSettings {
  return {
    allowPrivate: flags.allowPrivate ?? parseBoolean('EGIDE_HARVEST_ALLOW_PRIVATE', env.EGIDE_HARVEST_ALLOW_PRIVATE || undefined, false),
    redirectHosts:
      flags.allowRedirect === undefined ? parseHostNames('EGIDE_HARVEST_ALLOWED_HOSTS', env.EGIDE_HARVEST_ALLOWED_HOSTS) : parseHostNames('--allow-redirect', flags.allowRedirect),
  };
}

/**
 * `egide serve` in production (`NODE_ENV=production`) needs `EGIDE_BASE_URL`: without it, the
 * addresses Egide writes (IIIF, OAI-PMH, Linked Art) would come from the request's Host header.
 */
export function requireBaseUrlInProduction(config: Pick<EgideConfig, 'production' | 'baseUrl'>): void {
  if (config.production && config.baseUrl === undefined) {
    throw new ConfigError('NODE_ENV=production: set EGIDE_BASE_URL to the public address (e.g. https://egide.example.org); Egide does not take it from the requests it receives.');
  }
}

/** The data folder, absolute; it may not exist yet (it is created), but it may not be a file. */
function dataFolder(path: string): string {
  const folder = resolve(path);
  if (statSync(folder, { throwIfNoEntry: false })?.isDirectory() === false) {
    throw new ConfigError(`The data folder ${folder} (--data or EGIDE_DATA) is a file, not a folder: give a folder (created if missing).`);
  }
  return folder;
}

function parsePort(value: string | number): number {
  // Digits only: Number() would also read "" and " " as 0 (any free port), and "0x50" or "1e3".
  const port = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`Invalid port "${value}": give a whole number from 0 to 65535.`);
  }
  return port;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (/^\s*true\s*$/i.test(value)) return true;
  if (/^\s*false\s*$/i.test(value)) return false;
  throw new ConfigError(`${name}="${value}": use true or false.`);
}

function parseBaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`EGIDE_BASE_URL="${value}" is not an absolute URL (e.g. https://egide.example.org).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`EGIDE_BASE_URL="${value}": use an http or https address.`);
  }
  return value.replace(/\/+$/, '');
}

/** Seconds, as a positive number (fractions allowed), returned in milliseconds. */
function parseSeconds(name: string, value: string | undefined, fallback: number): number {
  const seconds = value === undefined ? fallback : /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!(seconds > 0)) throw new ConfigError(`${name}="${value}": give a number of seconds greater than 0.`);
  return Math.round(seconds * 1000);
}
