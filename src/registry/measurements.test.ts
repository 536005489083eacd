import { describe, expect, it } from 'vitest';
import { LENGTH_UNITS, WEIGHT_UNITS, type Measurement } from './object-record.js';
import { normaliseMeasurement, parseMeasurements } from './measurements.js';

describe('normaliseMeasurement', () => {
  it('converts lengths to centimetres exactly', () => {
    expect(normaliseMeasurement({ dimension: 'height', value: 597, unit: 'mm' })).toEqual({ value: 59.7, unit: 'cm' });
    expect(normaliseMeasurement({ dimension: 'height', value: 30, unit: 'cm' })).toEqual({ value: 30, unit: 'cm' });
    expect(normaliseMeasurement({ dimension: 'height', value: 1.85, unit: 'm' })).toEqual({ value: 185, unit: 'cm' });
    expect(normaliseMeasurement({ dimension: 'width', value: 12, unit: 'in' })).toEqual({ value: 30.48, unit: 'cm' });
    expect(normaliseMeasurement({ dimension: 'width', value: 1.1, unit: 'in' })).toEqual({ value: 2.794, unit: 'cm' });
    expect(normaliseMeasurement({ dimension: 'length', value: 1, unit: 'ft' })).toEqual({ value: 30.48, unit: 'cm' });
    expect(normaliseMeasurement({ dimension: 'length', value: 2.5, unit: 'ft' })).toEqual({ value: 76.2, unit: 'cm' });
  });

  it('converts weights to kilograms exactly', () => {
    expect(normaliseMeasurement({ dimension: 'weight', value: 250, unit: 'g' })).toEqual({ value: 0.25, unit: 'kg' });
    expect(normaliseMeasurement({ dimension: 'weight', value: 3, unit: 'kg' })).toEqual({ value: 3, unit: 'kg' });
    expect(normaliseMeasurement({ dimension: 'weight', value: 1, unit: 'lb' })).toEqual({ value: 0.45359237, unit: 'kg' });
    expect(normaliseMeasurement({ dimension: 'weight', value: 1, unit: 'oz' })).toEqual({ value: 0.028349523125, unit: 'kg' });
    expect(normaliseMeasurement({ dimension: 'weight', value: 16, unit: 'oz' })).toEqual({ value: 0.45359237, unit: 'kg' });
  });

  it('handles every unit of object-record.ts', () => {
    for (const unit of LENGTH_UNITS) expect(normaliseMeasurement({ dimension: 'height', value: 1, unit }).unit).toBe('cm');
    for (const unit of WEIGHT_UNITS) expect(normaliseMeasurement({ dimension: 'weight', value: 1, unit }).unit).toBe('kg');
  });
});

function m(dimension: Measurement['dimension'], value: number, unit: Measurement['unit'], part?: string): Measurement {
  return part === undefined ? { dimension, value, unit } : { dimension, value, unit, part };
}

function parsed(text: string): Measurement[] {
  const result = parseMeasurements(text);
  expect(result.unparsed, `unparsed in "${text}"`).toEqual([]);
  return result.measurements;
}

describe('parseMeasurements', () => {
  it('reads unlabelled numbers as height × width × depth', () => {
    expect(parsed('30 x 40 cm')).toEqual([m('height', 30, 'cm'), m('width', 40, 'cm')]);
    expect(parsed('30 × 40 × 12,5 cm')).toEqual([m('height', 30, 'cm'), m('width', 40, 'cm'), m('depth', 12.5, 'cm')]);
    expect(parsed('30x40cm')).toEqual([m('height', 30, 'cm'), m('width', 40, 'cm')]);
    expect(parsed('30 cm x 40 cm')).toEqual([m('height', 30, 'cm'), m('width', 40, 'cm')]);
    expect(parsed('12 in')).toEqual([m('height', 12, 'in')]);
  });

  it('reads labelled dimensions', () => {
    expect(parsed('H 30 x W 40 cm')).toEqual([m('height', 30, 'cm'), m('width', 40, 'cm')]);
    expect(parsed('h. 30cm; w. 40cm; d. 12 cm')).toEqual([m('height', 30, 'cm'), m('width', 40, 'cm'), m('depth', 12, 'cm')]);
    expect(parsed('Diam. 12 cm')).toEqual([m('diameter', 12, 'cm')]);
    expect(parsed('height 30 cm, weight 2.5 kg')).toEqual([m('height', 30, 'cm'), m('weight', 2.5, 'kg')]);
    expect(parsed('Height: 30 cm; Width: 40 cm')).toEqual([m('height', 30, 'cm'), m('width', 40, 'cm')]);
    expect(parsed('30 cm high, 40 cm wide')).toEqual([m('height', 30, 'cm'), m('width', 40, 'cm')]);
    expect(parsed('H 30 cm W 40 cm')).toEqual([m('height', 30, 'cm'), m('width', 40, 'cm')]);
    expect(parsed('thickness 3 mm')).toEqual([m('thickness', 3, 'mm')]);
    expect(parsed('L. 120 cm')).toEqual([m('length', 120, 'cm')]);
  });

  it('reads French and Spanish abbreviations and the decimal comma', () => {
    expect(parsed('haut. 30 cm ; larg. 40,5 cm ; prof. 12 cm')).toEqual([
      m('height', 30, 'cm'),
      m('width', 40.5, 'cm'),
      m('depth', 12, 'cm'),
    ]);
    expect(parsed('Hauteur : 1,2 m')).toEqual([m('height', 1.2, 'm')]);
    expect(parsed('poids 3 kg')).toEqual([m('weight', 3, 'kg')]);
    expect(parsed('alto 30 cm, ancho 40 cm')).toEqual([m('height', 30, 'cm'), m('width', 40, 'cm')]);
    expect(parsed('diám. 12 cm; peso 3 kg')).toEqual([m('diameter', 12, 'cm'), m('weight', 3, 'kg')]);
    expect(parsed('H. 65 ; P. 40 cm')).toEqual([m('height', 65, 'cm'), m('depth', 40, 'cm')]);
  });

  it('reads the Tate export, parts included (support, frame, image, object)', () => {
    expect(parsed('support: 597 × 749 mm')).toEqual([m('height', 597, 'mm', 'support'), m('width', 749, 'mm', 'support')]);
    expect(parsed('support: 762 x 1118 mm\r\nframe: 1105 x 1458 x 145 mm')).toEqual([
      m('height', 762, 'mm', 'support'),
      m('width', 1118, 'mm', 'support'),
      m('height', 1105, 'mm', 'frame'),
      m('width', 1458, 'mm', 'frame'),
      m('depth', 145, 'mm', 'frame'),
    ]);
    expect(parsed('image: 243 x 335 mm')).toEqual([m('height', 243, 'mm', 'image'), m('width', 335, 'mm', 'image')]);
    // "object" is the whole object: no part.
    expect(parsed('object: 300 x 150 x 80 mm, 12 kg')).toEqual([
      m('height', 300, 'mm'),
      m('width', 150, 'mm'),
      m('depth', 80, 'mm'),
      m('weight', 12, 'kg'),
    ]);
    expect(parsed('support: 533 x 705 mm,\r\nframe: 710 x 881 x 80 mm')).toHaveLength(5);
    expect(parsed('support (left): 100 x 200 mm')).toEqual([
      m('height', 100, 'mm', 'support (left)'),
      m('width', 200, 'mm', 'support (left)'),
    ]);
  });

  it('names parts in English whatever the language', () => {
    expect(parsed('cadre : 80 x 100 cm')).toEqual([m('height', 80, 'cm', 'frame'), m('width', 100, 'cm', 'frame')]);
    expect(parsed('marco: 80 x 100 cm')).toEqual([m('height', 80, 'cm', 'frame'), m('width', 100, 'cm', 'frame')]);
    expect(parsed('socle : h. 10 cm')).toEqual([m('height', 10, 'cm', 'base')]);
  });

  it('drops equivalents in parentheses and reads fractions', () => {
    expect(parsed('30 x 40 cm (11 3/4 x 15 3/4 in.)')).toEqual([m('height', 30, 'cm'), m('width', 40, 'cm')]);
    expect(parsed('11 3/4 x 15 ¾ in')).toEqual([m('height', 11.75, 'in'), m('width', 15.75, 'in')]);
    expect(parsed('12" x 8"')).toEqual([m('height', 12, 'in'), m('width', 8, 'in')]);
    expect(parsed('1,234.5 mm')).toEqual([m('height', 1234.5, 'mm')]);
  });

  it('puts what it cannot read in unparsed, and keeps what it can', () => {
    expect(parseMeasurements('Overall display dimensions variable')).toEqual({
      measurements: [],
      unparsed: ['Overall display dimensions variable'],
    });
    expect(parseMeasurements('support: 597 x 749 mm\r\nduration: 3min')).toEqual({
      measurements: [m('height', 597, 'mm', 'support'), m('width', 749, 'mm', 'support')],
      unparsed: ['duration: 3min'],
    });
    expect(parseMeasurements('approx. 30 x 40 cm').unparsed).toEqual(['approx. 30 x 40 cm']);
    expect(parseMeasurements('30 x 40').unparsed).toEqual(['30 x 40']); // no unit
    expect(parseMeasurements('30 x 40 x 12 x 3 cm').unparsed).toEqual(['30 x 40 x 12 x 3 cm']); // four numbers
    expect(parseMeasurements('weight 30 cm').unparsed).toEqual(['weight 30 cm']);
    expect(parseMeasurements('h. 2 kg').unparsed).toEqual(['h. 2 kg']);
    expect(parseMeasurements('30 x 40 kg').unparsed).toEqual(['30 x 40 kg']);
    expect(parseMeasurements('12 pouces').unparsed).toEqual(['12 pouces']); // Paris inch: not guessed
    expect(parseMeasurements('30-35 cm').unparsed).toEqual(['30-35 cm']);
    expect(parseMeasurements('H 30, weight 2 kg')).toEqual({ measurements: [m('weight', 2, 'kg')], unparsed: ['H 30'] });
  });

  it('uses a default unit only when asked', () => {
    expect(parseMeasurements('frame: 760 x 913 x 85').unparsed).toEqual(['frame: 760 x 913 x 85']);
    expect(parseMeasurements('frame: 760 x 913 x 85', { defaultUnit: 'mm' })).toEqual({
      measurements: [m('height', 760, 'mm', 'frame'), m('width', 913, 'mm', 'frame'), m('depth', 85, 'mm', 'frame')],
      unparsed: [],
    });
  });

  it('returns nothing for empty text and never throws', () => {
    expect(parseMeasurements('')).toEqual({ measurements: [], unparsed: [] });
    expect(parseMeasurements(' \n ; ')).toEqual({ measurements: [], unparsed: [] });
    const junk = ['::', '(', ')', 'x', 'x 30 cm', '30 x', 'cm', '0/0 in', '½', '"', "3'", '1/0 cm', 'h:', '⌀ 3 cm', 'é', '30 cm cm'];
    for (const text of junk) expect(() => parseMeasurements(text)).not.toThrow();
    expect(parseMeasurements('1/0 cm').unparsed).toEqual(['1/0 cm']);
    expect(parsed('⌀ 3 cm')).toEqual([m('diameter', 3, 'cm')]);
  });
});
