/**
 * The observatory's charts as SVG drawn on the server: horizontal bars for breakdowns (a label above
 * each bar, so long labels fit a phone), columns for years, a line for the months of a year. Each is
 * an image named by its title and described by the summary sentence beside it; the numbers drawn are
 * the ones the data table gives. Scales with its box (viewBox, width 100 %).
 */
import type { ChartRow } from './observatory-figures.js';

/** The drawing's own width: the phone's column (390 px less margins) draws it at about 1:1, so 12 px text stays 12 px. */
const WIDTH = 360;
const BAR_ROW = 34;
const BAR_COLOUR = '#225ea8';
const TEXT_COLOUR = '#1f1f1f';
const GRID_COLOUR = '#c8c8c8';
/** Beyond this many characters a bar's label is cut (the table gives it whole): ~ the drawing's width at 12 px. */
const LABEL_CHARS = 52;

export interface SvgChartProps {
  rows: readonly ChartRow[];
  /** The count as the page writes it ("120", "fewer than 5"). */
  count: (row: ChartRow) => string;
  title: string;
  /** Id of the element whose text describes the chart (the summary sentence). */
  describedBy: string;
}

/** A time axis: every year or month in order, each with its row or null when nothing is published for it. */
export interface TimeSlot {
  key: string;
  tick: string;
  row: ChartRow | null;
}

export interface TimeChartProps {
  slots: readonly TimeSlot[];
  count: (row: ChartRow) => string;
  title: string;
  describedBy: string;
}

const valueOf = (row: ChartRow) => ('value' in row.count ? row.count.value : 0);
const cut = (label: string) => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label);

/** Breakdowns: one bar per row, its label above it and its count at its end. */
export function BarChart({ rows, count, title, describedBy }: SvgChartProps) {
  const max = Math.max(1, ...rows.map(valueOf));
  const room = WIDTH - 90;
  const height = Math.max(BAR_ROW, rows.length * BAR_ROW);
  return (
    <svg class="obs-chart" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title} aria-describedby={describedBy}>
      {rows.map((row, index) => {
        const y = index * BAR_ROW;
        const length = Math.round((valueOf(row) / max) * room);
        return (
          <g>
            <text x="0" y={y + 12} font-size="12" fill={TEXT_COLOUR}>
              {cut(row.label)}
            </text>
            {length > 0 && <rect x="0" y={y + 16} width={length} height="12" fill={BAR_COLOUR} />}
            <text x={length + 4} y={y + 27} font-size="11" fill={TEXT_COLOUR}>
              {count(row)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Years: one column each, labelled below (every few years when there are many), counts above when they fit. */
export function ColumnChart({ slots, count, title, describedBy }: TimeChartProps) {
  const height = 200;
  const [left, top, bottom] = [8, 18, 24];
  const plot = height - top - bottom;
  const max = Math.max(1, ...slots.map((slot) => (slot.row ? valueOf(slot.row) : 0)));
  const step = (WIDTH - left * 2) / Math.max(1, slots.length);
  // Labels need ~34 px (a year at 11 px); counts above columns only when every one fits.
  const labelEvery = Math.max(1, Math.ceil(34 / step));
  const countsFit = step >= 30;
  return (
    <svg class="obs-chart" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title} aria-describedby={describedBy}>
      <line x1={left} x2={WIDTH - left} y1={top + plot} y2={top + plot} stroke={GRID_COLOUR} />
      {slots.map((slot, index) => {
        const x = left + index * step;
        const barHeight = slot.row ? Math.round((valueOf(slot.row) / max) * plot) : 0;
        return (
          <g>
            {barHeight > 0 && <rect x={round(x + step * 0.15)} y={top + plot - barHeight} width={round(step * 0.7)} height={barHeight} fill={BAR_COLOUR} />}
            {countsFit && slot.row && (
              <text x={round(x + step / 2)} y={top + plot - barHeight - 4} font-size="10" text-anchor="middle" fill={TEXT_COLOUR}>
                {'value' in slot.row.count ? count(slot.row) : `<${slot.row.count.fewerThan}`}
              </text>
            )}
            {index % labelEvery === 0 && (
              <text x={round(x + step / 2)} y={height - 8} font-size="11" text-anchor="middle" fill={TEXT_COLOUR}>
                {slot.tick}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Months of a year: a line through the published counts, broken where a month has none. */
export function LineChart({ slots, count, title, describedBy }: TimeChartProps) {
  const height = 200;
  const [left, top, bottom] = [16, 18, 24];
  const plot = height - top - bottom;
  const max = Math.max(1, ...slots.map((slot) => (slot.row ? valueOf(slot.row) : 0)));
  const step = (WIDTH - left * 2) / Math.max(1, slots.length - 1);
  const at = (index: number, row: ChartRow) => [round(left + index * step), round(top + plot - (valueOf(row) / max) * plot)] as const;
  const segments: string[] = [];
  let current = '';
  slots.forEach((slot, index) => {
    if (!slot.row || !('value' in slot.row.count)) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    const [x, y] = at(index, slot.row);
    current += `${current ? 'L' : 'M'}${x},${y}`;
  });
  if (current) segments.push(current);
  return (
    <svg class="obs-chart" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title} aria-describedby={describedBy}>
      <line x1={left} x2={WIDTH - left} y1={top + plot} y2={top + plot} stroke={GRID_COLOUR} />
      {segments.map((d) => (
        <path d={d} fill="none" stroke={BAR_COLOUR} stroke-width="2.5" stroke-linejoin="round" />
      ))}
      {slots.map((slot, index) => {
        const x = round(left + index * step);
        const point = slot.row && at(index, slot.row);
        return (
          <g>
            {slot.row && point && (
              <>
                <circle cx={point[0]} cy={point[1]} r="3.5" fill={'value' in slot.row.count ? BAR_COLOUR : '#ffffff'} stroke={BAR_COLOUR} />
                <text x={point[0]} y={point[1] - 7} font-size="10" text-anchor="middle" fill={TEXT_COLOUR}>
                  {'value' in slot.row.count ? count(slot.row) : `<${slot.row.count.fewerThan}`}
                </text>
              </>
            )}
            {index % 2 === 0 && (
              <text x={x} y={height - 8} font-size="11" text-anchor="middle" fill={TEXT_COLOUR}>
                {slot.tick}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
