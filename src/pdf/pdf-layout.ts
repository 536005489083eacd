import { once } from 'node:events';
import { pdfReadyImage, type PdfImage } from './pdf-image.js';

const PAGE_MARGINS = { top: 56, bottom: 64, left: 56, right: 56 };
/** Every page: A4 (the paper of the network's countries but a few), margins leaving room for the footer. */
export const PAGE_SETUP = { size: 'A4', margins: PAGE_MARGINS };
const FOOTER_OFFSET = 36;
const INK = '#1a1a1a';
/** Secondary text: 8.4:1 on white. */
export const MUTED = '#4d4d4d';
/** Dark red on white: 9.6:1, readable printed in grey too. */
export const ACCENT = '#7a1f1f';
const HEADING_SIZES: Record<1 | 2 | 3 | 4, number> = { 1: 20, 2: 15, 3: 12.5, 4: 11 };
const BODY_SIZE = 10;
const SMALL_SIZE = 8.5;
const CONTENTS_LINE = 16;
/** Past this much PDF waiting to be written, drawing waits for the destination (images are large). */
const UNWRITTEN_LIMIT = 8 * 1024 * 1024;
/** Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL = /[\u0590-\u07FF\u0860-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/** The fonts every document registers (pdf-document.ts). */
export type FontName = 'regular' | 'bold' | 'italic';

export interface TextStyle {
  font?: FontName;
  size?: number;
  color?: string;
  /** Space after, in points. */
  gap?: number;
  indent?: number;
  /** By default, left, or right for a text in a right-to-left script. */
  align?: 'left' | 'center';
}

/** One photo of a grid: read when its turn comes, so that one image at a time is in memory. */
export interface GridImage {
  read: () => Promise<Buffer>;
  /** Lines under the photo; the first in bold. */
  caption: string[];
}

/** A page's footer (a title on the left, its number on the right) from its number and the number of pages; undefined for none. */
export type PageFooter = (page: number, pages: number) => { title: string; page: string } | undefined;

interface ContentsEntry {
  title: string;
  level: number;
  page: number;
  destination: string;
}

/**
 * Page layout on a PDFKit document: headings (with bookmarks and a table of contents), paragraphs,
 * labelled fields, bullet lists, photo grids that fit each image in its box, and page footers. Text
 * flows onto new pages by itself; headings and grid rows never end a page alone.
 */
export class PdfLayout {
  private readonly outlines: PDFKit.PDFOutline[] = [];
  private contentsPages: { first: number; count: number; title: string } | undefined;
  private readonly contents: ContentsEntry[] = [];

  constructor(readonly doc: PDFKit.PDFDocument) {}

  get contentWidth(): number {
    return this.doc.page.width - PAGE_MARGINS.left - PAGE_MARGINS.right;
  }

  private get bottom(): number {
    return this.doc.page.height - PAGE_MARGINS.bottom;
  }

  newPage(): void {
    this.doc.addPage(PAGE_SETUP);
  }

  /** Starts a new page unless `height` points still fit on this one. */
  keepTogether(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  /** Moves down by `points` (no further than the page's end). */
  space(points: number): void {
    this.doc.y = Math.min(this.doc.y + points, this.bottom);
  }

  /**
   * Keeps pages for a table of contents of `entries` lines here (its title on the first): filled
   * at the end with the headings that follow and their pages.
   */
  reserveContents(title: string, entries: number): void {
    const perPage = Math.floor((this.doc.page.height - PAGE_MARGINS.top - PAGE_MARGINS.bottom - 40) / CONTENTS_LINE);
    const count = Math.max(1, Math.ceil(entries / perPage));
    const first = this.doc.bufferedPageRange().count;
    for (let index = 0; index < count; index++) this.newPage();
    this.contentsPages = { first, count, title };
  }

  /** A heading of `level` (1 to 4), bookmarked, listed in the contents, kept with what follows. */
  heading(text: string, level: 1 | 2 | 3 | 4, options: { newPage?: boolean } = {}): void {
    const size = HEADING_SIZES[level];
    if (options.newPage) this.newPage();
    else this.keepTogether(size * 2.5 + 4 * BODY_SIZE);
    if (this.doc.y > PAGE_MARGINS.top) this.space(level === 1 ? 10 : 6);
    // Under the nearest heading of a higher level (a level may be skipped), else at the top.
    const parent = this.outlines.slice(0, level - 1).reverse().find(Boolean) ?? this.doc.outline;
    this.outlines[level - 1] = parent.addItem(text);
    this.outlines.length = level;
    const destination = `h${this.contents.length}`;
    this.doc.addNamedDestination(destination, 'XYZ', PAGE_MARGINS.left, this.doc.y, null);
    this.contents.push({ title: text, level, page: this.currentPage(), destination });
    this.text(text, { font: 'bold', size, color: level === 1 ? ACCENT : INK, gap: level === 1 ? 8 : 4 });
  }

  /** A paragraph; several lines stay separate lines. */
  paragraph(text: string, style: TextStyle = {}): void {
    this.text(text, { gap: 6, ...style });
  }

  /** `Label: value` on one flow of text, the label in bold. */
  field(label: string, value: string, style: Pick<TextStyle, 'indent' | 'size'> = {}): void {
    const size = style.size ?? BODY_SIZE;
    const indent = style.indent ?? 0;
    const options = { width: this.contentWidth - indent, lineGap: 1.5 };
    this.doc
      .font('bold')
      .fontSize(size)
      .fillColor(MUTED)
      .text(`${label} `, PAGE_MARGINS.left + indent, this.doc.y, { ...options, continued: true })
      .font('regular')
      .fillColor(INK)
      .text(value, { ...options, align: RTL.test(value) ? 'right' : 'left' });
    this.doc.y += 2;
  }

  /** One bullet per line. */
  bullets(lines: readonly string[], style: Pick<TextStyle, 'indent'> = {}): void {
    const indent = style.indent ?? 0;
    for (const line of lines) {
      this.keepTogether(BODY_SIZE * 1.5);
      const y = this.doc.y;
      this.doc.font('regular').fontSize(BODY_SIZE).fillColor(INK).text('•', PAGE_MARGINS.left + indent, y, { lineBreak: false });
      this.doc.y = y;
      this.text(line, { indent: indent + 12, gap: 2 });
    }
    this.space(4);
  }

  /** A framed notice across the page (a warning, a label the reader must not miss). */
  notice(text: string, style: Pick<TextStyle, 'size'> = {}): void {
    const size = style.size ?? BODY_SIZE;
    const padding = 8;
    const width = this.contentWidth - 2 * padding;
    this.doc.font('bold').fontSize(size);
    const height = this.doc.heightOfString(text, { width, lineGap: 1.5 }) + 2 * padding;
    this.keepTogether(height);
    const top = this.doc.y;
    this.doc.lineWidth(1.5).strokeColor(ACCENT).rect(PAGE_MARGINS.left, top, this.contentWidth, height).stroke();
    this.doc.fillColor(ACCENT).text(text, PAGE_MARGINS.left + padding, top + padding, { width, lineGap: 1.5, align: RTL.test(text) ? 'right' : 'left' });
    this.doc.y = top + height + 8;
  }

  /**
   * Photos two a row, each fitted (never enlarged beyond its box) with its caption below; a row
   * never splits across pages, and `options.intro` (a line in small italics) stays with the first.
   * An image that cannot be read or decoded leaves `unavailable` in its place.
   */
  async imageGrid(images: readonly GridImage[], unavailable: string, options: { height?: number; intro?: string } = {}): Promise<void> {
    const boxHeight = options.height ?? 180;
    const gap = 14;
    const cellWidth = (this.contentWidth - gap) / 2;
    for (let start = 0; start < images.length; start += 2) {
      const row = images.slice(start, start + 2);
      const cells = await Promise.all(row.map(async (image) => ({ image: await this.openImage(image), caption: image.caption })));
      const heights = cells.map(({ image, caption }) => {
        const fitted = image ? fit(image.width, image.height, cellWidth, boxHeight) : { width: cellWidth, height: 40 };
        return { fitted, total: fitted.height + 4 + this.captionHeight(caption, cellWidth) };
      });
      const rowHeight = Math.max(...heights.map((h) => h.total));
      const intro = start === 0 ? options.intro : undefined;
      const introStyle = { font: 'italic', size: SMALL_SIZE, gap: 4 } as const;
      this.keepTogether(rowHeight + (intro ? this.doc.font(introStyle.font).fontSize(introStyle.size).heightOfString(intro, { width: this.contentWidth }) + introStyle.gap : 0));
      if (intro) this.text(intro, introStyle);
      const top = this.doc.y;
      cells.forEach(({ image, caption }, index) => {
        const x = PAGE_MARGINS.left + index * (cellWidth + gap);
        const { fitted } = heights[index]!;
        if (image) this.doc.image(image.bytes, x + (cellWidth - fitted.width) / 2, top, { width: fitted.width, height: fitted.height });
        else this.placeholder(unavailable, x, top, fitted.width, fitted.height);
        this.drawCaption(caption, x, top + fitted.height + 4, cellWidth);
      });
      this.doc.y = top + rowHeight + 12;
      await this.unwritten();
    }
  }

  /** The table of contents, then each page's footer (none where `footer` gives none, e.g. a cover). */
  finish(footer: PageFooter): void {
    const { count } = this.doc.bufferedPageRange();
    if (this.contentsPages) this.drawContents(this.contentsPages);
    for (let index = 0; index < count; index++) {
      const text = footer(index + 1, count);
      if (text === undefined) continue;
      this.doc.switchToPage(index);
      // Writing below the bottom margin would start a new page.
      const margin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      const y = this.doc.page.height - FOOTER_OFFSET;
      this.doc.font('regular').fontSize(SMALL_SIZE).fillColor(MUTED);
      const pageWidth = this.doc.widthOfString(text.page);
      // A long title is cut (…) so that the page number always shows.
      this.doc.text(text.title, PAGE_MARGINS.left, y, { width: this.contentWidth - pageWidth - 16, height: SMALL_SIZE * 1.2, ellipsis: true });
      this.doc.text(text.page, PAGE_MARGINS.left + this.contentWidth - pageWidth, y, { width: pageWidth, lineBreak: false });
      this.doc.page.margins.bottom = margin;
    }
  }

  private text(text: string, style: TextStyle): void {
    const indent = style.indent ?? 0;
    this.doc
      .font(style.font ?? 'regular')
      .fontSize(style.size ?? BODY_SIZE)
      .fillColor(style.color ?? INK)
      .text(text, PAGE_MARGINS.left + indent, this.doc.y, { width: this.contentWidth - indent, lineGap: 1.5, align: style.align ?? (RTL.test(text) ? 'right' : 'left') });
    this.doc.y += style.gap ?? 0;
  }

  private currentPage(): number {
    const { start, count } = this.doc.bufferedPageRange();
    // The page being drawn is the last buffered one (finish() switches back only at the end).
    return start + count;
  }

  private async openImage(image: GridImage): Promise<PdfImage | undefined> {
    try {
      return await pdfReadyImage(await image.read());
    } catch {
      // A lost or damaged file costs its photo, not the document.
      return undefined;
    }
  }

  private captionHeight(caption: readonly string[], width: number): number {
    return caption.reduce((sum, line, index) => sum + this.doc.font(index === 0 ? 'bold' : 'regular').fontSize(SMALL_SIZE).heightOfString(line, { width }) + 1, 0);
  }

  private drawCaption(caption: readonly string[], x: number, y: number, width: number): void {
    this.doc.y = y;
    caption.forEach((line, index) => {
      this.doc
        .font(index === 0 ? 'bold' : 'regular')
        .fontSize(SMALL_SIZE)
        .fillColor(index === 0 ? INK : MUTED)
        .text(line, x, this.doc.y, { width, align: RTL.test(line) ? 'right' : 'left' });
      this.doc.y += 1;
    });
  }

  private placeholder(text: string, x: number, y: number, width: number, height: number): void {
    this.doc.lineWidth(0.75).strokeColor(MUTED).rect(x, y, width, height).stroke();
    this.doc
      .font('italic')
      .fontSize(SMALL_SIZE)
      .fillColor(MUTED)
      .text(text, x + 6, y + height / 2 - SMALL_SIZE / 2, { width: width - 12, align: 'center', lineBreak: false });
  }

  private drawContents(pages: { first: number; count: number; title: string }): void {
    const entries = this.contents;
    let index = 0;
    for (let page = pages.first; page < pages.first + pages.count; page++) {
      this.doc.switchToPage(page);
      let y = PAGE_MARGINS.top;
      if (page === pages.first) {
        this.doc.font('bold').fontSize(HEADING_SIZES[1]).fillColor(ACCENT).text(pages.title, PAGE_MARGINS.left, y, { width: this.contentWidth });
        y = this.doc.y + 12;
      }
      for (; index < entries.length && y + CONTENTS_LINE <= this.bottom; index++, y += CONTENTS_LINE) {
        const entry = entries[index]!;
        const indent = (entry.level - 1) * 14;
        const width = this.contentWidth - indent - 40;
        this.doc
          .font(entry.level === 1 ? 'bold' : 'regular')
          .fontSize(BODY_SIZE)
          .fillColor(INK)
          .text(entry.title, PAGE_MARGINS.left + indent, y, { width, height: CONTENTS_LINE, ellipsis: true, lineBreak: false, goTo: entry.destination });
        this.doc.text(String(entry.page), PAGE_MARGINS.left + this.contentWidth - 40, y, { width: 40, align: 'right', lineBreak: false, goTo: entry.destination });
      }
    }
    if (index < entries.length) throw new Error(`The contents reserved ${pages.count} page(s) for fewer than its ${entries.length} entries.`);
  }

  /**
   * Waits while more than `limit` bytes of the PDF wait for their destination: drawings that stream
   * call it between pieces (a long one with a small limit, so that what it wrote dies young).
   */
  async unwritten(limit = UNWRITTEN_LIMIT): Promise<void> {
    while (this.doc.readableLength > limit && !this.doc.destroyed) await once(this.doc, 'data');
  }
}

/** The size of a `width`×`height` image fitted in a box, never enlarged beyond twice its pixels (at 72 dpi). */
function fit(width: number, height: number, boxWidth: number, boxHeight: number): { width: number; height: number } {
  const scale = Math.min(boxWidth / width, boxHeight / height, 2);
  return { width: width * scale, height: height * scale };
}
