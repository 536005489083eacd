/**
 * The detailed base map beside a drawn map, where a tile server is configured (`EGIDE_MAP_TILES`):
 * a container that `map-tiles.js` fills with the server's tiles and the spec's points and shapes.
 * The SVG map stays the map (readable without JavaScript, named for screen readers); the tiles are
 * decorative, hidden from assistive technology, with the credit their licence asks for beneath.
 */
import type { Geometry, Position } from 'geojson';
import type { MapTilesSettings } from '../config/map-tiles-settings.js';
import { assetUrl } from '../web/assets.js';
import { POINT_FILL, SHAPE_FILL, SHAPE_STROKE } from './map-colours.js';
import type { MapSpec } from './map-spec.js';
import { validPoint } from './world-map.js';

/** What the script receives: the tile template and the spec's own points and shapes, nothing else. */
export interface TileViewData {
  template: string;
  points: Position[];
  shapes: Geometry[];
  colours: { point: string; fill: string; stroke: string };
}

/**
 * The tile view's data, taken from the spec the SVG is drawn from: whatever the SVG may not show (a
 * sensitive place's position, for those who see its region) is not in the spec, so not here either.
 * Country fills are left to the base map. Null when there is nothing to place on the tiles.
 */
export function tileViewData(spec: MapSpec, tiles: MapTilesSettings): TileViewData | null {
  const points = (spec.points ?? []).filter(validPoint).map((point): Position => [point.lon, point.lat]);
  const shapes = (spec.shapes ?? []).map((shape) => shape.geometry);
  if (points.length === 0 && shapes.length === 0) return null;
  return { template: tiles.template, points, shapes, colours: { point: POINT_FILL, fill: SHAPE_FILL, stroke: SHAPE_STROKE } };
}

/** Hidden until the script fills it, so that without JavaScript nothing empty shows. */
export function TileView({ spec, tiles }: { spec: MapSpec; tiles: MapTilesSettings | undefined }) {
  const data = tiles && tileViewData(spec, tiles);
  if (!tiles || !data) return null;
  return (
    <>
      <div class="map-tiles" data-map-tiles={JSON.stringify(data)} hidden>
        <div class="map-tiles-view" aria-hidden="true"></div>
        <p class="map-tiles-attribution">{tiles.attribution}</p>
      </div>
      <script type="module" src={assetUrl('map-tiles.js')}></script>
    </>
  );
}
