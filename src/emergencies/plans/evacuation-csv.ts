import { parse } from 'csv-parse/sync';
import type { FieldIssue } from '../../errors.js';
import { isPackingNeed, LOCATION_PARTS, type PlanInput } from './evacuation-plan.js';
import { PlanInputSchema } from './evacuation-plan.schemas.js';

/** A plan read from a CSV line, for the object with this inventory number. */
export interface CsvPlan {
  line: number;
  inventoryNumber: string;
  plan: PlanInput;
}

export interface CsvPlans {
  plans: CsvPlan[];
  /** Lines refused, each named `line N: column`: the import writes nothing while there is one. */
  errors: FieldIssue[];
  /** Optional values left out (an unknown packing need): the line is kept. */
  warnings: FieldIssue[];
}

const REQUIRED = ['inventory_number', 'priority', 'building'] as const;
const KNOWN = new Set<string>([...REQUIRED, ...LOCATION_PARTS, 'handling', 'packing', 'packing_note']);

/**
 * Reads the plans of a CSV file (UTF-8, with or without BOM; comma or semicolon, as spreadsheets
 * in French and Spanish write it): one line per object, `packing` needs separated by `|`. Every
 * problem is named by line and column.
 */
export function readPlanCsv(text: string): CsvPlans {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    return { plans: [], errors: [{ field: 'file', message: `not a CSV file Egide can read: ${(error as Error).message}` }], warnings: [] };
  }
  const header = (records[0] ?? []).map((name) => name.toLowerCase().replace(/[\s-]+/g, '_'));
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length > 0) return { plans: [], errors: missing.map((column) => ({ field: 'line 1', message: `the column "${column}" is missing` })), warnings: [] };
  const warnings: FieldIssue[] = header.filter((name) => !KNOWN.has(name)).map((name) => ({ field: `line 1: ${name}`, message: 'unknown column, ignored' }));
  const errors: FieldIssue[] = [];
  const plans: CsvPlan[] = [];
  records.slice(1).forEach((record, index) => {
    const line = index + 2;
    const cell = (column: string) => record[header.indexOf(column)] ?? '';
    const packing = cell('packing')
      .split('|')
      .map((need) => need.trim().toLowerCase())
      .filter(Boolean);
    for (const need of packing.filter((need) => !isPackingNeed(need))) warnings.push({ field: `line ${line}: packing`, message: `"${need}" is not a known packing need; left out (put it in packing_note)` });
    const parsed = PlanInputSchema.safeParse({
      priority: cell('priority'),
      location: Object.fromEntries(LOCATION_PARTS.map((part) => [part, cell(part)])),
      handling: cell('handling'),
      packing: packing.filter(isPackingNeed),
      packingNote: cell('packing_note'),
    });
    const inventoryNumber = cell('inventory_number');
    if (!inventoryNumber) errors.push({ field: `line ${line}: inventory_number`, message: 'required' });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ field: `line ${line}: ${csvColumn(issue.path)}`, message: issue.message });
      return;
    }
    if (inventoryNumber) plans.push({ line, inventoryNumber, plan: parsed.data });
  });
  return { plans, errors, warnings };
}

/** The CSV column a schema path comes from. */
function csvColumn(path: ReadonlyArray<PropertyKey>): string {
  const [first, second] = path.map(String);
  if (first === 'location') return second ?? 'building';
  return first === 'packingNote' ? 'packing_note' : (first ?? 'line');
}
