/**
 * What the yearly report draws beside the text layout of src/pdf/: bar charts and tables of a
 * chart's rows, a month series as columns, and a map's projected paths. Pure drawing on the layout's
 * PDFKit document: the figures and words come from observatory-report.ts.
 */
import { legendMark, type LegendItem, type LegendKind } from '../maps/map-legend.js';
import type { MapSpec } from '../maps/map-spec.js';
import { mapDrawing } from '../maps/world-map.js';
import { MUTED, type PdfLayout } from '../pdf/pdf-layout.js';

const INK = '#1a1a1a';
/** Bars: a dark teal, 7.4:1 on white, still dark when printed in grey. */
const BAR = '#1b5e6b';
/** A suppressed cell's bar: an outline only, so that no length suggests a value. */
const SUPPRESSED_STROKE = '#6b6b6b';
const RULE = '#b3b3b3';
const ZEBRA = '#f2f2f2';
const BODY = 9;
const ROW_HEIGHT = 15;
const LEGEND_COLUMNS = 3;
const LEGEND_LINE = 13;

/** A row as drawn: its label, its value when published (null: fewer than the threshold), and the text shown for its count. */
export interface DrawnRow {
  label: string;
  value: number | null;
  shown: string;
}

function left(layout: PdfLayout): number {
  return layout.doc.page.margins.left;
}

/**
 * Horizontal bars, one per row (at most `limit`, the table holding the others), each with its
 * count at its end; a suppressed row gets an empty outlined stub and its "fewer than" text.
 */
export function barChart(layout: PdfLayout, rows: readonly DrawnRow[], options: { limit?: number } = {}): void {
  const { doc } = layout;
  const shown = rows.slice(0, options.limit ?? rows.length);
  if (shown.length === 0) return;
  const labelWidth = Math.min(170, layout.contentWidth * 0.36);
  const countWidth = 70;
  const barWidth = layout.contentWidth - labelWidth - countWidth - 12;
  const max = Math.max(1, ...shown.map((row) => row.value ?? 0));
  const height = 12;
  for (const row of shown) {
    layout.keepTogether(height + 4);
    const y = doc.y;
    const x = left(layout);
    doc.font('regular').fontSize(BODY - 0.5).fillColor(INK).text(row.label, x, y + 1.5, { width: labelWidth - 6, height: height, ellipsis: true, lineBreak: false });
    const barX = x + labelWidth;
    if (row.value === null) {
      doc.lineWidth(0.75).dash(2, { space: 2 }).strokeColor(SUPPRESSED_STROKE).rect(barX, y + 1, 14, height - 2).stroke().undash();
    } else if (row.value > 0) {
      doc.rect(barX, y + 1, Math.max(1, (row.value / max) * barWidth), height - 2).fill(BAR);
    }
    const end = barX + (row.value === null ? 14 : (Math.max(0, row.value) / max) * barWidth);
    doc.font('regular').fontSize(BODY - 0.5).fillColor(row.value === null ? MUTED : INK).text(row.shown, end + 4, y + 1.5, { width: countWidth + barWidth - (end - barX), lineBreak: false });
    doc.y = y + height + 3;
  }
  layout.space(6);
}

/** Columns, one per row (months), their labels below; suppressed ones outlined at the foot. */
export function columnChart(layout: PdfLayout, rows: readonly DrawnRow[], options: { caption: string }): void {
  const { doc } = layout;
  if (rows.length === 0) return;
  const chartHeight = 110;
  const labelHeight = 14;
  layout.keepTogether(chartHeight + labelHeight + 28);
  const x0 = left(layout);
  const top = doc.y + 12;
  const max = Math.max(1, ...rows.map((row) => row.value ?? 0));
  const slot = layout.contentWidth / rows.length;
  const width = Math.min(28, slot * 0.7);
  doc.lineWidth(0.5).strokeColor(RULE).moveTo(x0, top + chartHeight).lineTo(x0 + layout.contentWidth, top + chartHeight).stroke();
  rows.forEach((row, index) => {
    const x = x0 + index * slot + (slot - width) / 2;
    if (row.value === null) {
      doc.lineWidth(0.75).dash(2, { space: 2 }).strokeColor(SUPPRESSED_STROKE).rect(x, top + chartHeight - 8, width, 8).stroke().undash();
    } else if (row.value > 0) {
      const h = Math.max(1, (row.value / max) * chartHeight);
      doc.rect(x, top + chartHeight - h, width, h).fill(BAR);
    }
    // A suppressed column says so by its dashed box and the caption: its words would not fit.
    if (row.value !== null) {
      const valueY = top + chartHeight - (Math.max(0, row.value) / max) * chartHeight - 10;
      doc.font('regular').fontSize(6.5).fillColor(INK).text(row.shown, x0 + index * slot, valueY, { width: slot, align: 'center', lineBreak: false });
    }
    doc.font('regular').fontSize(7).fillColor(INK).text(row.label, x0 + index * slot, top + chartHeight + 3, { width: slot, align: 'center', lineBreak: false });
  });
  doc.y = top + chartHeight + labelHeight + 2;
  doc.font('italic').fontSize(7.5).fillColor(MUTED).text(options.caption, x0, doc.y, { width: layout.contentWidth });
  layout.space(8);
}

/**
 * A table: a header row, then one row per line, the first column left and the others right aligned;
 * a table longer than the page goes on with its header repeated.
 */
export function table(layout: PdfLayout, headers: readonly string[], lines: ReadonlyArray<readonly string[]>): void {
  const { doc } = layout;
  const x0 = left(layout);
  const others = headers.length - 1;
  const numberWidth = Math.min(110, (layout.contentWidth * 0.45) / Math.max(1, others));
  const firstWidth = layout.contentWidth - numberWidth * others;
  const columnX = (index: number) => (index === 0 ? x0 : x0 + firstWidth + (index - 1) * numberWidth);
  const columnWidth = (index: number) => (index === 0 ? firstWidth : numberWidth);
  const drawRow = (cells: readonly string[], header: boolean, shaded: boolean) => {
    const y = doc.y;
    if (shaded) doc.rect(x0, y, layout.contentWidth, ROW_HEIGHT).fill(ZEBRA);
    doc.font(header ? 'bold' : 'regular').fontSize(BODY).fillColor(INK);
    cells.forEach((cell, index) => {
      doc.text(cell, columnX(index) + 4, y + 3.5, { width: columnWidth(index) - 8, align: index === 0 ? 'left' : 'right', height: ROW_HEIGHT, ellipsis: true, lineBreak: false });
    });
    if (header) doc.lineWidth(0.75).strokeColor(INK).moveTo(x0, y + ROW_HEIGHT).lineTo(x0 + layout.contentWidth, y + ROW_HEIGHT).stroke();
    doc.y = y + ROW_HEIGHT;
  };
  // A table never starts with its header alone at a page's foot.
  layout.keepTogether(ROW_HEIGHT * 3);
  drawRow(headers, true, false);
  lines.forEach((cells, index) => {
    const page = doc.bufferedPageRange().count;
    layout.keepTogether(ROW_HEIGHT);
    if (doc.bufferedPageRange().count !== page) drawRow(headers, true, false);
    drawRow(cells, false, index % 2 === 1);
  });
  doc.lineWidth(0.5).strokeColor(RULE).moveTo(x0, doc.y).lineTo(x0 + layout.contentWidth, doc.y).stroke();
  layout.space(10);
}

/**
 * A map of the pages (observatory-maps.ts: the same spec, classes and legend) projected by
 * src/maps/world-map.ts and fitted to the text's width, its legend below (a swatch or a line and its
 * words per entry).
 */
export function mapFigure(layout: PdfLayout, figure: { spec: MapSpec; legend: readonly LegendItem[] }, kind: LegendKind): void {
  const { doc } = layout;
  const map = mapDrawing(figure.spec);
  const steps = figure.spec.steps ?? 1;
  const legend = figure.legend.map((item) => ({ ...legendMark(item, steps, kind), label: item.label }));
  const scale = layout.contentWidth / map.width;
  const height = map.height * scale;
  const legendHeight = Math.ceil(legend.length / LEGEND_COLUMNS) * LEGEND_LINE + 6;
  layout.keepTogether(height + legendHeight + 8);
  const x0 = left(layout);
  const top = doc.y;
  doc.save();
  doc.rect(x0, top, layout.contentWidth, height).clip();
  doc.translate(x0, top).scale(scale);
  // Borders stay a quarter point wide whatever the scale.
  doc.lineWidth(0.25 / scale).lineJoin('round');
  for (const country of map.countries) doc.path(country.d).fillAndStroke(country.fill, map.borderColour);
  for (const dot of map.dots) doc.circle(dot.x, dot.y, dot.r).fillAndStroke(dot.fill, map.borderColour);
  for (const flow of map.flows) {
    doc.lineWidth(flow.strokeWidth).lineCap('round').strokeOpacity(0.85).path(flow.d).stroke(flow.colour);
    doc.strokeOpacity(1).path(flow.arrow).fill(flow.colour);
  }
  doc.restore();
  doc.lineWidth(0.5).strokeColor(RULE).rect(x0, top, layout.contentWidth, height).stroke();
  let y = top + height + 6;
  const cell = layout.contentWidth / LEGEND_COLUMNS;
  legend.forEach((entry, index) => {
    const x = x0 + (index % LEGEND_COLUMNS) * cell;
    if (index > 0 && index % LEGEND_COLUMNS === 0) y += LEGEND_LINE;
    if (entry.line !== undefined) doc.lineWidth(entry.line * scale).strokeColor(entry.colour).moveTo(x, y + 4.5).lineTo(x + 14, y + 4.5).stroke();
    else doc.lineWidth(0.5).rect(x, y, 14, 9).fillAndStroke(entry.colour, RULE);
    doc.font('regular').fontSize(7.5).fillColor(INK).text(entry.label, x + 18, y + 1, { width: cell - 22, lineBreak: false, ellipsis: true });
  });
  doc.y = y + LEGEND_LINE + 4;
}
