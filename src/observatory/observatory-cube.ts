/**
 * The observatory's facts in memory, column by column (typed arrays, strings as dictionary codes):
 * a chart is one pass over them, which takes a few tens of milliseconds at a million facts on one
 * core (bench/observatory.ts), where grouping the registry's rows in SQL took seconds. Facts are
 * replaced object by object as the registry changes (observatory.repository.ts says which).
 *
 * A tally counts facts by one breakdown, exactly, or for the public as the sum of its finest cells
 * each published (observatory-privacy.ts): a finest cell is one year, country, object type and
 * current status (and the breakdown's value when it is not one of those).
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

const COLUMNS = ['seq', 'measure', 'year', 'month', 'country', 'origin', 'type', 'period', 'place', 'method', 'status', 'days', 'matStart', 'matCount'] as const;
type Column = (typeof COLUMNS)[number];
type Columns = Record<Column, Int32Array>;

const INITIAL_CAPACITY = 1024;
/** Dead rows (replaced facts) are squeezed out once they are this share of the rows. */
const MAX_DEAD_SHARE = 0.3;

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
  /** The earliest year and the longest time to recovery held (finest cells' keys start from them). */
  private firstYear = 9_999;
  private maxDays = 0;
  /** The rows of each object's facts. */
  private readonly rowsOf = new Map<number, number[]>();

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
  }

  /** Counts by `by`: each group's key and count, exact or published. */
  tally(selection: CubeSelection, by: TallyBy, published: boolean): Map<string, number> {
    const c = this.columns;
    const measure = this.dict.measure.mask([selection.measure])!;
    const countries = this.dict.country.mask(selection.countries);
    const types = this.dict.type.mask(selection.types);
    const statuses = this.dict.status.mask(selection.status === undefined ? undefined : [selection.status]);
    const from = selection.from ?? 0;
    const to = selection.to ?? 99_999;
    const exact = new Map<number, number>();
    // A finest cell: year, country, type, status and the value when it is not one of them. Its key
    // stays a small integer (years counted from the first one held), which Maps hash fastest.
    const cells = new Map<number, number>();
    const nC = this.dict.country.values.length + 1;
    const nT = this.dict.type.values.length + 1;
    const nS = this.dict.status.values.length + 1;
    const nV = IN_CELL[by] ? this.valuesOf(by, nC) : 1;
    const firstYear = this.firstYear;
    const valueOf = VALUE_OF[by];
    const noMaterial = this.dict.material.code('');
    const add = (row: number, value: number, cellValue: number) => {
      if (!published) {
        exact.set(value, (exact.get(value) ?? 0) + 1);
        return;
      }
      const cell = ((((c.year[row]! - firstYear) * nC + c.country[row]!) * nT + c.type[row]!) * nS + c.status[row]!) * nV + cellValue;
      cells.set(cell, (cells.get(cell) ?? 0) + 1);
    };
    for (let row = 0; row < this.size; row += 1) {
      if (!this.alive[row] || !measure[c.measure[row]!]) continue;
      const year = c.year[row]!;
      if (year < from || year > to) continue;
      if (countries && !countries[c.country[row]!]) continue;
      if (types && !types[c.type[row]!]) continue;
      if (statuses && !statuses[c.status[row]!]) continue;
      if (by === 'material') {
        const start = c.matStart[row]!;
        for (let m = 0; m < c.matCount[row]!; m += 1) add(row, this.materials[start + m]!, this.materials[start + m]!);
        if (c.matCount[row] === 0) add(row, noMaterial, noMaterial);
      } else if (by === 'flow') {
        add(row, c.origin[row]! * nC + c.country[row]!, c.origin[row]!);
      } else if (by === 'month') {
        add(row, year * 100 + c.month[row]!, c.month[row]!);
      } else if (by === 'days') {
        if (c.days[row]! >= 0) add(row, c.days[row]!, c.days[row]! / DAYS_BUCKET);
      } else {
        const value = valueOf(c, row);
        add(row, value, IN_CELL[by] ? value : 0);
      }
    }
    const groups = new Map<string, number>();
    const put = (key: string, n: number) => {
      if (n > 0) groups.set(key, (groups.get(key) ?? 0) + n);
    };
    if (!published) {
      for (const [value, n] of exact) put(this.keyOf(by, value, nC), n);
      return groups;
    }
    for (const [cell, n] of cells) {
      const shown = publishCell(n);
      if (shown === 0) continue;
      let rest = Math.floor(cell / nV);
      const value = cell - rest * nV;
      rest = Math.floor(rest / nS);
      const type = rest % nT;
      rest = Math.floor(rest / nT);
      const country = rest % nC;
      const year = Math.floor(rest / nC) + firstYear;
      const group = GROUP_OF[by]({ value, country, type, year, nC });
      put(this.keyOf(by, group, nC), shown);
    }
    return groups;
  }

  /** How many values a breakdown kept in the finest cell takes (its codes run from 0). */
  private valuesOf(by: TallyBy, nC: number): number {
    if (by === 'month') return 13;
    if (by === 'material') return this.dict.material.values.length + 1;
    if (by === 'flow') return nC;
    if (by === 'days') return this.maxDays / DAYS_BUCKET + 1;
    return this.dict.text.values.length + 1;
  }

  private keyOf(by: TallyBy, value: number, nC: number): string {
    const d = this.dict;
    switch (by) {
      case 'total':
        return '';
      case 'country':
        return d.country.values[value]!;
      case 'type':
        return d.type.values[value]!;
      case 'year':
        return String(value);
      case 'month':
        return `${Math.floor(value / 100)}-${String(value % 100).padStart(2, '0')}`;
      case 'days':
        return String(value);
      case 'material':
        return d.material.values[value]!;
      case 'flow': {
        // origin × nC + country
        const origin = Math.floor(value / nC);
        return `${d.country.values[origin]}>${d.country.values[value - origin * nC]}`;
      }
      case 'period':
      case 'place-kind':
      case 'method':
        return d.text.values[value]!;
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
    c.measure[row] = d.measure.code(fact.measure);
    c.year[row] = fact.year;
    c.month[row] = fact.month;
    c.country[row] = d.country.code(fact.country);
    c.origin[row] = d.country.code(fact.origin);
    c.type[row] = d.type.code(fact.objectType);
    c.period[row] = d.text.code(fact.period);
    c.place[row] = d.text.code(fact.placeKind);
    c.method[row] = d.text.code(fact.method);
    c.status[row] = d.status.code(fact.status);
    c.days[row] = fact.days ?? -1;
    this.firstYear = Math.min(this.firstYear, fact.year);
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

/** Breakdowns whose value is part of the finest cell (the others are the cell's own year, country or type). */
const IN_CELL: Record<TallyBy, boolean> = {
  total: false,
  country: false,
  year: false,
  type: false,
  month: true,
  material: true,
  period: true,
  'place-kind': true,
  method: true,
  flow: true,
  days: true,
};

const VALUE_OF: Record<TallyBy, (c: Columns, row: number) => number> = {
  total: () => 0,
  country: (c, row) => c.country[row]!,
  year: (c, row) => c.year[row]!,
  type: (c, row) => c.type[row]!,
  month: (c, row) => c.year[row]! * 100 + c.month[row]!,
  material: () => 0, // one value per material: read in the loop
  period: (c, row) => c.period[row]!,
  'place-kind': (c, row) => c.place[row]!,
  method: (c, row) => c.method[row]!,
  flow: () => 0, // origin and country: packed in the loop
  days: (c, row) => c.days[row]!,
};

/** The group a published cell counts in: its value, or its own country, year or type. */
const GROUP_OF: Record<TallyBy, (cell: { value: number; country: number; type: number; year: number; nC: number }) => number> = {
  total: () => 0,
  country: (cell) => cell.country,
  year: (cell) => cell.year,
  type: (cell) => cell.type,
  month: (cell) => cell.year * 100 + cell.value,
  material: (cell) => cell.value,
  period: (cell) => cell.value,
  'place-kind': (cell) => cell.value,
  method: (cell) => cell.value,
  flow: (cell) => cell.value * cell.nC + cell.country,
  days: (cell) => cell.value * DAYS_BUCKET,
};

function allocate(capacity: number): Columns {
  return Object.fromEntries(COLUMNS.map((name) => [name, new Int32Array(capacity)])) as Columns;
}
