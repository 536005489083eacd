import { describe, expect, it } from 'vitest';
import { readMeasurements } from './linked-art-reader-measurements.js';

describe('readMeasurements', () => {
  it('keeps a dimension value it cannot read (a JSON-LD value object) as written, not as "[object Object]"', () => {
    const entry = { type: 'Dimension', value: { '@value': 12 }, unit: { type: 'MeasurementUnit', _label: 'clock hours' } };
    const read = readMeasurements([entry], []);
    expect(read.measurements).toEqual([]);
    expect(read.unread).toEqual(['{"@value":12} clock hours']);
    expect(read.warnings).toEqual([
      { field: 'dimension', reason: 'could not be read as a measurement: kept as text in the description', value: '{"@value":12} clock hours' },
    ]);
  });
});
