/**
 * The yearly report's maps: a chart's rows as a MapSpec (countries in classes, flows in line
 * widths), projected by src/maps/world-map.ts, the same projection and shapes as the pages' SVG.
 */
import { FLOW_COLOUR, NO_DATA_FILL, stepColour } from '../maps/map-colours.js';
import type { MapSpec } from '../maps/map-spec.js';
import { mapDrawing } from '../maps/world-map.js';
import type { PdfLayout } from '../pdf/pdf-layout.js';
import type { ObservatoryChart, PublishedCount } from './observatory-figures.js';
import { mapFigure } from './observatory-report-drawing.js';

/** Five classes: more are hard to tell apart in print, fewer flatten a year's spread over ~25 countries. */
const STEPS = 5;
/** The PDF map's width in projection units: the text's width at A4 is ~483 pt, so borders stay fine. */
const MAP_WIDTH = 960;

interface MapText {
  title: string;
  shown: (count: PublishedCount) => string;
}

/**
 * Class boundaries over the published values: the values sorted, cut into `steps` groups of about
 * the same number of countries (quantiles), each class named by its lowest and highest value.
 */
export function valueClasses(values: readonly number[], steps = STEPS): Array<{ min: number; max: number }> {
  const sorted = [...new Set(values.filter((value) => value > 0))].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const count = Math.min(steps, sorted.length);
  return Array.from({ length: count }, (_, index) => ({
    min: sorted[Math.floor((index * sorted.length) / count)]!,
    max: sorted[Math.floor(((index + 1) * sorted.length) / count) - 1]!,
  }));
}

function classOf(value: number, classes: ReadonlyArray<{ min: number; max: number }>): number {
  const index = classes.findIndex((entry) => value <= entry.max);
  return index < 0 ? classes.length - 1 : index;
}

/** Countries coloured by their published count; suppressed and empty ones left white. */
export function choroplethFigure(layout: PdfLayout, chart: ObservatoryChart, text: MapText & { noData: string }): void {
  const { rows } = chart;
  const values = rows.flatMap((row) => ('value' in row.count ? [row.count.value] : []));
  const classes = valueClasses(values);
  const spec: MapSpec = {
    title: text.title,
    description: text.title,
    steps: Math.max(1, classes.length),
    width: MAP_WIDTH,
    countries: rows.map((row) => ({
      country: row.key,
      step: 'value' in row.count && row.count.value > 0 ? classOf(row.count.value, classes) : null,
      label: `${row.label}: ${text.shown(row.count)}`,
    })),
  };
  const legend = [
    ...classes.map((entry, index) => ({ colour: stepColour(index, classes.length), label: entry.min === entry.max ? String(entry.min) : `${entry.min}–${entry.max}` })),
    { colour: NO_DATA_FILL, label: text.noData },
  ];
  mapFigure(layout, mapDrawing(spec), legend);
}

/** Flows from the country of theft to where the object resurfaced, wider for more objects. */
export function flowFigure(layout: PdfLayout, chart: ObservatoryChart, text: MapText): void {
  const values = chart.rows.flatMap((row) => ('value' in row.count ? [row.count.value] : []));
  const classes = valueClasses(values, 3);
  const flows = chart.rows.flatMap((row) => {
    if (!row.from || !row.to) return [];
    // A suppressed flow is drawn thinnest: its line says only that some objects took that route.
    const step = 'value' in row.count && classes.length > 0 ? classOf(row.count.value, classes) : 0;
    return [{ from: row.from, to: row.to, step, label: `${row.label}: ${text.shown(row.count)}` }];
  });
  const steps = Math.max(1, classes.length);
  const spec: MapSpec = { title: text.title, description: text.title, steps, width: MAP_WIDTH, flows };
  const drawing = mapDrawing(spec);
  // Each class's line as drawn (the drawing leaves out a flow between unknown countries).
  const widths = new Map<number, number>();
  for (const flow of flows) {
    const drawn = drawing.flows.find((candidate) => candidate.from === flow.from.toUpperCase() && candidate.to === flow.to.toUpperCase());
    if (drawn) widths.set(flow.step, drawn.strokeWidth);
  }
  const legend = classes.flatMap((entry, index) => {
    const line = widths.get(index);
    return line === undefined ? [] : [{ colour: FLOW_COLOUR, line, label: entry.min === entry.max ? String(entry.min) : `${entry.min}–${entry.max}` }];
  });
  mapFigure(layout, drawing, legend);
}
