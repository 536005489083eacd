import { describe, expect, it } from 'vitest';
import { POINT_FILL, SHAPE_FILL, SHAPE_STROKE } from './map-colours.js';
import { tileViewData } from './map-tiles.js';

const TILES = { template: 'https://tiles.example.org/{z}/{x}/{y}.png', attribution: '© Test', origin: 'https://tiles.example.org' };
const CELL = { type: 'Polygon' as const, coordinates: [[[38, 34], [39, 34], [39, 35], [38, 35], [38, 34]]] };

describe('the tile view’s data', () => {
  it('holds the spec’s drawable points and its shapes, without labels, links or country fills', () => {
    const data = tileViewData(
      {
        title: 'Map',
        description: 'A map',
        countries: [{ country: 'SY', step: 0, label: 'Syria' }],
        points: [
          { lon: 31.5, lat: 31.5, label: 'Museum', href: '/en/heritage-places/1' },
          { lon: 200, lat: 0, label: 'Out of range' },
        ],
        shapes: [{ geometry: CELL, label: 'Region', kind: 'region' }],
      },
      TILES,
    );
    expect(data).toEqual({ template: TILES.template, points: [[31.5, 31.5]], shapes: [CELL], colours: { point: POINT_FILL, fill: SHAPE_FILL, stroke: SHAPE_STROKE } });
  });

  it('is null for a map with nothing to place on tiles (countries alone)', () => {
    expect(tileViewData({ title: 'Map', description: 'A map', countries: [{ country: 'TN', step: 0, label: 'Tunisia' }] }, TILES)).toBeNull();
  });
});
