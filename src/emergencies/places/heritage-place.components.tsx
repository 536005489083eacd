import { raw } from 'hono/html';
import type { MapTilesSettings } from '../../config/map-tiles-settings.js';
import type { Lang } from '../../i18n/languages.js';
import { renderMapSvg } from '../../maps/world-map.js';
import type { MapSpec } from '../../maps/map-spec.js';
import { TileView } from '../../maps/map-tiles.js';
import type { PageContext } from '../../web/page-context.js';
import type { Condition, DamageExtent } from '../heritage-place-contract.js';
import { boundingBox, centreOf, regionPolygon } from './geometry.js';
import type { PlaceView } from './heritage-place.service.js';

/** The place's name in the reader's language, else in English, else its first. */
export function placeName(names: Record<string, string>, lang: Lang): string {
  return names[lang] ?? names['en'] ?? Object.values(names)[0] ?? '';
}

export function ConditionText({ condition, page }: { condition: Condition | null | undefined; page: PageContext }) {
  return <span class={`condition condition-${condition ?? 'none'}`}>{condition ? page.t(`places.condition.${condition}`) : page.t('places.notAssessed')}</span>;
}

export function damageText(extent: DamageExtent, page: PageContext): string {
  if (extent === 'none') return page.t('places.damage.none');
  if (extent === 'unknown') return page.t('places.damage.unknown');
  return page.t('places.damage.share', { band: extent.replace('-', '–') });
}

/**
 * The place on a map: its point or outline for those who see its position, else only its
 * generalised region — the spec is built from the region alone, so no drawn coordinate (nor
 * anything in the SVG or the tile view) derives from the position.
 */
export function PlaceMap({ place, page, tiles }: { place: PlaceView; page: PageContext; tiles: MapTilesSettings | undefined }) {
  const name = placeName(place.names, page.lang);
  let spec: MapSpec;
  if (place.geometry) {
    const exact = place.geometry;
    const centre = centreOf(boundingBox(exact));
    spec = {
      title: page.t('places.map'),
      description: page.t('places.map.exact', { name }),
      extent: 'fit',
      ...(exact.type === 'Point' ? { points: [{ ...centre, label: name, kind: place.latestAssessment?.condition ?? 'none' }] } : { shapes: [{ geometry: exact, label: name, kind: 'place' }] }),
    };
  } else {
    spec = { title: page.t('places.map'), description: page.t('places.map.region', { name }), extent: 'fit', shapes: [{ geometry: regionPolygon(place.region), label: name, kind: 'region' }] };
  }
  return (
    <figure class="place-map">
      {raw(renderMapSvg(spec, `map-${place.id}`))}
      <TileView spec={spec} tiles={tiles} />
      {!place.geometry && <figcaption class="notice">{page.t('places.region.notice')}</figcaption>}
    </figure>
  );
}
