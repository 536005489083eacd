import { ConfigError } from './config-error.js';

/** A tile server for detailed base maps under the shipped ones (`EGIDE_MAP_TILES`, `EGIDE_MAP_TILES_ATTRIBUTION`). */
export interface MapTilesSettings {
  /** An XYZ URL template: `https://tiles.example.org/{z}/{x}/{y}.png`. */
  template: string;
  /** The credit the tile server's licence asks for, shown under the tiles. */
  attribution: string;
  /** The template's origin, which the pages' Content-Security-Policy lets images come from. */
  origin: string;
}

const PLACEHOLDERS = ['{z}', '{x}', '{y}'] as const;

/**
 * Unset: no tile server, the maps are the shipped boundaries alone. Set: an http(s) template with
 * `{z}`, `{x}` and `{y}` in its path or query (not its host: the CSP admits one origin), and the
 * attribution, which tile licences require wherever their tiles are shown.
 */
export function parseMapTiles(fromEnv: (name: string) => string | undefined): MapTilesSettings | undefined {
  const template = fromEnv('EGIDE_MAP_TILES')?.trim();
  const attribution = fromEnv('EGIDE_MAP_TILES_ATTRIBUTION')?.trim();
  if (!template) {
    if (attribution) throw new ConfigError('EGIDE_MAP_TILES_ATTRIBUTION is set without EGIDE_MAP_TILES: give the tile server’s URL template too (or unset the attribution).');
    return undefined;
  }
  const example = 'e.g. https://tile.example.org/{z}/{x}/{y}.png';
  const missing = PLACEHOLDERS.filter((placeholder) => !template.includes(placeholder));
  if (missing.length > 0) throw new ConfigError(`EGIDE_MAP_TILES="${template}" lacks ${missing.join(', ')}: give an XYZ tile URL template (${example}).`);
  const filled = PLACEHOLDERS.reduce((text, placeholder) => text.replaceAll(placeholder, '0'), template);
  if (filled.includes('{') || filled.includes('}')) throw new ConfigError(`EGIDE_MAP_TILES="${template}": only {z}, {x} and {y} may be replaced (${example}).`);
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    throw new ConfigError(`EGIDE_MAP_TILES="${template}" is not an absolute URL template (${example}).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`EGIDE_MAP_TILES="${template}": use an http or https address (${example}).`);
  if (url.username || url.password) throw new ConfigError('EGIDE_MAP_TILES holds a user name or password: every visitor’s browser would receive it; use a key the tile server issues for public pages.');
  const authority = template.slice(template.indexOf('//') + 2).split(/[/?#]/)[0] ?? '';
  if (authority.includes('{')) throw new ConfigError(`EGIDE_MAP_TILES="${template}": {z}, {x} and {y} go in the path or query, not the host (${example}).`);
  if (!attribution) throw new ConfigError('EGIDE_MAP_TILES is set without EGIDE_MAP_TILES_ATTRIBUTION: give the credit the tile server asks for (e.g. "© OpenStreetMap contributors").');
  return { template, attribution, origin: url.origin };
}
