// Progressive enhancement for maps, where a tile server is configured: beside the server-drawn SVG
// map, a detailed base map of tiles at one zoom fitted to the page's points and shapes, those drawn
// on top. It draws exactly what the page gave it (for a sensitive place seen by the public, the
// whole-degree cells, never a position). Decorative: the SVG map and its text say the same for
// keyboards and screen readers; no pan nor zoom to operate.
const TILE = 256;
// Closer than a neighbourhood says nothing more about a place, and many servers stop at 18.
const MAX_ZOOM = 16;
const PADDING = 24;
const MAX_HEIGHT = 420;
const SVG = 'http://www.w3.org/2000/svg';

/** Web Mercator, as XYZ tiles use it: [0, 1] across the world, from the west and the north. */
function project([lon, lat]) {
  const sin = Math.min(Math.max(Math.sin((lat * Math.PI) / 180), -0.9999), 0.9999);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)];
}

/** Every position of GeoJSON coordinates, however deeply nested. */
function positions(coordinates) {
  return typeof coordinates[0] === 'number' ? [coordinates] : coordinates.flatMap(positions);
}

/** Each ring of a shape (a Polygon or MultiPolygon, as maps have them), as lists of positions. */
function rings(geometry) {
  if (geometry.type === 'Polygon') return geometry.coordinates;
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat();
  return [];
}

/** The largest zoom at which the span fits the frame (inside its padding). */
function fittingZoom(spanX, spanY, width, height) {
  const fit = (span, room) => (span > 0 ? Math.log2(Math.max(room - 2 * PADDING, 1) / (span * TILE)) : MAX_ZOOM);
  return Math.max(0, Math.min(MAX_ZOOM, Math.floor(Math.min(fit(spanX, width), fit(spanY, height)))));
}

function draw(container, data) {
  const view = container.querySelector('.map-tiles-view');
  container.hidden = false;
  const width = view.clientWidth;
  const height = Math.round(Math.min(width * 0.75, MAX_HEIGHT));
  const projected = [...data.points, ...data.shapes.flatMap((shape) => positions(shape.coordinates))].map(project);
  const xs = projected.map(([x]) => x);
  const ys = projected.map(([, y]) => y);
  const [west, east, north, south] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const zoom = fittingZoom(east - west, south - north, width, height);
  const world = TILE * 2 ** zoom;
  const left = ((west + east) / 2) * world - width / 2;
  // Kept inside the world's height where it is taller than the frame: no blank band above the Arctic.
  const top = Math.min(Math.max(((north + south) / 2) * world - height / 2, 0), Math.max(world - height, 0));
  const at = ([x, y]) => [Math.round((x * world - left) * 10) / 10, Math.round((y * world - top) * 10) / 10];

  Object.assign(view.style, { position: 'relative', overflow: 'hidden', height: `${height}px`, background: '#e3eef6' });
  view.dataset.zoom = String(zoom);
  const count = 2 ** zoom;
  for (let ty = Math.max(0, Math.floor(top / TILE)); ty <= Math.min(count - 1, Math.floor((top + height - 1) / TILE)); ty++) {
    for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + width - 1) / TILE); tx++) {
      const img = document.createElement('img');
      img.alt = '';
      img.decoding = 'async';
      // Some tile servers require a Referer: the site's origin, never the page (which names a place).
      img.referrerPolicy = 'origin';
      Object.assign(img.style, { position: 'absolute', left: `${tx * TILE - left}px`, top: `${ty * TILE - top}px`, width: `${TILE}px`, height: `${TILE}px`, maxWidth: 'none' });
      // A tile the server cannot give leaves the sea colour, not a broken image.
      img.addEventListener('error', () => img.remove());
      const x = ((tx % count) + count) % count;
      img.src = data.template.replaceAll('{z}', String(zoom)).replaceAll('{x}', String(x)).replaceAll('{y}', String(ty));
      view.append(img);
    }
  }

  const overlay = document.createElementNS(SVG, 'svg');
  overlay.setAttribute('viewBox', `0 0 ${width} ${height}`);
  overlay.setAttribute('class', 'map-tiles-overlay');
  Object.assign(overlay.style, { position: 'absolute', left: '0', top: '0', width: `${width}px`, height: `${height}px` });
  for (const shape of data.shapes) {
    const d = rings(shape)
      .map((ring) => `M${ring.map((position) => at(project(position)).join(',')).join('L')}Z`)
      .join('');
    if (!d) continue;
    const path = document.createElementNS(SVG, 'path');
    for (const [name, value] of [['d', d], ['fill', data.colours.fill], ['fill-opacity', '0.3'], ['stroke', data.colours.stroke], ['stroke-width', '2'], ['fill-rule', 'evenodd']]) path.setAttribute(name, value);
    overlay.append(path);
  }
  for (const point of data.points) {
    const [cx, cy] = at(project(point));
    const circle = document.createElementNS(SVG, 'circle');
    for (const [name, value] of [['cx', cx], ['cy', cy], ['r', 7], ['fill', data.colours.point], ['stroke', '#fff'], ['stroke-width', '2']]) circle.setAttribute(name, String(value));
    overlay.append(circle);
  }
  view.append(overlay);
  const credit = container.querySelector('.map-tiles-attribution');
  Object.assign(credit.style, { fontSize: '.85rem', margin: '.25rem .5rem' });
}

for (const container of document.querySelectorAll('[data-map-tiles]')) {
  draw(container, JSON.parse(container.dataset.mapTiles));
}
