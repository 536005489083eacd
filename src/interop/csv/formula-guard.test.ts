import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseFormulaCell, restoreFormulaCell } from './formula-guard.js';

describe('CSV formula guard', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('puts a quote before a cell starting with %j, and takes it off again', (start) => {
    const cell = `${start}HYPERLINK("http://evil.example","x")`;
    expect(neutraliseFormulaCell(cell)).toBe(`'${cell}`);
    expect(restoreFormulaCell(neutraliseFormulaCell(cell))).toBe(cell);
  });

  it('writes plain numbers as they are: negative years and measurements are not formulas', () => {
    for (const number of ['-500', '+3', '-12.5', '-12,5', '1650', '0']) expect(neutraliseFormulaCell(number)).toBe(number);
    for (const text of ['-500 – -400', '-1e5', '+33 1 23 45 67 89', '-', '+']) expect(neutraliseFormulaCell(text)).toBe(`'${text}`);
  });

  it('leaves cells alone that start with anything else, a quote before text included', () => {
    for (const cell of ['', 'Vase', ' =not first', "'hello", "'500", 'fr:=x|en:=y', "l'=x"]) {
      expect(neutraliseFormulaCell(cell)).toBe(cell);
      expect(restoreFormulaCell(cell)).toBe(cell);
    }
  });

  it('keeps a value that itself starts with quotes before a formula character', () => {
    expect(neutraliseFormulaCell("'=x")).toBe("''=x");
    expect(restoreFormulaCell("''=x")).toBe("'=x");
    expect(restoreFormulaCell("'-500")).toBe('-500');
  });

  it('reads back every value it writes, and never writes a formula', () => {
    const cells = fc.oneof(fc.string(), fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", "''"), fc.string()).map(([a, b]) => a + b));
    fc.assert(
      fc.property(cells, (cell) => {
        const written = neutraliseFormulaCell(cell);
        expect(restoreFormulaCell(written)).toBe(cell);
        expect(/^[=+\-@\t\r]/.test(written) && !/^[+-]?\d+(?:[.,]\d+)?$/.test(written)).toBe(false);
      }),
    );
  });
});
