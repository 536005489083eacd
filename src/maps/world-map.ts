/**
 * Draws a `MapSpec`: `mapDrawing` projects it into plain shapes (SVG path data, circles, colours) that
 * a pdfkit document draws with `doc.path(d)`, and `renderMapSvg` writes the same shapes as an
 * accessible SVG for pages. The world uses the Equal Earth projection (areas true, so a choropleth
 * does not inflate the north); a fitted map uses Mercator around its points and shapes, clipped to
 * the frame.
 */
import { geoArea, geoBounds, geoEqualEarth, geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { atlasCountries, countryAnchor, countryMainland, type AtlasCountry, type AtlasScale } from './world-atlas.js';
import type { MapSpec } from './map-spec.js';
import { FLOW_COLOUR, MAP_BORDER, NO_DATA_FILL, POINT_FILL, SEA_FILL, SHAPE_FILL, SHAPE_STROKE, stepColour } from './map-colours.js';

export interface DrawnCountry {
  country: string | null;
  d: string;
  fill: string;
  step: number | null;
  label?: string;
  href?: string;
}

/** A country with a fill that the atlas draws too small to see (Malta, Singapore at 110m): a dot at its centre. */
export interface DrawnDot {
  country: string;
  x: number;
  y: number;
  r: number;
  fill: string;
  label: string;
  href?: string;
}

export interface DrawnShape {
  d: string;
  label: string;
  className: string;
  fill: string;
  stroke: string;
}

export interface DrawnFlow {
  from: string;
  to: string;
  /** The curve (stroke only) and its arrowhead (filled). */
  d: string;
  arrow: string;
  strokeWidth: number;
  colour: string;
  label: string;
}

export interface DrawnPoint {
  x: number;
  y: number;
  r: number;
  label: string;
  className: string;
  fill: string;
  href?: string;
}

export interface MapDrawing {
  width: number;
  height: number;
  borderColour: string;
  /** The sea behind a fitted map (a rectangle of the frame's size); null on the world map, where it is the page. */
  sea: string | null;
  countries: DrawnCountry[];
  dots: DrawnDot[];
  shapes: DrawnShape[];
  flows: DrawnFlow[];
  points: DrawnPoint[];
}

const WORLD_WIDTH = 960;
const FIT_WIDTH = 800;
const FIT_HEIGHT = 600;
/**
 * Coordinates are rounded: to whole pixels on the world map (960 px wide, shown smaller: the 110m
 * coasts are coarser than a pixel anyway; its SVG falls from 119 KB with one decimal to 84 KB), to a
 * tenth of a pixel on fitted maps, which zoom in.
 */
const WORLD_DIGITS = 0;
const FIT_DIGITS = 1;
/** A fitted extent narrower than this (degrees of longitude) is drawn from the 50m atlas, whose coasts 110m would draw as polygons. */
const DETAILED_SPAN = 90;
/**
 * Margin around fitted points and shapes: a fifth of their span, at least half a degree (a single
 * site still shows its surroundings) — four degrees with flows, which join countries: France to
 * Switzerland with less filled the frame with the two borders and no coast to know them by.
 */
const FIT_MARGIN_SHARE = 0.2;
const FIT_MIN_MARGIN = 0.5;
const FIT_MIN_MARGIN_FLOWS = 4;
/** A small country's dot: 5 units are 2 px on a phone's world map, still to be seen and tapped near. */
const DOT_RADIUS = 5;
/** Frame inset in pixels, so that points on the edge keep their whole circle. */
const FRAME_INSET = 12;

interface Frame {
  width: number;
  height: number;
  projection: GeoProjection;
  digits: number;
  sea: string | null;
  /** The atlas's countries as path data, those clipped away entirely left out. */
  countries: Array<{ country: string | null; d: string }>;
}

const worldFrames = new Map<string, Frame>();

function worldFrame(width: number, requestedHeight: number | undefined): Frame {
  const key = `${width}x${requestedHeight ?? ''}`;
  let frame = worldFrames.get(key);
  if (!frame) {
    // Antarctica takes a fifth of an Equal Earth world and holds no museum: the frame leaves it out.
    const inhabited = atlasCountries('110m').filter((item) => item.country !== 'AQ');
    const collection: FeatureCollection = { type: 'FeatureCollection', features: inhabited.map((item) => item.feature) };
    const projection = geoEqualEarth();
    if (requestedHeight === undefined) projection.fitWidth(width, collection);
    else projection.fitSize([width, requestedHeight], collection);
    const path = geoPath(projection).digits(WORLD_DIGITS);
    const height = requestedHeight ?? Math.ceil(path.bounds(collection)[1][1]);
    frame = { width, height, projection, digits: WORLD_DIGITS, sea: null, countries: drawCountries(inhabited, path) };
    worldFrames.set(key, frame);
  }
  return frame;
}

function fittedFrame(spec: MapSpec): Frame {
  const width = spec.width ?? FIT_WIDTH;
  const height = spec.height ?? FIT_HEIGHT;
  const features: Feature[] = [
    ...(spec.points ?? []).filter(validPoint).map((point): Feature => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [point.lon, point.lat] } })),
    ...(spec.shapes ?? []).map((shape): Feature => ({ type: 'Feature', properties: {}, geometry: sphericalWinding(shape.geometry) })),
    ...(spec.flows ?? []).flatMap((flow) => [flow.from, flow.to]).flatMap((code): Feature[] => {
      const anchor = countryAnchor(code.toUpperCase());
      return anchor ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: anchor } }] : [];
    }),
    ...(spec.countries ?? []).filter((fill) => fill.step !== null).flatMap((fill): Feature[] => {
      const mainland = countryMainland(fill.country.toUpperCase());
      return mainland ? [{ type: 'Feature', properties: {}, geometry: mainland }] : [];
    }),
  ];
  if (features.length === 0) return worldFrame(width, spec.height);
  const [[west, south], [rawEast, north]] = geoBounds({ type: 'FeatureCollection', features });
  const east = rawEast < west ? rawEast + 360 : rawEast; // across the antimeridian
  const minMargin = spec.flows?.length ? FIT_MIN_MARGIN_FLOWS : FIT_MIN_MARGIN;
  const marginLon = Math.max((east - west) * FIT_MARGIN_SHARE, minMargin);
  const marginLat = Math.max((north - south) * FIT_MARGIN_SHARE, minMargin);
  const centre = (west + east) / 2;
  const halfSpan = (east - west) / 2 + marginLon;
  const bottom = Math.max(south - marginLat, -85);
  const top = Math.min(north + marginLat, 85);
  const corners: Geometry = { type: 'MultiPoint', coordinates: [[centre - halfSpan, bottom], [centre + halfSpan, top], [centre - halfSpan, top], [centre + halfSpan, bottom]] };
  const projection = geoMercator()
    .rotate([-centre, 0])
    // No adaptive resampling: 50m borders are short enough to be straight in Mercator, and resampling tripled the time of a fitted map.
    .precision(0)
    .fitExtent([[FRAME_INSET, FRAME_INSET], [width - FRAME_INSET, height - FRAME_INSET]], corners)
    .clipExtent([[0, 0], [width, height]]);
  const scale: AtlasScale = halfSpan * 2 < DETAILED_SPAN ? '50m' : '110m';
  const near = atlasCountries(scale).filter((item) => overlaps(item.bounds, centre - halfSpan, centre + halfSpan, bottom, top));
  return { width, height, projection, digits: FIT_DIGITS, sea: SEA_FILL, countries: drawCountries(near, geoPath(projection).digits(FIT_DIGITS)) };
}

/** Whether a country's bounds meet the fitted window (longitudes compared modulo 360); projecting and clipping the others costs ~1 ms each for nothing. */
function overlaps([[west, south], [east, north]]: AtlasCountry['bounds'], left: number, right: number, bottom: number, top: number): boolean {
  if (north < bottom || south > top) return false;
  if (right - left >= 360 || west > east) return true;
  return [-360, 0, 360].some((shift) => east + shift >= left && west + shift <= right);
}

function drawCountries(countries: AtlasCountry[], path: ReturnType<typeof geoPath>): Frame['countries'] {
  return countries.flatMap((item) => {
    const d = path(item.feature);
    return d ? [{ country: item.country, d }] : [];
  });
}

/**
 * GeoJSON (RFC 7946) winds an outer ring anticlockwise; d3-geo, on the sphere, reads the ring's
 * clockwise side as its inside, so an RFC polygon would cover the whole Earth but itself. A polygon
 * covering more than a hemisphere is taken as wound the other way and reversed (an area drawn for an
 * emergency never spans a hemisphere).
 */
function sphericalWinding(geometry: Geometry): Geometry {
  const polygon = (rings: Position[][]): Position[][] => (geoArea({ type: 'Polygon', coordinates: rings }) > 2 * Math.PI ? rings.map((ring) => [...ring].reverse()) : rings);
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: polygon(geometry.coordinates) };
  if (geometry.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: geometry.coordinates.map(polygon) };
  return geometry;
}

/** A point that can be drawn: finite, within the ranges of longitude and latitude. */
export function validPoint(point: { lon: number; lat: number }): boolean {
  return Number.isFinite(point.lon) && Number.isFinite(point.lat) && Math.abs(point.lat) <= 90 && Math.abs(point.lon) <= 180;
}

/** Projects a spec: what to draw, in the order to draw it (countries, shapes, flows, points). Unknown country codes are left out. */
export function mapDrawing(spec: MapSpec): MapDrawing {
  const steps = spec.steps ?? 5;
  const frame = spec.extent === 'fit' ? fittedFrame(spec) : worldFrame(spec.width ?? WORLD_WIDTH, spec.height);
  const round = (value: number) => Math.round(value * 10) / 10;
  const project = (lon: number, lat: number): [number, number] | null => {
    const projected = frame.projection([lon, lat]);
    return projected && Number.isFinite(projected[0]) && Number.isFinite(projected[1]) ? [round(projected[0]), round(projected[1])] : null;
  };

  const fills = new Map((spec.countries ?? []).map((fill) => [fill.country.toUpperCase(), fill]));
  const drawnCodes = new Set<string>();
  const countries = frame.countries.map((item): DrawnCountry => {
    const fill = item.country ? fills.get(item.country) : undefined;
    if (item.country) drawnCodes.add(item.country);
    const step = fill?.step ?? null;
    return {
      country: item.country,
      d: item.d,
      fill: step === null ? NO_DATA_FILL : stepColour(step, steps),
      step,
      ...(fill && { label: fill.label }),
      ...(fill?.href && { href: fill.href }),
    };
  });

  const dots = [...fills.values()].flatMap((fill): DrawnDot[] => {
    if (drawnCodes.has(fill.country.toUpperCase()) || fill.step === null) return [];
    const anchor = countryAnchor(fill.country.toUpperCase());
    const at = anchor && project(anchor[0], anchor[1]);
    if (!at || !inside(at, frame)) return [];
    return [{ country: fill.country.toUpperCase(), x: at[0], y: at[1], r: DOT_RADIUS, fill: stepColour(fill.step, steps), label: fill.label, ...(fill.href && { href: fill.href }) }];
  });

  const shapePath = geoPath(frame.projection).digits(frame.digits);
  const shapes = (spec.shapes ?? []).flatMap((shape): DrawnShape[] => {
    const d = shapePath(sphericalWinding(shape.geometry));
    return d ? [{ d, label: shape.label, className: kindClass('map-shape', shape.kind), fill: SHAPE_FILL, stroke: SHAPE_STROKE }] : [];
  });

  const flows = (spec.flows ?? []).flatMap((flow): DrawnFlow[] => {
    const from = countryAnchor(flow.from.toUpperCase());
    const to = countryAnchor(flow.to.toUpperCase());
    const start = from && project(from[0], from[1]);
    const end = to && project(to[0], to[1]);
    if (!start || !end || flow.from.toUpperCase() === flow.to.toUpperCase()) return [];
    const strokeWidth = flowStrokeWidth(flow.step, steps);
    return [{ from: flow.from.toUpperCase(), to: flow.to.toUpperCase(), ...curve(start, end, strokeWidth), strokeWidth, colour: FLOW_COLOUR, label: flow.label }];
  });

  const points = (spec.points ?? []).filter(validPoint).flatMap((point): DrawnPoint[] => {
    const at = project(point.lon, point.lat);
    if (!at || !inside(at, frame)) return [];
    return [{ x: at[0], y: at[1], r: 6, label: point.label, className: kindClass('map-point', point.kind), fill: POINT_FILL, ...(point.href && { href: point.href }) }];
  });

  return { width: frame.width, height: frame.height, borderColour: MAP_BORDER, sea: frame.sea, countries, dots, shapes, flows, points };
}

/**
 * A flow's line width for its class: 1.5 for the thinnest, 1.5 more a class. On pages the SVG keeps
 * these in screen pixels whatever the map's size (`non-scaling-stroke`: a 960-unit map on a phone is
 * drawn at a third, where 1.5 units would vanish); a PDF draws them in points.
 */
export function flowStrokeWidth(step: number, steps: number): number {
  return 1.5 + Math.max(0, Math.min(Math.round(step), steps - 1)) * 1.5;
}

function inside([x, y]: [number, number], frame: Frame): boolean {
  return x >= 0 && y >= 0 && x <= frame.width && y <= frame.height;
}

function kindClass(base: string, kind: string | undefined): string {
  return kind && /^[a-z0-9-]+$/.test(kind) ? `${base} ${base}-${kind}` : base;
}

/**
 * A flow as a quadratic curve bending to its left (so that A→B and B→A stay apart), ending in an
 * arrowhead whose size follows the line's width; the curve stops at the arrowhead's base.
 */
function curve([x0, y0]: [number, number], [x1, y1]: [number, number], strokeWidth: number): { d: string; arrow: string } {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const length = Math.hypot(dx, dy);
  const cx = (x0 + x1) / 2 + dy * 0.2;
  const cy = (y0 + y1) / 2 - dx * 0.2;
  const tx = x1 - cx;
  const ty = y1 - cy;
  const tangent = Math.hypot(tx, ty) || 1;
  const [ux, uy] = [tx / tangent, ty / tangent];
  // In map units, so it shrinks with the map: large enough to read at a third of its size.
  const head = Math.min(9 + strokeWidth * 3, length / 3);
  const [bx, by] = [x1 - ux * head, y1 - uy * head];
  const half = head * 0.55;
  const n = (value: number) => String(Math.round(value * 10) / 10);
  return {
    d: `M${n(x0)},${n(y0)}Q${n(cx)},${n(cy)} ${n(bx)},${n(by)}`,
    arrow: `M${n(x1)},${n(y1)}L${n(bx - uy * half)},${n(by + ux * half)}L${n(bx + uy * half)},${n(by - ux * half)}Z`,
  };
}

/**
 * The spec as an SVG document fragment: `role="img"` named by its `<title>` and `<desc>`, each
 * filled country, dot, shape, flow and point with its own `<title>`. Links (`href`) serve the mouse
 * and touch; they are out of the tab order (`tabindex="-1"`) because the data table beside every
 * map holds the same links for keyboards and screen readers, which an image does not expose.
 */
export function renderMapSvg(spec: MapSpec, id = `map-${hash(spec.title)}`): string {
  const key = `${id}\u0000${JSON.stringify(spec)}`;
  const cached = renderedMaps.get(key);
  if (cached !== undefined) return cached;
  const svg = drawMapSvg(spec, id);
  if (renderedMaps.size >= RENDERED_MAPS) renderedMaps.delete(renderedMaps.keys().next().value as string);
  renderedMaps.set(key, svg);
  return svg;
}

/**
 * Maps drawn lately, by their spec: a page shows the same maps until its figures change, and a
 * fitted map takes ~30 ms to project (a world map 2 ms). At most ~150 KB each: 64 hold under 10 MB.
 */
const RENDERED_MAPS = 64;
const renderedMaps = new Map<string, string>();

function drawMapSvg(spec: MapSpec, id: string): string {
  const drawing = mapDrawing(spec);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="world-map" viewBox="0 0 ${drawing.width} ${drawing.height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escape(spec.title)}</title><desc id="${id}-desc">${escape(spec.description)}</desc>`,
 ...(drawing.sea ? [`<rect width="${drawing.width}" height="${drawing.height}" fill="${drawing.sea}"/>`] : []),
    // Borders and flow lines keep their width in screen pixels however small the map is drawn (a PDF has no such need).
    '<style>.map-countries path,.map-flow .map-flow-line{vector-effect:non-scaling-stroke}</style>',
    `<g class="map-countries" stroke="${drawing.borderColour}" stroke-width="0.75" stroke-linejoin="round">`,
  ];
  for (const country of drawing.countries) {
    const title = country.label ? `<title>${escape(country.label)}</title>` : '';
    const path = `<path d="${country.d}" fill="${country.fill}"${country.country ? ` data-country="${country.country}"` : ''}>${title}</path>`;
    parts.push(link(country.href, path));
  }
  for (const dot of drawing.dots) {
    parts.push(link(dot.href, `<circle cx="${dot.x}" cy="${dot.y}" r="${dot.r}" fill="${dot.fill}" data-country="${dot.country}"><title>${escape(dot.label)}</title></circle>`));
  }
  parts.push('</g>');
  for (const shape of drawing.shapes) {
    parts.push(`<path class="${shape.className}" d="${shape.d}" fill="${shape.fill}" fill-opacity="0.3" stroke="${shape.stroke}" stroke-width="1.5"><title>${escape(shape.label)}</title></path>`);
  }
  for (const flow of drawing.flows) {
    parts.push(
      `<g class="map-flow" data-from="${flow.from}" data-to="${flow.to}"><title>${escape(flow.label)}</title>` +
        `<path class="map-flow-line" d="${flow.d}" fill="none" stroke="${flow.colour}" stroke-width="${flow.strokeWidth}" stroke-linecap="round" stroke-opacity="0.85"/>` +
        `<path d="${flow.arrow}" fill="${flow.colour}"/></g>`,
    );
  }
  for (const point of drawing.points) {
    parts.push(link(point.href, `<circle class="${point.className}" cx="${point.x}" cy="${point.y}" r="${point.r}" fill="${point.fill}" stroke="#fff" stroke-width="1.5"><title>${escape(point.label)}</title></circle>`));
  }
  parts.push('</svg>');
  return parts.join('');
}

function link(href: string | undefined, content: string): string {
  return href ? `<a href="${escape(href)}" tabindex="-1">${content}</a>` : content;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A short stable id from the title, so that two maps on a page name their own title and description. */
function hash(text: string): string {
  let value = 0;
  for (let index = 0; index < text.length; index++) value = (Math.imul(value, 31) + text.charCodeAt(index)) >>> 0;
  return value.toString(36);
}
