import { describe, expect, it } from 'vitest';
import { emptyDescription } from '../../registry/object-record.js';
import { ObjectDescriptionSchema } from '../../registry/object.schemas.js';
import { repairDescription, withoutInvalidUtf8 } from './description-repair.js';
import { defaultLabel, type RecordWarning } from './import-pipeline.js';

/** The description repaired until the schema accepts it (as the pipeline does), with the warnings. */
function repaired(description: object) {
  let current: unknown = description;
  const warnings: RecordWarning[] = [];
  for (let round = 0; round < 4; round += 1) {
    const parsed = ObjectDescriptionSchema.safeParse(current);
    if (parsed.success) return { description: parsed.data, warnings };
    const result = repairDescription(current, parsed.error.issues, defaultLabel);
    if (!result) return undefined;
    current = result.description;
    warnings.push(...result.warnings);
  }
  return undefined;
}

const base = { ...emptyDescription('R-1'), description: { en: 'A jar.' } };

describe('repairing a description the schema refuses', () => {
  it('keeps the first items of a list over its maximum, the others in the description', () => {
    const makers = Array.from({ length: 52 }, (_, i) => ({ name: `Maker ${i + 1}` }));
    const result = repaired({ ...base, makers })!;
    expect(result.description.makers).toHaveLength(50);
    expect(result.description.description.en).toBe('A jar.\n\nmakers: Maker 51; Maker 52');
    expect(result.warnings).toEqual([{ field: 'makers', reason: expect.stringMatching(/the 2 beyond the first 50 are kept in the description$/), value: 'Maker 51; Maker 52' }]);
  });

  it('splits a maker naming several on ; / | and "and", and keeps an unsplittable one in the description', () => {
    const many = Array.from({ length: 12 }, (_, i) => `Workshop member number ${i + 1} of the great atelier`);
    const split = repaired({ ...base, makers: [{ name: `${many.slice(0, 6).join(' and ')} | ${many.slice(6).join('; ')}`, role: 'painter' }] })!;
    expect(split.description.makers).toEqual(many.map((name) => ({ name, role: 'painter' })));
    expect(split.warnings[0]!.reason).toMatch(/split into 12 makers$/);
    const whole = repaired({ ...base, makers: [{ name: 'x'.repeat(301) }] })!;
    expect(whole.description.makers).toEqual([]);
    expect(whole.description.description.en).toBe(`A jar.\n\nmakers: ${'x'.repeat(301)}`);
  });

  it('leaves out an invalid optional part of an item, and an item whose value is out of range, keeping their text', () => {
    const result = repaired({
      ...base,
      places: [{ name: 'Delft', country: 'Holland' }],
      measurements: [{ dimension: 'height', value: -3, unit: 'cm' }, { dimension: 'width', value: 40, unit: 'cm' }],
    })!;
    expect(result.description.places).toEqual([{ name: 'Delft' }]);
    expect(result.description.measurements).toEqual([{ dimension: 'width', value: 40, unit: 'cm' }]);
    expect(result.description.description.en).toBe('A jar.\n\nmeasurements: height -3 cm\nplaces: Delft — country: Holland');
    expect(result.warnings.map((warning) => [warning.field, warning.value])).toEqual([
      ['measurements.0.value', 'height -3 cm'],
      ['places.0.country', 'Holland'],
    ]);
  });

  it('keeps a date with impossible years as display text, and a text under a tag that is no language as undetermined', () => {
    const result = repaired({ ...base, dating: { display: '1900 or 1800', earliest: 1900, latest: 1800 }, title: { English: 'Jar' }, dateDocumented: '2024-13-45' })!;
    expect(result.description).toMatchObject({ dating: { display: '1900 or 1800' }, title: { und: 'Jar' }, dateDocumented: null });
    expect(result.description.dating).toEqual({ display: '1900 or 1800' });
    expect(result.warnings.map((warning) => warning.field).sort()).toEqual(['dateDocumented', 'dating.latest', 'title.English']);
  });

  it('cuts a text over the limit of every field, and never repairs the inventory number', () => {
    const result = repaired({ ...base, subject: { en: 'y'.repeat(20_005) } })!;
    expect(result.description.subject.en).toHaveLength(20_000);
    expect(result.warnings[0]).toMatchObject({ field: 'subject.en', reason: expect.stringMatching(/cut at 20,000 characters/) });
    expect(repaired({ ...base, inventoryNumber: 'n'.repeat(101) })).toBeUndefined();
    expect(repairDescription('not an object', [{ path: [], message: 'Expected object' }], defaultLabel)).toBeUndefined();
  });
});

describe('invalid UTF-8', () => {
  it('is left out of every text with a warning naming the field, the readable part kept', () => {
    const warnings: RecordWarning[] = [];
    const clean = withoutInvalidUtf8({ ...base, title: { fr: 'Ev\uFFFD\uFFFDque' }, makers: [{ name: 'Jos\uFFFD' }] }, defaultLabel, warnings);
    expect(clean).toMatchObject({ title: { fr: 'Evque' }, makers: [{ name: 'Jos' }] });
    expect(warnings.map((warning) => [warning.field, warning.value])).toEqual([
      ['title.fr', 'Ev\uFFFD\uFFFDque'],
      ['makers.0.name', 'Jos\uFFFD'],
    ]);
    // A description without any is returned as it is.
    expect(withoutInvalidUtf8(base, defaultLabel, warnings)).toBe(base);
  });
});
