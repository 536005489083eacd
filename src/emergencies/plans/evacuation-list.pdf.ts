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
 * The characters beyond Latin-1 that WinAnsi, the standard fonts' encoding, has (typographic quotes,
 * dashes, the ellipsis cells are cut with…), by their code there.
 */
const WIN_ANSI: ReadonlyMap<string, number> = new Map(
  Object.entries({ '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f }),
);
// Tabs and line breaks too: a cell breaks lines at white space, and PDFKit (put) at line breaks.
const WIN_ANSI_TEXT = new RegExp(`^[\\t\\n\\r\\u0020-\\u007e\\u00a0-\\u00ff${[...WIN_ANSI.keys()].join('')}]*$`, 'u');

/**
 * Text WinAnsi encodes is set in the standard Helvetica (no font program to shape with: measured, a
 * row drawn 5× faster than with DejaVu, whose every word goes through fontkit's shaping); anything
 * else (Greek, Arabic, Korean…) in DejaVu, which covers it.
 */
function fontFor(text: string, weight: 'regular' | 'bold' | 'italic'): string {
  if (!WIN_ANSI_TEXT.test(text)) return weight;
  return weight === 'bold' ? 'Helvetica-Bold' : weight === 'italic' ? 'Helvetica-Oblique' : 'Helvetica';
}
const STANDARD_FONTS = new Set(['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique']);

/** A WinAnsi text as a PDF string: its bytes as Latin-1 characters (how PDFKit writes content), delimiters escaped. */
function pdfString(text: string): string {
  let out = '(';
  for (const char of text) {
    if (char === '\\' || char === '(' || char === ')') out += `\\${char}`;
    else out += WIN_ANSI.has(char) ? String.fromCharCode(WIN_ANSI.get(char)!) : char;
  }
  return `${out})`;
}

/** What a cell set by hand needs of PDFKit's current font (not in its types). */
interface CurrentFont {
  _font: { id: string; ascender: number; ref(): unknown };
}

/** What PDFKit keeps of a page once written (not in its types). */
interface WrittenPage {
  resources: { data: object };
}

const colours = new Map<string, string>();
/** `#rrggbb` as PDF colour components (a few colours, each converted once). */
function rgb(hex: string): string {
  let known = colours.get(hex);
  if (known === undefined) colours.set(hex, (known = [1, 3, 5].map((at) => (parseInt(hex.slice(at, at + 2), 16) / 255).toFixed(3)).join(' ')));
  return known;
}

/** PDF left waiting for the destination when the next rows are read (a chunk draws ~150 KB). */
const UNWRITTEN_LIMIT = 256 * 1024;
/** Words' widths kept in DejaVu (font, size, word), whose shaping is costly: ~10 MB at most. */
const WIDTH_CACHE = 100_000;
/** Columns, in points from the left margin (483 pt of A4 between the margins). */
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
  /** Characters' widths in the standard fonts, by font and size. */
  private readonly charWidths = new Map<string, Map<string, number>>();

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
    // The next chunk is asked for before this one is drawn: PostgreSQL reads it meanwhile.
    const iterator = chunks[Symbol.asyncIterator]();
    let next = iterator.next();
    try {
      for (let chunk = await next; !chunk.done; chunk = await next) {
        next = iterator.next();
        for (const row of chunk.value) this.row(row);
        // The PDF drawn reaches its destination before the next chunk is drawn: a turn of the event
        // loop was not enough (measured, 50,000 rows left 92 MB of PDF waiting and a 600 MB peak), and
        // with the layout's 8 MB allowance the images waiting outlived young collections (~50 MB more).
        await this.layout.unwritten(UNWRITTEN_LIMIT);
      }
    } catch (error) {
      // The chunk asked for ahead settles first: its failure must not go unheard.
      await next.catch(() => undefined);
      throw error;
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
   * words). In a standard font, the lines are returned as PDF operators for `block` to write with
   * the row's other cells: measured, PDFKit's text() (options, kerning pair by pair, a save,
   * transform and font per line) was 60% of a 50,000-row list's time and most of its garbage.
   * Without kerning, a word is as wide as its characters, as measured. Text that needs DejaVu is
   * drawn by PDFKit here, and '' returned.
   */
  private cell(text: string, x: number, y: number, style: Style, width: number, maxLines: number, align: 'left' | 'right' = 'left'): string {
    const font = fontFor(text, style.weight ?? 'regular');
    const size = style.size ?? BODY;
    this.doc.font(font).fontSize(size);
    const standard = STANDARD_FONTS.has(font);
    const fontKey = `${font}/${size}`;
    const lines = this.breakLines(text, width, maxLines, fontKey, standard);
    const lineHeight = size * 1.25;
    const color = style.color ?? INK;
    if (!standard) {
      lines.forEach((line, index) => this.doc.fillColor(color).text(line, x, y + index * lineHeight, align === 'right' ? { width, align, lineBreak: false } : { lineBreak: false }));
      return '';
    }
    const current = (this.doc as unknown as CurrentFont)._font;
    this.doc.page.fonts[current.id] ??= current.ref();
    // In the page's own space (see block), from the baseline.
    const height = this.doc.page.height;
    const baseline = (current.ascender / 1000) * size;
    const shown = lines.map((line, index) => {
      const left = align === 'right' ? x + width - this.widthOf(line, fontKey, true) : x;
      return `1 0 0 1 ${left.toFixed(2)} ${(height - y - index * lineHeight - baseline).toFixed(2)} Tm ${pdfString(line)} Tj`;
    });
    return `${rgb(color)} rg /${current.id} ${size} Tf ${shown.join(' ')}`;
  }

  /**
   * One block of the page's content: `strokes` in PDFKit's space (y down), then the cells' text
   * operators in the page's own (PDFKit flips every page), in one text object.
   */
  private block(strokes: string, cells: string[]): void {
    const text = cells.filter(Boolean).join(' ');
    this.doc.addContent(`q ${strokes}${text ? ` 1 0 0 -1 0 ${this.doc.page.height} cm BT ${text} ET` : ''} Q`);
  }

  private breakLines(text: string, width: number, maxLines: number, fontKey: string, standard: boolean): string[] {
    const measure = (word: string) => {
      if (standard) return this.widthOf(word, fontKey, true);
      const key = `${fontKey}|${word}`;
      let known = this.widths.get(key);
      if (known === undefined) {
        known = this.widthOf(word, fontKey, false);
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
        lines.push(this.cut(line ? `${line} ${word}` : word, width - ellipsis, fontKey, standard) + '…');
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
  private cut(text: string, width: number, fontKey: string, standard: boolean): string {
    const chars = [...text];
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.widthOf(chars.slice(0, mid).join(''), fontKey, standard) <= width) low = mid;
      else high = mid - 1;
    }
    return chars.slice(0, low).join('').trimEnd();
  }

  /** `text`'s width in the current font as a cell sets it: its characters unkerned in a standard font, shaped in DejaVu. */
  private widthOf(text: string, fontKey: string, standard: boolean): number {
    if (!standard) return this.doc.widthOfString(text);
    let known = this.charWidths.get(fontKey);
    if (!known) this.charWidths.set(fontKey, (known = new Map()));
    let width = 0;
    for (const char of text) {
      let w = known.get(char);
      if (w === undefined) known.set(char, (w = this.doc.widthOfString(char)));
      width += w;
    }
    return width;
  }

  /** A new page with its header: the list, the museum, the date, the page's number. */
  private page(): void {
    const written = this.doc.page as (PDFKit.PDFPage & WrittenPage) | undefined;
    this.layout.newPage();
    // The previous page is written now, but PDFKit keeps its resources until the end: a reference per
    // image, 50,000 of them in a large list (measured, 30 MB of the peak). Only their numbers are needed.
    if (written) written.resources.data = {};
    this.pageNumber += 1;
    const { t } = this;
    const stamp = `${this.header.date} · ${t('evacuation.list.page', { page: this.pageNumber })}`;
    this.block(`0.5 w ${rgb(MUTED)} RG ${MARGIN} ${TOP - 4} m ${MARGIN + COLUMNS.end} ${TOP - 4} l S`, [
      this.cell(`${t('evacuation.list.title')} — ${this.header.museum}`, MARGIN, TOP - 20, { weight: 'bold', size: 10, color: ACCENT }, 340, 1),
      this.cell(stamp, MARGIN + COLUMNS.end - 140, TOP - 19, { size: SMALL, color: MUTED }, 140, 1, 'right'),
    ]);
    this.doc.y = TOP + 4;
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
    // The tick is beyond the standard fonts: PDFKit sets it in DejaVu.
    this.put('✓', MARGIN + COLUMNS.check, y, style, { lineBreak: false });
    this.block(`0.5 w ${rgb(MUTED)} RG ${MARGIN} ${y + 11} m ${MARGIN + COLUMNS.end} ${y + 11} l S`, [
      this.cell(t('evacuation.list.object'), MARGIN + COLUMNS.object, y, style, COLUMNS.location - COLUMNS.object - 6, 1),
      this.cell(t('evacuation.field.location'), MARGIN + COLUMNS.location, y, style, COLUMNS.handling - COLUMNS.location - 6, 1),
      this.cell(t('evacuation.list.handlingPacking'), MARGIN + COLUMNS.handling, y, style, COLUMNS.end - COLUMNS.handling, 1),
    ]);
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
    // An empty thumbnail marks a photo that could not be read: the row stays, without its image.
    if (row.thumbnail && row.thumbnail.length > 0) doc.image(row.thumbnail, MARGIN + COLUMNS.thumb, top, { fit: [THUMB, THUMB] });
    const objectWidth = COLUMNS.location - COLUMNS.object - 6;
    const locationWidth = COLUMNS.handling - COLUMNS.location - 6;
    // Packing needs first (what to bring), then how to handle: one cell, four lines at most (the code
    // says the location; its parts by name are on the object's page).
    const packing = (JSON.parse(plan.packing) as PackingNeed[]).map((need) => this.packingNames[need]);
    if (plan.packing_note) packing.push(plan.packing_note);
    const care = [packing.join(', '), plan.handling].filter(Boolean).join('. ');
    const rule = (top + ROW_HEIGHT - 2).toFixed(2);
    // The box to tick, and the rule under the row.
    this.block(`0.75 w ${rgb(INK)} RG ${MARGIN + COLUMNS.check} ${(top + 2).toFixed(2)} 10 10 re S 0.25 w ${rgb(MUTED)} RG ${MARGIN} ${rule} m ${MARGIN + COLUMNS.end} ${rule} l S`, [
      this.cell(row.inventory_number ?? t('evacuation.noNumber'), MARGIN + COLUMNS.object, top, { weight: 'bold' }, objectWidth, 1),
      this.cell(row.title, MARGIN + COLUMNS.object, top + 11, {}, objectWidth, 2),
      this.cell(plan.location_code, MARGIN + COLUMNS.location, top, { weight: 'bold' }, locationWidth, 2),
      care ? this.cell(care, MARGIN + COLUMNS.handling, top, { size: SMALL }, COLUMNS.end - COLUMNS.handling, 4) : '',
    ]);
    doc.y = top + ROW_HEIGHT;
  }
}
