import { describe, expect, it } from 'vitest';
import { isInventoryPlaceholder, withInventoryNumberRead } from './inventory-number.js';
import { emptyDescription } from './object-record.js';

describe('inventory number placeholders', () => {
  it.each(['f.n.', 's.n.', 'S.N.', 'n/a', 'N/A', '—', '–', '-', '--', '?', '???', 'o. Nr.', 'o.Nr.', 'O. NR', 'ohne Nummer', 'without number', 'Unnumbered', 'sans numéro', 'Sans numero', 'sin número', 's/n', '', '   '])(
    '"%s" says there is no number',
    (text) => expect(isInventoryPlaceholder(text)).toBe(true),
  );

  it.each(['0', '00', 'INV 12', '1877.31', 'SN-14', 'n/a 12', 'NA 123', 'Fn. 7', 'A-1', '?-12'])('"%s" is a number', (text) => expect(isInventoryPlaceholder(text)).toBe(false));

  it('moves a placeholder out of the number, keeping it as written, and leaves a number alone', () => {
    expect(withInventoryNumberRead(emptyDescription(' s.n. '))).toEqual({ ...emptyDescription(), inventoryNumberPlaceholder: 's.n.' });
    expect(withInventoryNumberRead(emptyDescription(''))).toEqual(emptyDescription());
    const numbered = emptyDescription('INV 12');
    expect(withInventoryNumberRead(numbered)).toBe(numbered);
  });
});
