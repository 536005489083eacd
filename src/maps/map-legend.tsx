/**
 * A map's legend as HTML beside the map (not inside the SVG, where a screen reader would not reach it
 * and a phone would shrink it): a list of colour swatches and what each stands for.
 */
import { FLOW_COLOUR, MAP_BORDER, NO_DATA_FILL, stepColour } from './map-colours.js';
import { flowStrokeWidth } from './world-map.js';

export interface LegendItem {
  /** A fill class (0 … steps-1), or null for "no data or fewer than the threshold". */
  step: number | null;
  label: string;
}

/** `fill` shows colour swatches (a choropleth), `line` the widths of flows. */
export function MapLegend({ caption, steps, items, kind = 'fill' }: { caption: string; steps: number; items: LegendItem[]; kind?: 'fill' | 'line' }) {
  return (
    <figure class="map-legend">
      <figcaption>{caption}</figcaption>
      <ul>
        {items.map((item) => (
          <li>
            {kind === 'line' ? (
              <svg width="24" height="16" viewBox="0 0 24 16" aria-hidden="true" focusable="false">
                <line x1="1" y1="8" x2="23" y2="8" stroke={FLOW_COLOUR} stroke-width={flowStrokeWidth(item.step ?? 0, steps)} stroke-linecap="round" />
              </svg>
            ) : (
              <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <rect x="0.5" y="0.5" width="15" height="15" fill={item.step === null ? NO_DATA_FILL : stepColour(item.step, steps)} stroke={MAP_BORDER} />
              </svg>
            )}{' '}
            {item.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
