import type { Writable } from 'node:stream';
import { translator, type Translate } from '../../i18n/i18n.js';
import type { Lang } from '../../i18n/languages.js';
import { writePdf } from '../../pdf/pdf-document.js';
import { ACCENT, MUTED, type PdfLayout } from '../../pdf/pdf-layout.js';
import { PACKING_NEEDS, PRIORITIES, type PackingNeed, type Priority } from './evacuation-plan.js';
import type { ListRow } from './evacuation-plan.repository.js';

export interface EvacuationListHeader {
  museum: string;
  /** The day printed, as the reader says it. */
  date: string;
  counts: Record<Priority, number>;
}

const MARGIN = 56;
const TOP = 56;
const BOTTOM_RESERVE = 64;
const ROW_HEIGHT = 44;
const THUMB = 36;
const SMALL = 8;
const BODY = 8.5;
const INK = '#1a1a1a';
/**
 * Text in Latin-1 is set in the standard Helvetica (no font program to shape with: measured, a row
 * drawn 5× faster than with DejaVu, whose every word goes through fontkit's shaping); anything
 * else (Greek, Arabic, Korean…) in DejaVu, which covers it.
 */
const BEYOND_LATIN_1 = /[\u0100-\uffff]/;
function fontFor(text: string, weight: 'regular' | 'bold' | 'italic'): string {
  if (BEYOND_LATIN_1.test(text)) return weight;
  return weight === 'bold' ? 'Helvetica-Bold' : weight === 'italic' ? 'Helvetica-Oblique' : 'Helvetica';
}

/** Columns, in points from the left margin (483 pt of A4 between the margins). */
/** Word widths kept (font, size, word): ~10 MB at most, the words of a large collection's titles. */
const WIDTH_CACHE = 100_000;
const COLUMNS = { check: 0, thumb: 18, object: 60, location: 220, handling: 318, end: 483 } as const;

/**
 * Draws the evacuation list: a summary of the objects per priority, then every planned object in
 * order — priority, then building, floor, room, unit, shelf — one row each with a box to tick, its
 * thumbnail, inventory number, title, location, handling and packing; each page headed with the
 * museum and the date. `rows` comes in chunks from the database and is drawn as it comes: the
 * images leave memory once written.
 */
export async function writeEvacuationList(header: EvacuationListHeader, rows: AsyncIterable<ListRow[]>, lang: Lang, destination: Writable): Promise<void> {
  const t = translator(lang);
  const title = t('evacuation.list.title');
  await writePdf(
    {
      title: `${title} — ${header.museum}`,
      lang,
      author: header.museum,
      subject: t('evacuation.list.subject'),
      // No footer: each page is written once full (3,000 pages for 50,000 objects); its header numbers it.
    },
    (layout) => new EvacuationList(layout, header, t).draw(rows),
    destination,
  );
}

interface Style {
  weight?: 'regular' | 'bold' | 'italic';
  size?: number;
  color?: string;
}

class EvacuationList {
  private readonly doc: PDFKit.PDFDocument;
  private priority: number | undefined;
  private pageNumber = 0;
  /** Translated once: a row is drawn 50,000 times. */
  private readonly packingNames: Record<PackingNeed, string>;
  private readonly widths = new Map<string, number>();

  constructor(
    private readonly layout: PdfLayout,
    private readonly header: EvacuationListHeader,
    private readonly t: Translate,
  ) {
    this.doc = layout.doc;
    this.packingNames = Object.fromEntries(PACKING_NEEDS.map((need) => [need, t(`evacuation.packing.${need}`)])) as Record<PackingNeed, string>;
  }

  async draw(chunks: AsyncIterable<ListRow[]>): Promise<void> {
    this.page();
    this.summary();
    for await (const rows of chunks) {
      for (const row of rows) this.row(row);
      // Lets the PDF already drawn reach its destination before the next chunk is read.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.priority === undefined) this.put(this.t('evacuation.list.empty'), MARGIN, this.doc.y, { weight: 'italic', color: MUTED });
  }

  private get bottom(): number {
    return this.doc.page.height - BOTTOM_RESERVE;
  }

  /** `text` at (x, y) in its style and the font its script needs. */
  private put(text: string, x: number, y: number, style: Style, options: PDFKit.Mixins.TextOptions = {}): void {
    this.doc
      .font(fontFor(text, style.weight ?? 'regular'))
      .fontSize(style.size ?? BODY)
      .fillColor(style.color ?? INK)
      .text(text, x, y, options);
  }

  /**
   * A cell's text on at most `maxLines` lines of `width`, the last cut with … if need be. Lines are
   * broken here, from word widths measured once per font and size (titles and notes repeat their
   * words), and each set without PDFKit's line wrapper: measured, the wrapper (a new one per call)
   * was most of a row's cost, and a 50,000-row list took three times as long with it.
   */
  private cell(text: string, x: number, y: number, style: Style, width: number, maxLines: number): void {
    const font = fontFor(text, style.weight ?? 'regular');
    const size = style.size ?? BODY;
    this.doc.font(font).fontSize(size);
    const lines = this.breakLines(text, width, maxLines, `${font}/${size}`);
    const lineHeight = size * 1.25;
    lines.forEach((line, index) => this.put(line, x, y + index * lineHeight, style, { lineBreak: false }));
  }

  private breakLines(text: string, width: number, maxLines: number, fontKey: string): string[] {
    const measure = (word: string) => {
      const key = `${fontKey}|${word}`;
      let known = this.widths.get(key);
      if (known === undefined) {
        known = this.doc.widthOfString(word);
        if (this.widths.size < WIDTH_CACHE) this.widths.set(key, known);
      }
      return known;
    };
    const space = measure(' ');
    const ellipsis = measure('…');
    const lines: string[] = [];
    let line = '';
    let used = 0;
    const words = text.split(/\s+/).filter(Boolean);
    for (let index = 0; index < words.length; index++) {
      const word = words[index]!;
      const w = measure(word);
      const next = line ? used + space + w : w;
      if (next <= width) {
        line = line ? `${line} ${word}` : word;
        used = next;
        continue;
      }
      if (lines.length + 1 === maxLines || !line) {
        // The last line (or a word wider than the cell): as much as fits, then …
        lines.push(this.cut(line ? `${line} ${word}` : word, width - ellipsis) + '…');
        return lines;
      }
      lines.push(line);
      if (w > width) {
        // A word wider than the cell: back to it, alone on the next line, where it is cut.
        line = '';
        used = 0;
        index--;
      } else {
        line = word;
        used = w;
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  /** The longest start of `text` narrower than `width` (text already too wide: rare, measured character by character). */
  private cut(text: string, width: number): string {
    let low = 0;
    let high = text.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.doc.widthOfString(text.slice(0, mid)) <= width) low = mid;
      else high = mid - 1;
    }
    return text.slice(0, low).trimEnd();
  }

  /** A new page with its header: the list, the museum, the date, the page's number. */
  private page(): void {
    this.layout.newPage();
    this.pageNumber += 1;
    const { doc, t } = this;
    this.cell(`${t('evacuation.list.title')} — ${this.header.museum}`, MARGIN, TOP - 20, { weight: 'bold', size: 10, color: ACCENT }, 340, 1);
    this.put(`${this.header.date} · ${t('evacuation.list.page', { page: this.pageNumber })}`, MARGIN + COLUMNS.end - 140, TOP - 19, { size: SMALL, color: MUTED }, { width: 140, align: 'right', lineBreak: false });
    doc.lineWidth(0.5).strokeColor(MUTED).moveTo(MARGIN, TOP - 4).lineTo(MARGIN + COLUMNS.end, TOP - 4).stroke();
    doc.y = TOP + 4;
  }

  private summary(): void {
    const { doc, t, header } = this;
    this.put(t('evacuation.list.title'), MARGIN, doc.y, { weight: 'bold', size: 18, color: ACCENT });
    this.put(header.museum, MARGIN, doc.y + 2, { weight: 'bold', size: 12 });
    this.put(t('evacuation.list.printed', { date: header.date }), MARGIN, doc.y + 2, { size: 10, color: MUTED });
    doc.y += 10;
    const total = PRIORITIES.reduce((sum, p) => sum + header.counts[p], 0);
    this.put(t('evacuation.list.summary'), MARGIN, doc.y, { weight: 'bold', size: 10 });
    for (const p of PRIORITIES) this.put(t('evacuation.list.count', { priority: t(`evacuation.priority.${p}`), count: header.counts[p] }), MARGIN + 12, doc.y + 2, { size: 10 });
    this.put(t('evacuation.list.total', { count: total }), MARGIN + 12, doc.y + 2, { weight: 'bold', size: 10 });
    doc.y += 8;
    this.put(t('evacuation.list.howTo'), MARGIN, doc.y, { weight: 'italic', size: SMALL, color: MUTED }, { width: COLUMNS.end });
    doc.y += 10;
  }

  /** A priority's heading (bookmarked) and the column names, on the page where its first row is. */
  private section(priority: number): void {
    const { doc, t } = this;
    if (doc.y + 40 + ROW_HEIGHT > this.bottom) this.page();
    doc.y += 6;
    const heading = t(`evacuation.priority.${priority as Priority}`);
    doc.outline.addItem(heading);
    this.put(heading, MARGIN, doc.y, { weight: 'bold', size: 13, color: ACCENT });
    this.columnNames();
  }

  private columnNames(): void {
    const { doc, t } = this;
    const y = doc.y + 2;
    const style = { weight: 'bold', size: SMALL, color: MUTED } as const;
    this.put('✓', MARGIN + COLUMNS.check, y, style, { lineBreak: false });
    this.put(t('evacuation.list.object'), MARGIN + COLUMNS.object, y, style, { lineBreak: false });
    this.put(t('evacuation.field.location'), MARGIN + COLUMNS.location, y, style, { lineBreak: false });
    this.put(t('evacuation.list.handlingPacking'), MARGIN + COLUMNS.handling, y, style, { lineBreak: false });
    doc.lineWidth(0.5).strokeColor(MUTED).moveTo(MARGIN, y + 11).lineTo(MARGIN + COLUMNS.end, y + 11).stroke();
    doc.y = y + 14;
  }

  private row(row: ListRow): void {
    const { doc, t } = this;
    const { plan } = row;
    if (plan.priority !== this.priority) {
      this.priority = plan.priority;
      this.section(plan.priority);
    } else if (doc.y + ROW_HEIGHT > this.bottom) {
      this.page();
      this.columnNames();
    }
    const top = doc.y;
    doc.lineWidth(0.75).strokeColor(INK).rect(MARGIN + COLUMNS.check, top + 2, 10, 10).stroke();
    // An empty thumbnail marks a photo that could not be read: the row stays, without its image.
    if (row.thumbnail && row.thumbnail.length > 0) doc.image(row.thumbnail, MARGIN + COLUMNS.thumb, top, { fit: [THUMB, THUMB] });
    const objectWidth = COLUMNS.location - COLUMNS.object - 6;
    const locationWidth = COLUMNS.handling - COLUMNS.location - 6;
    this.cell(row.inventory_number ?? t('evacuation.noNumber'), MARGIN + COLUMNS.object, top, { weight: 'bold' }, objectWidth, 1);
    this.cell(row.title, MARGIN + COLUMNS.object, top + 11, {}, objectWidth, 2);
    this.cell(plan.location_code, MARGIN + COLUMNS.location, top, { weight: 'bold' }, locationWidth, 2);
    // Packing needs first (what to bring), then how to handle: one cell, four lines at most. Each
    // text drawn costs ~30 µs whatever its length: a row holds as few as it can (the code says the
    // location; its parts by name are on the object's page).
    const packing = (JSON.parse(plan.packing) as PackingNeed[]).map((need) => this.packingNames[need]);
    if (plan.packing_note) packing.push(plan.packing_note);
    const care = [packing.join(', '), plan.handling].filter(Boolean).join('. ');
    if (care) this.cell(care, MARGIN + COLUMNS.handling, top, { size: SMALL }, COLUMNS.end - COLUMNS.handling, 4);
    doc.lineWidth(0.25).strokeColor(MUTED).moveTo(MARGIN, top + ROW_HEIGHT - 2).lineTo(MARGIN + COLUMNS.end, top + ROW_HEIGHT - 2).stroke();
    doc.y = top + ROW_HEIGHT;
  }
}
