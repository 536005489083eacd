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

/** `fill` is a choropleth's colour swatches, `line` the widths of flows. */
export type LegendKind = 'fill' | 'line';

/** What an entry shows: a swatch's colour, or a flow's colour and line width; pages and PDFs draw the same marks. */
export function legendMark(item: LegendItem, steps: number, kind: LegendKind): { colour: string; line?: number } {
  if (kind === 'line') return { colour: FLOW_COLOUR, line: flowStrokeWidth(item.step ?? 0, steps) };
  return { colour: item.step === null ? NO_DATA_FILL : stepColour(item.step, steps) };
}

export function MapLegend({ caption, steps, items, kind = 'fill' }: { caption: string; steps: number; items: LegendItem[]; kind?: LegendKind }) {
  return (
    <figure class="map-legend">
      <figcaption>{caption}</figcaption>
      <ul>
        {items.map((item) => {
          const mark = legendMark(item, steps, kind);
          return (
            <li>
              {mark.line !== undefined ? (
                <svg width="24" height="16" viewBox="0 0 24 16" aria-hidden="true" focusable="false">
                  <line x1="1" y1="8" x2="23" y2="8" stroke={mark.colour} stroke-width={mark.line} stroke-linecap="round" />
                </svg>
              ) : (
                <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                  <rect x="0.5" y="0.5" width="15" height="15" fill={mark.colour} stroke={MAP_BORDER} />
                </svg>
              )}{' '}
              {item.label}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
