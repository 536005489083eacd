import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { MapSpec } from './map-spec.js';
import { quantileClasses } from './map-classes.js';
import { NO_DATA_FILL, stepColour } from './map-colours.js';
import { mapDrawing, renderMapSvg } from './world-map.js';

interface Node {
  name: string;
  attributes: Record<string, string>;
  children: Node[];
  text: string;
}

/** Parses the SVG as XML (so it must be well-formed) into a small tree. */
function parseSvg(svg: string): Node {
  const parser = new SaxesParser();
  const root: Node = { name: '#root', attributes: {}, children: [], text: '' };
  const stack = [root];
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const node: Node = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    stack[stack.length - 1]?.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(svg).close();
  const svgNode = root.children[0];
  if (!svgNode) throw new Error('no root element');
  return svgNode;
}

function all(node: Node, predicate: (node: Node) => boolean): Node[] {
  return [...(predicate(node) ? [node] : []), ...node.children.flatMap((child) => all(child, predicate))];
}

const titleOf = (node: Node) => node.children.find((child) => child.name === 'title')?.text;

const spec: MapSpec = {
  title: 'Objects reported stolen, by country',
  description: 'Most objects were reported in France (120), then Italy (85).',
  countries: [
    { country: 'FR', step: 4, label: 'France: 120 objects', href: '/en/observatory?country=FR&x=<1>' },
    { country: 'IT', step: 3, label: 'Italy: 85 objects' },
    { country: 'DE', step: null, label: 'Germany: fewer than 5' },
    { country: 'MT', step: 1, label: 'Malta: 7 objects' },
    { country: 'ZZ', step: 2, label: 'Nowhere: 9' },
  ],
  flows: [
    { from: 'IT', to: 'CH', step: 4, label: 'Italy → Switzerland: 40' },
    { from: 'FR', to: 'ZZ', step: 1, label: 'France → nowhere' },
    { from: 'FR', to: 'FR', step: 1, label: 'France → France' },
  ],
};

describe('renderMapSvg', () => {
  const svg = renderMapSvg(spec);
  const root = parseSvg(svg);

  it('is an image named by its title and description, scaling to its box', () => {
    expect(root.name).toBe('svg');
    expect(root.attributes['role']).toBe('img');
    expect(root.attributes['width']).toBe('100%');
    expect(root.attributes['viewBox']).toMatch(/^0 0 960 \d+$/);
    const [titleId, descId] = (root.attributes['aria-labelledby'] ?? '').split(' ');
    expect(all(root, (node) => node.attributes['id'] === titleId)[0]?.text).toBe(spec.title);
    expect(all(root, (node) => node.attributes['id'] === descId)[0]?.text).toBe(spec.description);
  });

  it('fills a country with its step colour, labels it and links it out of the tab order', () => {
    const france = all(root, (node) => node.name === 'path' && node.attributes['data-country'] === 'FR');
    expect(france).toHaveLength(1);
    expect(france[0]?.attributes['fill']).toBe(stepColour(4, 5));
    expect(titleOf(france[0] as Node)).toBe('France: 120 objects');
    const link = all(root, (node) => node.name === 'a')[0];
    expect(link?.attributes['href']).toBe('/en/observatory?country=FR&x=<1>');
    expect(link?.attributes['tabindex']).toBe('-1');
    const germany = all(root, (node) => node.attributes['data-country'] === 'DE')[0];
    expect(germany?.attributes['fill']).toBe(NO_DATA_FILL);
    expect(titleOf(germany as Node)).toBe('Germany: fewer than 5');
  });

  it('draws a country too small for the world atlas as a dot', () => {
    const malta = all(root, (node) => node.attributes['data-country'] === 'MT');
    expect(malta.map((node) => node.name)).toEqual(['circle']);
    expect(titleOf(malta[0] as Node)).toBe('Malta: 7 objects');
  });

  it('draws a flow as a curve with an arrowhead, and ignores unknown codes and flows within a country', () => {
    const flows = all(root, (node) => node.attributes['class'] === 'map-flow');
    expect(flows.map((node) => `${node.attributes['data-from']}>${node.attributes['data-to']}`)).toEqual(['IT>CH']);
    const [line, arrow] = (flows[0] as Node).children.filter((child) => child.name === 'path');
    expect(line?.attributes['d']).toMatch(/^M[\d.]+,[\d.]+Q/);
    expect(line?.attributes['fill']).toBe('none');
    expect(arrow?.attributes['d']).toMatch(/Z$/);
    expect(titleOf(flows[0] as Node)).toBe('Italy → Switzerland: 40');
    expect(all(root, (node) => node.attributes['data-country'] === 'ZZ')).toEqual([]);
  });

  it('keeps a world map well under 150 KB', () => {
    expect(Buffer.byteLength(svg)).toBeLessThan(100_000);
  });

  it('draws the same world twice identically (cached paths) and leaves Antarctica out', () => {
    expect(renderMapSvg(spec)).toBe(svg);
    expect(svg).not.toContain('data-country="AQ"');
  });
});

describe('fitted maps', () => {
  const points = [
    { lon: 36.29, lat: 33.51, label: 'Damascus museum', kind: 'museum', href: '/en/places/1' },
    { lon: 38.27, lat: 34.55, label: 'Palmyra', kind: 'archaeological-site' },
  ];
  // Anticlockwise, as RFC 7946 winds an outer ring.
  const area = { type: 'Polygon' as const, coordinates: [[[36, 33], [37, 33], [37, 34], [36, 34], [36, 33]]] };

  it('contains every point and shape, with a margin', () => {
    const drawing = mapDrawing({ title: 'Syria', description: 'Sites', extent: 'fit', points, shapes: [{ geometry: area, label: 'Affected area', kind: 'flood' }] });
    expect(drawing.points).toHaveLength(2);
    for (const point of drawing.points) {
      expect(point.x).toBeGreaterThan(10);
      expect(point.x).toBeLessThan(drawing.width - 10);
      expect(point.y).toBeGreaterThan(10);
      expect(point.y).toBeLessThan(drawing.height - 10);
    }
    expect(drawing.points[0]?.className).toBe('map-point map-point-museum');
    expect(drawing.sea).not.toBeNull();
    // The shape is the small square, not the whole Earth but it.
    const shape = drawing.shapes[0];
    expect(shape?.className).toBe('map-shape map-shape-flood');
    const xs = [...(shape?.d ?? '').matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((match) => Number(match[1]));
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(drawing.width / 2);
    expect(drawing.countries.map((country) => country.country)).toEqual(expect.arrayContaining(['SY', 'LB']));
    expect(drawing.countries.map((country) => country.country)).not.toContain('FR');
  });

  it('zooms around a single point, and falls back to the world with nothing to fit', () => {
    const single = mapDrawing({ title: 'Paris', description: 'One museum', extent: 'fit', points: [{ lon: 2.35, lat: 48.86, label: 'Louvre' }] });
    expect(single.points[0]).toMatchObject({ x: 400, label: 'Louvre' });
    expect(single.countries.map((country) => country.country)).toContain('FR');
    const nothing = mapDrawing({ title: 'Nothing', description: 'No place', extent: 'fit', points: [{ lon: Number.NaN, lat: 200, label: 'bad' }] });
    expect(nothing.points).toEqual([]);
    expect(nothing.countries.length).toBeGreaterThan(150);
  });

  it('renders a fitted map with its sea and point links', () => {
    const root = parseSvg(renderMapSvg({ title: 'Syria', description: 'Sites', extent: 'fit', points }));
    expect(all(root, (node) => node.name === 'rect')).toHaveLength(1);
    expect(all(root, (node) => node.name === 'a').map((node) => node.attributes['href'])).toEqual(['/en/places/1']);
  });
});

describe('quantileClasses', () => {
  it('spreads skewed values over the steps, each range within the next', () => {
    const classes = quantileClasses([1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 500], 5);
    expect(classes.ranges).toHaveLength(5);
    for (let index = 1; index < classes.ranges.length; index++) expect(classes.ranges[index]?.from).toBeGreaterThan(classes.ranges[index - 1]?.to ?? Infinity);
    expect(classes.stepOf(1)).toBe(0);
    expect(classes.stepOf(500)).toBe(4);
    expect(classes.stepOf(10_000)).toBe(4);
  });

  it('makes no more classes than distinct values', () => {
    const classes = quantileClasses([7, 7, 7, 9], 5);
    expect(classes.ranges).toEqual([{ from: 7, to: 7 }, { from: 9, to: 9 }]);
    expect(quantileClasses([], 5).ranges).toEqual([{ from: 0, to: 0 }]);
  });
});
