/**
 * Synthetic registry rows for `npm run bench:observatory`: reported objects (one incident each, with
 * type, materials, dates, country, place and method), recoveries (status changes) and sightings,
 * written in multi-row inserts through the app's database, as an import would, without the search
 * index (the observatory never reads it). Skewed like real traffic: a few countries and types carry
 * most incidents (Zipf), thefts grow over the years, most objects stay stolen or missing.
 */
import type { AppContext } from '../../src/app/context.js';
import { insertChunks } from '../../src/db/chunks.js';
import type { Db } from '../../src/db/database.js';
import { COUNTRY_CODES } from '../../src/registry/object.components.js';
import { INCIDENT_METHODS } from '../../src/registry/status.js';
import { MATERIALS, OBJECT_TYPES } from '../../src/registry/vocabulary.js';
import { PLACE_KINDS } from '../../src/observatory/observatory-figures.js';
import { seededRandom } from '../seeded-random.js';

const FIRST_YEAR = 2000;
const LAST_YEAR = 2026;
/** Of reported objects: recovered, found (the rest stay stolen or missing). */
const RECOVERED_SHARE = 0.12;
const FOUND_SHARE = 0.04;

/** Picks from `items` with weights 1/(rank+1)^s: rank 0 is the most frequent. */
function zipf<T>(items: readonly T[], random: () => number, s = 1.1): () => T {
  const weights = items.map((_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  return () => {
    const r = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

export interface Generator {
  /** Writes `count` reported objects (with recoveries) through `db` (a transaction); returns their seqs. At most 1,000 a call. */
  objects(db: Db, count: number): Promise<number[]>;
  /** Writes `count` sightings of objects among `seqs`. */
  sightings(db: Db, seqs: readonly number[], count: number): Promise<void>;
}

export async function generator(context: AppContext, seed: number): Promise<Generator> {
  const random = seededRandom(seed);
  const organisation = await context.organisations.ensure('bench-museum', 'Benchmark museum', 'museum');
  await context.accounts.createApiToken('secretariat', 'investigator', 'observatory benchmark');
  const user = await context.db.selectFrom('users').select(['id', 'organisation_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const shuffled = [...COUNTRY_CODES].sort(() => random() - 0.5);
  const country = zipf(shuffled.slice(0, 120), random);
  const type = zipf(
    OBJECT_TYPES.filter((entry) => entry.parent !== undefined).map((entry) => entry.key),
    random,
  );
  const material = zipf(
    MATERIALS.map((entry) => entry.key),
    random,
  );
  const method = zipf(INCIDENT_METHODS, random, 0.8);
  const placeKind = zipf(PLACE_KINDS, random, 0.7);
  /** Thefts grow over the years: the later the year, the likelier. */
  const year = () => Math.min(LAST_YEAR, FIRST_YEAR + Math.floor(Math.sqrt(random()) * (LAST_YEAR - FIRST_YEAR + 1)));
  const day = (y: number) => `${y}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`;
  let serial = 0;

  return {
    async objects(db, count) {
      const at = new Date().toISOString();
      const rows = Array.from({ length: count }, () => {
        const earliest = random() < 0.1 ? null : Math.round(-2000 + random() ** 0.3 * 4020);
        const reported = year();
        const roll = random();
        return {
          earliest,
          reportedOn: day(reported),
          status: roll < RECOVERED_SHARE ? 'recovered' : roll < RECOVERED_SHARE + FOUND_SHARE ? 'found' : random() < 0.75 ? 'stolen' : 'missing',
          type: type(),
          materials: random() < 0.3 ? [material(), material()] : [material()],
          country: random() < 0.03 ? null : country(),
        };
      });
      const inserted = await db
        .insertInto('objects')
        .values(
          rows.map((row) => ({
            id: `bench${(++serial).toString(36).padStart(11, '0')}${seed}`,
            organisation_id: organisation.id,
            inventory_number: null,
            status: row.status,
            title: `Object ${serial}`,
            object_type: row.type,
            description: '{}',
            sensitive: '{}',
            earliest_year: row.earliest,
            latest_year: row.earliest === null ? null : row.earliest + Math.floor(random() * 50),
            height_cm: null,
            width_cm: null,
            depth_cm: null,
            diameter_cm: null,
            weight_kg: null,
            country: row.country,
            reported: 1,
            created_at: at,
            updated_at: at,
            created_by: null,
            updated_by: null,
          })),
        )
        .returning('seq')
        .execute();
      const seqs = inserted.map((row) => Number(row.seq));
      const materials = rows.flatMap((row, i) => [...new Set(row.materials)].map((m) => ({ object_seq: seqs[i]!, material: m })));
      for (const chunk of insertChunks(materials)) await db.insertInto('object_materials').values(chunk).execute();
      const incidents = rows.map((row, i) => ({
        id: `inc${seqs[i]}x${seed}`,
        object_seq: seqs[i]!,
        reference: `INC-${seqs[i]}`,
        method: method(),
        discovered_on: null,
        reported_on: row.reportedOn,
        reporter: 'Benchmark',
        reporter_contact: null,
        circumstances: null,
        police_report_number: null,
        place: null,
        country: row.country,
        place_kind: random() < 0.2 ? null : placeKind(),
        publish: random() < 0.6 ? 1 : 0,
        created_at: at,
        created_by: null,
      }));
      for (const chunk of insertChunks(incidents)) await db.insertInto('incidents').values(chunk).execute();
      const recoveries = rows.flatMap((row, i) => {
        if (row.status !== 'recovered' && row.status !== 'found') return [];
        const reportedAt = Date.parse(row.reportedOn);
        const recoveredAt = new Date(Math.min(Date.now(), reportedAt + random() ** 2 * 6 * 365 * 86_400_000)).toISOString();
        return [{ object_seq: seqs[i]!, at: recoveredAt, user_id: null, actor: 'Benchmark', action: 'status-changed', reason: 'Recovered', changes: JSON.stringify({ status: ['stolen', row.status] }) }];
      });
      for (const chunk of insertChunks(recoveries)) await db.insertInto('object_history').values(chunk).execute();
      return seqs;
    },

    async sightings(db, seqs, count) {
      const picks = Array.from({ length: count }, () => {
        const seq = seqs[Math.floor(random() ** 1.5 * seqs.length)]!;
        const n = ++serial;
        return { seq, id: `sight${n}x${seed}`, at: `${day(Math.max(FIRST_YEAR, year()))}T12:00:00.000Z`, country: country() };
      });
      const identifications = picks.map((p) => ({ id: `ident-${p.id}`, user_id: user.id, created_at: p.at, verdict: 'match', photo_file: 'bench.jpg', photo_width: 1, photo_height: 1, candidates: '[]' }));
      for (const chunk of insertChunks(identifications)) await db.insertInto('identifications').values(chunk).execute();
      const sightings = picks.map((p) => ({
        id: p.id,
        identification_id: `ident-${p.id}`,
        object_seq: p.seq,
        user_id: user.id,
        organisation_id: user.organisation_id,
        reporter: 'Benchmark',
        place: 'Port',
        country: p.country,
        note: null,
        created_at: p.at,
      }));
      for (const chunk of insertChunks(sightings)) await db.insertInto('sightings').values(chunk).execute();
    },
  };
}
