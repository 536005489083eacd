import type { AuditTrail } from '../audit/audit.service.js';
import { DomainError, notFound } from '../errors.js';
import type { Lang } from '../i18n/languages.js';
import { newPublicId } from '../registry/ids.js';
import type { Principal } from '../roles.js';
import { isAreaGeometry, type AreaGeometry } from './area.js';
import type { Condition, HeritagePlaceKind } from './heritage-place-contract.js';
import { CONDITIONS } from './heritage-place-contract.js';
import { placesInside } from './inside.js';
import type { EmergencyRepository, EmergencyRow, InsidePlaceRow, PlaceCandidate } from './emergency.repository.js';
import type { EmergencyInput, EmergencyKind, EmergencyStatus } from './emergency.schemas.js';
import { boundingBox, centreOf, type Region } from './places/geometry.js';
import type { Protection } from './protection.js';
import { seesExactPosition } from './places/heritage-place-access.js';
import { placeName } from './places/heritage-place.components.js';
import type { WatchedEmergency } from '../registry/emergency-watch.js';

export interface Emergency {
  id: string;
  kind: EmergencyKind;
  names: Record<string, string>;
  descriptions: Record<string, string>;
  countries: string[];
  area: AreaGeometry | null;
  startsOn: string;
  endsOn: string | null;
  status: EmergencyStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A place inside an emergency, as the reader may see it: its position only if entitled. */
export interface InsidePlace {
  id: string;
  name: string;
  names: Record<string, string>;
  kind: HeritagePlaceKind;
  country: string;
  protection: Protection;
  latestCondition: Condition | null;
  latestAssessedOn: string | null;
  organisation: { slug: string; name: string } | null;
  position: { lon: number; lat: number } | null;
  /** The exact geometry, for those who see positions (no-strike lists, the map). */
  geometry: string | null;
  region: Region;
}

export interface EmergencySummary {
  emergency: Emergency;
  places: { total: number; assessed: number; notAssessed: number; byCondition: Record<Condition, number> };
  museums: Array<{ slug: string; name: string }>;
  objects: { evacuated: number; missing: number; found: number };
  items: InsidePlace[];
}

/** E3's count of objects evacuated (emergencies/plans/): objects of these organisations moved since a date. */
export interface EvacuationCounts {
  countEvacuated(organisationIds: readonly number[], since: string): Promise<number>;
}

/**
 * Emergencies: the secretariat declares them over countries and/or a drawn area and a period;
 * each lists the heritage places and museums inside, and the objects of those museums are watched
 * (heightened watch, see `activeEmergencyOf`).
 */
export class EmergencyService {
  constructor(
    private readonly emergencies: EmergencyRepository,
    private readonly evacuations: EvacuationCounts,
    private readonly audit: AuditTrail,
  ) {}

  async declare(actor: Principal, input: EmergencyInput): Promise<Emergency> {
    requireSecretariat(actor);
    const now = new Date().toISOString();
    const id = newPublicId();
    await this.emergencies.insert({ id, ...columnsOf(input), created_at: now, created_by: actor.userId, updated_at: now });
    return this.get(id);
  }

  /** Replaces an emergency's declaration; `version` is the one the editor read (a newer save is not overwritten). */
  async update(actor: Principal, id: string, version: number, input: EmergencyInput): Promise<Emergency> {
    requireSecretariat(actor);
    const current = await this.get(id);
    if (current.version !== version) throw new DomainError('precondition-failed', `The emergency was changed by someone else (now version ${current.version}); reload it and apply your change again.`);
    if (!(await this.emergencies.update(id, version, { ...columnsOf(input), updated_at: new Date().toISOString() }))) {
      throw new DomainError('precondition-failed', 'The emergency was changed by someone else meanwhile; reload it and apply your change again.');
    }
    return this.get(id);
  }

  async list(): Promise<Emergency[]> {
    return (await this.emergencies.list()).map(emergencyOf);
  }

  async get(id: string): Promise<Emergency> {
    const row = await this.emergencies.find(id);
    if (!row) throw notFound(`No emergency with the id "${id}".`);
    return emergencyOf(row);
  }

  /** The candidates inside: the bounding-box and country query, then the exact test. */
  private async inside(emergency: Emergency): Promise<PlaceCandidate[]> {
    const box = emergency.area ? boundingBox(emergency.area) : null;
    return placesInside(emergency, await this.emergencies.placeCandidates(emergency.countries, box));
  }

  /** The ids of the places inside (benchmarks, and the map's and lists' selection). */
  async placeIdsInside(id: string): Promise<string[]> {
    return (await this.inside(await this.get(id))).map((place) => place.id);
  }

  /** The dashboard: places assessed and not, conditions, museums, objects evacuated, missing and found, and the places (at most `limit`). */
  async summary(principal: Principal | null, id: string, lang: Lang, limit: number): Promise<EmergencySummary> {
    const emergency = await this.get(id);
    const inside = await this.inside(emergency);
    const byCondition = Object.fromEntries(CONDITIONS.map((condition) => [condition, 0])) as Record<Condition, number>;
    for (const place of inside) if (place.latest_condition) byCondition[place.latest_condition as Condition] += 1;
    const assessed = inside.filter((place) => place.latest_condition !== null).length;
    const museumIds = museumOrganisations(inside);
    const [museums, evacuated, changed] = await Promise.all([
      this.emergencies.organisations(museumIds),
      this.evacuations.countEvacuated(museumIds, emergency.startsOn),
      this.emergencies.objectsChangedDuring(museumIds, emergency.startsOn, endOf(emergency)),
    ]);
    // Museums first (the objects' heightened watch), then every other place, by name.
    const chosen = [...inside].sort((a, b) => Number(b.kind === 'museum') - Number(a.kind === 'museum')).slice(0, limit);
    const items = (await this.emergencies.placesByIds(chosen.map((place) => place.id))).map((row) => insidePlaceOf(row, lang, seesExactPosition(principal, row)));
    items.sort((a, b) => Number(b.kind === 'museum') - Number(a.kind === 'museum') || a.name.localeCompare(b.name, lang));
    return {
      emergency,
      places: { total: inside.length, assessed, notAssessed: inside.length - assessed, byCondition },
      museums: museums.map(({ slug, name }) => ({ slug, name })),
      objects: { evacuated, ...changed },
      items,
    };
  }

  /** Every place inside with its exact position: no-strike lists, for those `mayExportNoStrike` lets. */
  async placesForNoStrike(actor: Principal, id: string): Promise<{ emergency: Emergency; places: InsidePlace[] }> {
    this.requireNoStrikeRole(actor);
    const emergency = await this.get(id);
    const rows = await this.emergencies.placesByIds((await this.inside(emergency)).map((place) => place.id));
    const places = rows.map((row) => insidePlaceOf(row, 'en', true));
    places.sort((a, b) => a.country.localeCompare(b.country) || a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
    return { emergency, places };
  }

  /** Refuses anyone but `NO_STRIKE_ROLES`: exact positions of every place inside, protected or not. */
  requireNoStrikeRole(actor: Principal): void {
    if (!(NO_STRIKE_ROLES as readonly string[]).includes(actor.role)) throw new DomainError('forbidden', 'No-strike lists are exported by admins, investigators and heritage assessors.');
  }

  /** Records a no-strike export in the audit trail: who, which emergency, which format, how many places. */
  recordExport(actor: Principal, emergencyId: string, format: string, count: number): Promise<void> {
    return this.audit.record(actor, { action: 'export', targetType: 'emergency', targetId: emergencyId, details: { list: 'no-strike', format, count } });
  }

  /**
   * The heightened watch: the active emergency (today) an organisation's museum lies inside, or
   * null. The registry asks it when a theft or loss is reported: this service is its EmergencyWatch (wired in app/context.ts).
   */
  async emergencyOf(organisationId: number, day: string): Promise<WatchedEmergency | null> {
    for (const row of await this.emergencies.activeOn(day)) {
      const emergency = emergencyOf(row);
      if (museumOrganisations(await this.inside(emergency)).includes(organisationId)) return { id: emergency.id, names: emergency.names };
    }
    return null;
  }
}

/** Who may export no-strike lists: the secretariat, investigators (police and customs liaising with forces) and heritage assessors. */
export const NO_STRIKE_ROLES = ['admin', 'investigator', 'heritage-assessor'] as const;

function requireSecretariat(actor: Principal): void {
  if (actor.role !== 'admin') throw new DomainError('forbidden', 'Emergencies are declared by the network’s secretariat (admins).');
}

function museumOrganisations(places: readonly PlaceCandidate[]): number[] {
  return [...new Set(places.filter((place) => place.kind === 'museum' && place.organisation_id !== null).map((place) => place.organisation_id!))];
}

/** The emergency's last moment: the end of its last day, or now while it lasts. */
function endOf(emergency: Emergency): string {
  return emergency.endsOn ? `${emergency.endsOn}T23:59:59.999Z` : new Date().toISOString();
}

function columnsOf(input: EmergencyInput) {
  const box = input.area ? boundingBox(input.area as AreaGeometry) : null;
  return {
    kind: input.kind,
    names: JSON.stringify(input.names),
    descriptions: JSON.stringify(input.descriptions),
    countries: JSON.stringify([...new Set(input.countries)].sort()),
    area: input.area ? JSON.stringify(input.area) : null,
    min_lon: box?.minLon ?? null,
    min_lat: box?.minLat ?? null,
    max_lon: box?.maxLon ?? null,
    max_lat: box?.maxLat ?? null,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    status: input.status,
  };
}

function emergencyOf(row: EmergencyRow): Emergency {
  const area = row.area ? (JSON.parse(row.area) as AreaGeometry) : null;
  return {
    id: row.id,
    kind: row.kind as EmergencyKind,
    names: JSON.parse(row.names) as Record<string, string>,
    descriptions: JSON.parse(row.descriptions) as Record<string, string>,
    countries: JSON.parse(row.countries) as string[],
    area: area && isAreaGeometry(area) ? area : null,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status: row.status,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function insidePlaceOf(row: InsidePlaceRow, lang: Lang, seesPosition: boolean): InsidePlace {
  const names = JSON.parse(row.names) as Record<string, string>;
  return {
    id: row.id,
    name: placeName(names, lang),
    names,
    kind: row.kind as HeritagePlaceKind,
    country: row.country,
    protection: row.protection as Protection,
    latestCondition: row.latest_condition as Condition | null,
    latestAssessedOn: row.latest_assessed_on,
    organisation: row.organisation_slug && row.organisation_name ? { slug: row.organisation_slug, name: row.organisation_name } : null,
    position: seesPosition ? centreOf({ minLon: row.min_lon, minLat: row.min_lat, maxLon: row.max_lon, maxLat: row.max_lat }) : null,
    geometry: seesPosition ? row.geometry : null,
    region: { west: row.region_west, south: row.region_south, east: row.region_east, north: row.region_north },
  };
}
