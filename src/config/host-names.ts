import { isIP } from 'node:net';
import { ConfigError } from './config-error.js';

/** A host name or IP address as URLs write it (IPv6 in brackets), lower case, without a port. */
const HOST_NAME = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/;

/** Comma-separated host names (`EGIDE_ALLOWED_HOSTS`, `--allow-redirect`…), lower-cased; a ConfigError naming `setting` for one that is not a name. */
export function parseHostNames(setting: string, text: string | undefined): string[] {
  const hosts = (text ?? '').split(',').map((host) => host.trim().toLowerCase()).filter((host) => host !== '');
  const notHost = hosts.find((host) => !HOST_NAME.test(host));
  if (notHost !== undefined) throw new ConfigError(`${setting}: "${notHost}" is not a host name: give names such as egide.example.org (no scheme, port or path), separated by commas.`);
  return hosts;
}

/** Names that only reach this machine: `localhost` and its subdomains, 127.0.0.0/8, [::1]. */
export function isLocalHostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost') || name === '[::1]') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}
