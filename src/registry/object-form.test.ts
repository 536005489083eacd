import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n.js';
import { formFieldLabel, formFieldOf, parseObjectForm, rowCount, valuesOf } from './object-form.js';
import { emptyDescription, type ObjectDescription } from './object-record.js';
import { ObjectDescriptionSchema } from './object.schemas.js';
import { toTerm, typePath } from './vocabulary.js';

const full: ObjectDescription = {
  ...emptyDescription('INV-7'),
  objectType: [...typePath('jars').map(toTerm), { label: { en: 'apothecary jar' } }],
  title: { fr: 'Pot', en: 'Jar', it: 'Albarello' },
  materials: [{ label: { de: 'Steingut' } }, toTerm(typePath('jars')[0]!)],
  measurements: [{ dimension: 'height', value: 23.5, unit: 'cm', part: 'lid' }],
  inscriptions: [{ kind: 'label', text: 'Theriaca', language: 'la' }],
  dating: { display: 'c. 1730', earliest: -20, latest: 1740 },
  makers: [{ name: 'Nevers' }],
  places: [{ name: 'Nevers', country: 'FR', kind: 'origin' }],
  relatedWrittenMaterial: ['A', 'B'],
  crossReferences: ['C'],
  dateDocumented: '2024-05-02',
};

describe('the object form', () => {
  it('gives back the same description after a round trip through its fields, in any page language', () => {
    for (const lang of ['fr', 'en', 'es'] as const) {
      const values = valuesOf(full, { storageLocation: 'Reserve' }, lang);
      const parsed = parseObjectForm(values, lang, full);
      expect(ObjectDescriptionSchema.parse(parsed.description)).toEqual(full);
      expect(parsed.sensitive).toEqual({ storageLocation: 'Reserve' });
    }
  });

  it('puts the deepest vocabulary type in the select and the narrower free text after it', () => {
    const values = valuesOf(full, undefined, 'fr');
    expect(values.type).toBe('jars');
    expect(values.typeFree).toBe('apothecary jar');
    // Free text alone that names a vocabulary type gets its broader types.
    const typed = parseObjectForm({ typeFree: 'jarre' }, 'fr');
    expect((typed.description.objectType as Array<{ label: Record<string, string> }>).map((term) => term.label.en)).toEqual(['ceramics', 'jars']);
  });

  it('drops blank rows and remembers where each kept row came from', () => {
    const parsed = parseObjectForm(
      {
        'measurements.0.dimension': 'height',
        'measurements.0.unit': 'cm',
        'measurements.1.dimension': 'width',
        'measurements.1.value': '12,5',
        'measurements.1.unit': 'cm',
        'makers.2.name': 'X',
      },
      'en',
    );
    expect(parsed.description.measurements).toEqual([{ dimension: 'width', value: 12.5, unit: 'cm', part: undefined }]);
    expect(parsed.rowOf.measurements).toEqual([1]);
    expect(formFieldOf(['description', 'measurements', 0, 'value'], parsed.rowOf)).toBe('measurements.1.value');
    expect(formFieldOf(['description', 'makers', 0, 'name'], parsed.rowOf)).toBe('makers.2.name');
    expect(formFieldOf(['description', 'materials', 0, 'label', 'en'], { ...parsed.rowOf, materials: [3] })).toBe('materials.3');
    expect(formFieldOf(['description', 'objectType', 1, 'label'], parsed.rowOf)).toBe('type');
    expect(formFieldOf(['description', 'title', 'es'], parsed.rowOf)).toBe('title.es');
    expect(formFieldOf(['sensitive', 'address'], parsed.rowOf)).toBe('sensitive.address');
  });

  it('shows every row in use, a spare one and at least the minimum', () => {
    expect(rowCount({}, 'measurements')).toBe(3);
    expect(rowCount({ 'measurements.4.value': '1' }, 'measurements')).toBe(6);
    // A row with only its default selects is not in use.
    expect(rowCount({ 'measurements.3.dimension': 'height', 'measurements.3.unit': 'cm' }, 'measurements')).toBe(3);
  });

  it('names fields for the error summary in the page’s language', () => {
    const t = translator('fr');
    expect(formFieldLabel('title.es', t)).toBe('Titre (Español)');
    expect(formFieldLabel('measurements.1.value', t)).toBe('Dimension 2 · Valeur');
    expect(formFieldLabel('inventoryNumber', t)).toBe('Numéro d’inventaire');
    expect(formFieldLabel('sensitive.address', t)).toBe('Adresse');
  });
});
