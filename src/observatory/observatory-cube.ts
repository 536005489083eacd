/**
 * The observatory's facts in memory, column by column (typed arrays, strings as dictionary codes),
 * where grouping the registry's rows in SQL took seconds. Facts are replaced object by object as
 * the registry changes (observatory.repository.ts says which).
 *
 * A tally counts facts by one breakdown, exactly, or for the public as the sum of its finest cells
 * each published (observatory-privacy.ts): a finest cell is one measure, year, country, object
 * type and current status (a block of facts here), and the breakdown's value when it is not one
 * of those. Facts are indexed by block, so that a tally filters blocks rather than facts (the
 * filters are all on the block's keys), counts a block by its size when the breakdown is one of
 * its keys, and otherwise counts the values of one block at a time in a small array: at a million
 * facts a chart takes milliseconds on one core (bench/observatory.ts), where one pass with a Map
 * of finest cells took a quarter of a second.
 */
import type { ObservatoryMeasure } from './observatory-figures.js';
import { DAYS_BUCKET, type Fact } from './observatory-facts.js';
import { publishCell } from './observatory-privacy.js';

/** What a tally groups by: `total` one group (''); `flow` the pair origin>country. */
export type TallyBy = 'total' | 'country' | 'year' | 'month' | 'type' | 'material' | 'period' | 'place-kind' | 'method' | 'flow' | 'days';

export interface CubeSelection {
  measure: ObservatoryMeasure;
  from?: number | undefined;
  to?: number | undefined;
  /** Only these countries / types; undefined: any. */
  countries?: readonly string[] | undefined;
  types?: readonly string[] | undefined;
  status?: string | undefined;
}

class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  /** A mask of the codes of `values` (unknown ones have none), or undefined for every value. */
  mask(values: readonly string[] | undefined): Uint8Array | undefined {
    if (values === undefined) return undefined;
    const mask = new Uint8Array(this.values.length);
    for (const value of values) {
      const code = this.codes.get(value);
      if (code !== undefined) mask[code] = 1;
    }
    return mask;
  }
}

/** A fact's own values; its measure, year, country, type and status are its block's. */
const COLUMNS = ['seq', 'block', 'month', 'origin', 'period', 'place', 'method', 'days', 'matStart', 'matCount'] as const;
type Column = (typeof COLUMNS)[number];
type Columns = Record<Column, Int32Array>;

/** The keys of each block, by block number. */
interface Blocks {
  measure: number[];
  year: number[];
  country: number[];
  type: number[];
  status: number[];
}

/** Facts by block: the rows of block b are order[start[b]] … order[start[b + 1] - 1]. */
interface BlockIndex {
  start: Int32Array;
  order: Int32Array;
  /** The values of each breakdown counted within blocks, once read. */
  values: Map<InBlock, BlockValues>;
}

/** The breakdowns whose value is not one of a block's keys. */
type InBlock = Exclude<TallyBy, 'total' | 'country' | 'year' | 'type'>;

/** Values in block order: those of block b are values[start[b]] … values[start[b + 1] - 1]. */
interface BlockValues {
  values: Int32Array;
  start: Int32Array;
}

const INITIAL_CAPACITY = 1024;
/** Dead rows (replaced facts) are squeezed out once they are this share of the rows. */
const MAX_DEAD_SHARE = 0.3;
/** Tallies kept: a page's dozen for a few dozen filter sets and both publications. */
const TALLIES_KEPT = 1_000;

export class FigureCube {
  private readonly dict = {
    measure: new Dictionary(),
    country: new Dictionary(),
    type: new Dictionary(),
    text: new Dictionary(),
    status: new Dictionary(),
    material: new Dictionary(),
  };
  private columns: Columns = allocate(INITIAL_CAPACITY);
  private alive = new Uint8Array(INITIAL_CAPACITY);
  private materials = new Int32Array(INITIAL_CAPACITY);
  private size = 0;
  private materialSize = 0;
  private dead = 0;
  /** The longest time to recovery held (the values of the `days` breakdown run up to it). */
  private maxDays = 0;
  /** The years of the facts held run within these (groups by year are numbered from the first). */
  private firstYear = 9_999;
  private lastYear = 0;
  /** The rows of each object's facts. */
  private readonly rowsOf = new Map<number, number[]>();
  private readonly blocks: Blocks = { measure: [], year: [], country: [], type: [], status: [] };
  private readonly blockOf = new Map<number, number>();
  /** Built by the first tally after facts changed. */
  private index: BlockIndex | undefined;
  /** Tallies of the current facts, by selection, breakdown and publication. */
  private readonly tallies = new Map<string, Map<string, number>>();

  get facts(): number {
    return this.size - this.dead;
  }

  /** Replaces the facts of the objects `seqs` (those without facts now simply lose theirs) by `facts`. */
  replace(seqs: Iterable<number>, facts: readonly Fact[]): void {
    for (const seq of seqs) {
      for (const row of this.rowsOf.get(seq) ?? []) {
        this.alive[row] = 0;
        this.dead += 1;
      }
      this.rowsOf.delete(seq);
    }
    for (const fact of facts) this.add(fact);
    if (this.dead > MAX_DEAD_SHARE * this.size) this.compact();
    this.index = undefined;
    this.tallies.clear();
  }

  /**
   * Counts by `by`: each group's key and count, exact or published (not to be changed: tallies are
   * kept until the facts change, as a page's charts share them: every chart's total, countries
   * for the map and the regions).
   */
  tally(selection: CubeSelection, by: TallyBy, published: boolean): ReadonlyMap<string, number> {
    const key = JSON.stringify([selection, by, published]);
    let groups = this.tallies.get(key);
    if (!groups) {
      groups = this.count(selection, by, published);
      if (this.tallies.size >= TALLIES_KEPT) this.tallies.delete(this.tallies.keys().next().value as string);
      this.tallies.set(key, groups);
    }
    return groups;
  }

  private count(selection: CubeSelection, by: TallyBy, published: boolean): Map<string, number> {
    const { start } = this.blockIndex();
    const b = this.blocks;
    const measure = this.dict.measure.mask([selection.measure])!;
    const countries = this.dict.country.mask(selection.countries);
    const types = this.dict.type.mask(selection.types);
    const statuses = this.dict.status.mask(selection.status === undefined ? undefined : [selection.status]);
    const from = selection.from ?? -Infinity;
    const to = selection.to ?? Infinity;
    // First: reading the materials may code '' (none) in the dictionary, which sizes the counts.
    const inBlocks = by === 'total' || by === 'country' || by === 'year' || by === 'type' ? undefined : this.valuesInBlocks(by);
    const nC = this.dict.country.values.length;
    const nV = this.valuesOf(by, nC);
    const firstYear = this.firstYear;
    const count = published ? publishCell : (n: number) => n;
    // Counts by group number (groupsOf, keyOf), summed in an array: a Map of groups took most of a tally.
    const totals = new Float64Array(this.groupsOf(by, nC, nV));
    // The values of one block: counts by value, and which values were counted (to publish and reset them).
    const counts = new Int32Array(nV);
    const seen: number[] = [];
    for (let block = 0; block < b.measure.length; block += 1) {
      const first = start[block]!;
      const end = start[block + 1]!;
      if (first === end || !measure[b.measure[block]!]) continue;
      const year = b.year[block]!;
      if (year < from || year > to) continue;
      if (countries && !countries[b.country[block]!]) continue;
      if (types && !types[b.type[block]!]) continue;
      if (statuses && !statuses[b.status[block]!]) continue;
      if (!inBlocks) {
        totals[by === 'country' ? b.country[block]! : by === 'year' ? year - firstYear : by === 'type' ? b.type[block]! : 0]! += count(end - first);
        continue;
      }
      const { values, start: valuesStart } = inBlocks;
      for (let i = valuesStart[block]!; i < valuesStart[block + 1]!; i += 1) {
        const value = values[i]!;
        const n = counts[value]!;
        if (n === 0) seen.push(value);
        counts[value] = n + 1;
      }
      for (const value of seen) {
        totals[by === 'month' ? (year - firstYear) * 13 + value : by === 'flow' ? value * nC + b.country[block]! : value]! += count(counts[value]!);
        counts[value] = 0;
      }
      seen.length = 0;
    }
    const groups = new Map<string, number>();
    totals.forEach((n, group) => {
      if (n > 0) groups.set(this.keyOf(by, group, nC), n);
    });
    return groups;
  }

  private blockIndex(): BlockIndex {
    return (this.index ??= this.buildIndex());
  }

  /**
   * The values a breakdown counts within blocks, block after block (read in sequence by every
   * tally, where reading them row by row jumped across the columns): the breakdown's column in
   * block order, a fact's materials (or '' without any), the days of the recovered facts.
   */
  private valuesInBlocks(by: InBlock): BlockValues {
    const index = this.blockIndex();
    let found = index.values.get(by);
    if (found) return found;
    const c = this.columns;
    const { start, order } = index;
    if (by === 'material' || by === 'days') {
      const noMaterial = this.dict.material.code('');
      // At most one value per row (days), or its materials or one for none.
      const values = new Int32Array(by === 'days' ? order.length : order.length + this.materialSize);
      const valuesStart = new Int32Array(start.length);
      let size = 0;
      for (let block = 0; block + 1 < start.length; block += 1) {
        for (let i = start[block]!; i < start[block + 1]!; i += 1) {
          const row = order[i]!;
          if (by === 'days') {
            if (c.days[row]! >= 0) values[size++] = c.days[row]! / DAYS_BUCKET;
            continue;
          }
          const at = c.matStart[row]!;
          const n = c.matCount[row]!;
          if (n === 0) values[size++] = noMaterial;
          for (let m = at; m < at + n; m += 1) values[size++] = this.materials[m]!;
        }
        valuesStart[block + 1] = size;
      }
      found = { values: values.subarray(0, size), start: valuesStart };
    } else {
      const column = c[IN_BLOCK_COLUMN[by]];
      const values = new Int32Array(order.length);
      for (let i = 0; i < order.length; i += 1) values[i] = column[order[i]!]!;
      found = { values, start };
    }
    index.values.set(by, found);
    return found;
  }

  /** How many values a breakdown counted within a block takes (its codes run from 0). */
  private valuesOf(by: TallyBy, nC: number): number {
    if (by === 'month') return 13;
    if (by === 'material') return this.dict.material.values.length;
    if (by === 'flow') return nC;
    if (by === 'days') return this.maxDays / DAYS_BUCKET + 1;
    return this.dict.text.values.length;
  }

  /** How many groups a tally counts in: its values, or a block's key, or both (month: year and month; flow: origin and country). */
  private groupsOf(by: TallyBy, nC: number, nV: number): number {
    const years = Math.max(0, this.lastYear - this.firstYear + 1);
    if (by === 'total') return 1;
    if (by === 'country') return nC;
    if (by === 'type') return this.dict.type.values.length;
    if (by === 'year') return years;
    if (by === 'month') return years * 13;
    if (by === 'flow') return nC * nC;
    return nV;
  }

  /** The key of a group number. */
  private keyOf(by: TallyBy, group: number, nC: number): string {
    const d = this.dict;
    switch (by) {
      case 'total':
        return '';
      case 'country':
        return d.country.values[group]!;
      case 'type':
        return d.type.values[group]!;
      case 'year':
        return String(this.firstYear + group);
      case 'month':
        // (year - firstYear) × 13 + month
        return `${this.firstYear + Math.floor(group / 13)}-${String(group % 13).padStart(2, '0')}`;
      case 'days':
        return String(group * DAYS_BUCKET);
      case 'material':
        return d.material.values[group]!;
      case 'flow': {
        // origin × nC + country
        const origin = Math.floor(group / nC);
        return `${d.country.values[origin]}>${d.country.values[group - origin * nC]}`;
      }
      case 'period':
      case 'place-kind':
      case 'method':
        return d.text.values[group]!;
    }
  }

  private add(fact: Fact): void {
    if (this.size === this.alive.length) this.grow(this.size * 2);
    const materials = fact.materials.map((m) => this.dict.material.code(m));
    if (this.materialSize + materials.length > this.materials.length) {
      const bigger = new Int32Array(Math.max(this.materials.length * 2, this.materialSize + materials.length));
      bigger.set(this.materials.subarray(0, this.materialSize));
      this.materials = bigger;
    }
    const row = this.size;
    const c = this.columns;
    const d = this.dict;
    c.seq[row] = fact.objectSeq;
    c.block[row] = this.block(d.measure.code(fact.measure), fact.year, d.country.code(fact.country), d.type.code(fact.objectType), d.status.code(fact.status));
    c.month[row] = fact.month;
    c.origin[row] = d.country.code(fact.origin);
    c.period[row] = d.text.code(fact.period);
    c.place[row] = d.text.code(fact.placeKind);
    c.method[row] = d.text.code(fact.method);
    c.days[row] = fact.days ?? -1;
    this.maxDays = Math.max(this.maxDays, fact.days ?? 0);
    c.matStart[row] = this.materialSize;
    c.matCount[row] = materials.length;
    this.materials.set(materials, this.materialSize);
    this.materialSize += materials.length;
    this.alive[row] = 1;
    this.size += 1;
    const rows = this.rowsOf.get(fact.objectSeq);
    if (rows) rows.push(row);
    else this.rowsOf.set(fact.objectSeq, [row]);
  }

  /**
   * The number of the block of these codes, a new one when first met. The key packs the codes in
   * one exact integer: measures under 16, statuses under 64, countries (ISO codes) under 4,096,
   * years of four digits, which leaves object types 2^17 codes.
   */
  private block(measure: number, year: number, country: number, type: number, status: number): number {
    const key = (((type * 4096 + country) * 16_384 + year) * 64 + status) * 16 + measure;
    let block = this.blockOf.get(key);
    if (block === undefined) {
      const b = this.blocks;
      block = b.measure.length;
      b.measure.push(measure);
      b.year.push(year);
      b.country.push(country);
      b.type.push(type);
      b.status.push(status);
      this.blockOf.set(key, block);
      this.firstYear = Math.min(this.firstYear, year);
      this.lastYear = Math.max(this.lastYear, year);
    }
    return block;
  }

  /** The live rows sorted by block (a counting sort: two passes over the rows). */
  private buildIndex(): BlockIndex {
    const blockOfRow = this.columns.block;
    const start = new Int32Array(this.blocks.measure.length + 1);
    for (let row = 0; row < this.size; row += 1) if (this.alive[row]) start[blockOfRow[row]! + 1]! += 1;
    for (let block = 1; block < start.length; block += 1) start[block]! += start[block - 1]!;
    const next = start.slice(0, -1);
    const order = new Int32Array(start[start.length - 1]!);
    for (let row = 0; row < this.size; row += 1) {
      if (!this.alive[row]) continue;
      const block = blockOfRow[row]!;
      order[next[block]!] = row;
      next[block]! += 1;
    }
    return { start, order, values: new Map() };
  }

  private grow(capacity: number): void {
    const columns = allocate(capacity);
    for (const name of COLUMNS) columns[name].set(this.columns[name].subarray(0, this.size));
    const alive = new Uint8Array(capacity);
    alive.set(this.alive.subarray(0, this.size));
    this.columns = columns;
    this.alive = alive;
  }

  /** Squeezes out the dead rows (materials too). */
  private compact(): void {
    const old = this.columns;
    const oldMaterials = this.materials;
    const capacity = Math.max(INITIAL_CAPACITY, 2 * (this.size - this.dead));
    const columns = allocate(capacity);
    const materials = new Int32Array(Math.max(INITIAL_CAPACITY, this.materialSize));
    const alive = new Uint8Array(capacity);
    let size = 0;
    let materialSize = 0;
    this.rowsOf.clear();
    for (let row = 0; row < this.size; row += 1) {
      if (!this.alive[row]) continue;
      for (const name of COLUMNS) columns[name][size] = old[name][row]!;
      const start = old.matStart[row]!;
      const count = old.matCount[row]!;
      materials.set(oldMaterials.subarray(start, start + count), materialSize);
      columns.matStart[size] = materialSize;
      materialSize += count;
      alive[size] = 1;
      const seq = old.seq[row]!;
      const rows = this.rowsOf.get(seq);
      if (rows) rows.push(size);
      else this.rowsOf.set(seq, [size]);
      size += 1;
    }
    this.columns = columns;
    this.materials = materials;
    this.alive = alive;
    this.size = size;
    this.materialSize = materialSize;
    this.dead = 0;
  }
}

/** The column a breakdown counted within a block reads (material and days have their own). */
const IN_BLOCK_COLUMN: Record<'month' | 'period' | 'place-kind' | 'method' | 'flow', Column> = {
  month: 'month',
  period: 'period',
  'place-kind': 'place',
  method: 'method',
  flow: 'origin',
};

function allocate(capacity: number): Columns {
  return Object.fromEntries(COLUMNS.map((name) => [name, new Int32Array(capacity)])) as Columns;
}
