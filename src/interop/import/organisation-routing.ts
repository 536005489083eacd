/**
 * Aggregator files (a national register's LIDO export, a portal's Linked Art dump) carry records of
 * many holding institutions. `egide import --org-from repository` routes each record to the
 * organisation its holder names (MappedRecord.holder): through `--orgs FILE` (holder name → slug),
 * else an organisation of that name, else, with `--create-orgs`, a museum created for it. A record
 * naming no holder goes to `--org` when given. Each organisation's objects are imported by its own
 * registrar service user, so that their history says which organisation imported them.
 */
import { readFileSync } from 'node:fs';
import type { Principal } from '../../roles.js';
import { invalid, invalidFile } from '../../errors.js';
import { foldForSearch } from '../../i18n/fold.js';
import type { ImportContext } from './import-file.js';
import { jsonErrorPlace } from './mapping-file.js';

/** Where a record's object goes, and who writes it there. */
export interface ImportTarget {
  organisationId: number;
  slug: string;
  actor: Principal;
}

/** The organisation of a record whose holder is `holder`, or why it has none. */
export type RouteRecord = (holder: string | undefined) => Promise<ImportTarget | { reason: string }>;

export interface RoutingOptions {
  /** Holder names → organisation slugs (`--orgs FILE`). */
  names?: Readonly<Record<string, string>>;
  /** Holders with no organisation get a museum of their own (`--create-orgs`). */
  createMissing?: boolean;
  /** The organisation of records that name no holder (`--org`). */
  fallback?: string | undefined;
}

type RoutingContext = Pick<ImportContext, 'organisations' | 'accounts'>;

/** A holder name as names are compared: case, accents and spacing aside. */
const nameKey = (name: string) => foldForSearch(name).replace(/\s+/g, ' ').trim();

/** A slug made from a name: "Musée d'Orsay" → "musee-d-orsay". */
export function slugFromName(name: string): string {
  return foldForSearch(name).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '') || 'museum';
}

/**
 * The router of an import; "invalid" before anything is imported when `--orgs` or `--org` names an
 * organisation that does not exist.
 */
export async function organisationRouter(context: RoutingContext, options: RoutingOptions): Promise<RouteRecord> {
  const bySlug = new Map((await context.organisations.list()).map((organisation) => [organisation.slug, organisation]));
  const unknown = [...new Set([...Object.values(options.names ?? {}), ...(options.fallback === undefined ? [] : [options.fallback])])].filter((slug) => !bySlug.has(slug));
  if (unknown.length > 0) throw invalid(`No organisation with the slug ${unknown.map((slug) => `"${slug}"`).join(', ')} (see egide org list; add one with egide org add).`);
  const slugOfName = new Map<string, string>();
  for (const organisation of bySlug.values()) slugOfName.set(nameKey(organisation.name), organisation.slug);
  // The --orgs file comes first: it may send a holder to an organisation named otherwise.
  for (const [name, slug] of Object.entries(options.names ?? {})) slugOfName.set(nameKey(name), slug);

  const targets = new Map<string, Promise<ImportTarget>>();
  const target = (slug: string) => {
    let found = targets.get(slug);
    if (!found) {
      found = context.accounts.servicePrincipal(slug, 'registrar').then((actor) => ({ organisationId: bySlug.get(slug)!.id, slug, actor }));
      targets.set(slug, found);
    }
    return found;
  };
  const create = async (holder: string): Promise<string> => {
    const base = slugFromName(holder);
    let slug = base;
    for (let n = 2; bySlug.has(slug); n += 1) slug = `${base}-${n}`;
    bySlug.set(slug, await context.organisations.ensure(slug, holder.trim(), 'museum'));
    slugOfName.set(nameKey(holder), slug);
    return slug;
  };

  return async (holder) => {
    if (holder === undefined || holder.trim() === '') {
      if (options.fallback !== undefined) return target(options.fallback);
      return { reason: 'the record names no holding institution, and no --org was given for such records' };
    }
    const slug = slugOfName.get(nameKey(holder)) ?? (options.createMissing ? await create(holder) : undefined);
    if (slug === undefined) return { reason: `no organisation for the holding institution "${holder}": map it in --orgs FILE, or add it with --create-orgs` };
    return target(slug);
  };
}

/** Reads `--orgs FILE`: a JSON object of holder names and organisation slugs. */
export function readOrgsFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw invalid(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalidFile(path, `not JSON (${jsonErrorPlace(text, (error as Error).message)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalidFile(path, `give a JSON object of holder names and organisation slugs, e.g. {"Musée du Louvre": "louvre"}`);
  const wrong = Object.entries(json).filter(([, slug]) => typeof slug !== 'string' || slug.trim() === '');
  if (wrong.length > 0) throw invalidFile(path, `${wrong.map(([name]) => `"${name}"`).join(', ')}: the value must be an organisation slug`);
  return json as Record<string, string>;
}
