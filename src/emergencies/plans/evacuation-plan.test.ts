import { describe, expect, it } from 'vitest';
import { locationCode, locationKey, type Location } from './evacuation-plan.js';
import { readPlanCsv } from './evacuation-csv.js';

const at = (building: string, floor = '', room = '', unit = '', shelf = ''): Location => ({ building, floor, room, unit, shelf });

describe('locations', () => {
  it('shows the given parts joined by hyphens', () => {
    expect(locationCode(at('B1', '2', '204', 'C', '3'))).toBe('B1-2-204-C-3');
    expect(locationCode(at('Annexe', '', 'Vault'))).toBe('Annexe-Vault');
  });

  it('orders locations as a person walks them: numbers by value, parts outermost first, case ignored', () => {
    const locations = [at('B1', '10'), at('B1', '2', '300'), at('b1', '2', '31'), at('B1', '-1'), at('B10'), at('B2'), at('B1', '02', '31', 'A', '10'), at('B1', '2', '31', 'A', '2')];
    const sorted = [...locations].sort((a, b) => (locationKey(a) < locationKey(b) ? -1 : 1)).map(locationCode);
    expect(sorted).toEqual(['B1--1', 'b1-2-31', 'B1-2-31-A-2', 'B1-02-31-A-10', 'B1-2-300', 'B1-10', 'B2', 'B10']);
  });
});

describe('the CSV of plans', () => {
  it('reads comma- or semicolon-separated lines, packing needs separated by |', () => {
    const read = readPlanCsv('\uFEFFinventory_number;priority;building;floor;room;unit;shelf;packing;packing_note\nA-1;1;B1;2;204;C;3;crate|fragile;foam\n');
    expect(read.errors).toEqual([]);
    expect(read.plans).toEqual([{ line: 2, inventoryNumber: 'A-1', plan: { priority: 1, location: { building: 'B1', floor: '2', room: '204', unit: 'C', shelf: '3' }, handling: '', packing: ['crate', 'fragile'], packingNote: 'foam' } }]);
  });

  it('names each refused line and column, and keeps a line with an unknown packing need with a warning', () => {
    const read = readPlanCsv('inventory_number,priority,building,packing\nA-1,4,B1,\nA-2,1,,\n,2,B1,\nA-3,2,B1,crate|bubble wrap\n');
    expect(read.errors.map((issue) => issue.field)).toEqual(['line 2: priority', 'line 3: building', 'line 4: inventory_number']);
    expect(read.warnings.map((issue) => issue.field)).toEqual(['line 5: packing']);
    expect(read.plans.map((p) => [p.inventoryNumber, p.plan.packing])).toEqual([['A-3', ['crate']]]);
  });

  it('refuses a file without the required columns, naming them', () => {
    expect(readPlanCsv('number,priority\nA-1,1\n').errors.map((issue) => issue.message)).toEqual(['the column "inventory_number" is missing', 'the column "building" is missing']);
  });
});
