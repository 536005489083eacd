import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { PAGE_SETUP, PdfLayout, type FontName, type PageFooter } from './pdf-layout.js';

/** What a PDF says of itself (its document information and catalogue). */
export interface PdfMetadata {
  title: string;
  /** BCP 47 tag of the document's main language (the catalogue's /Lang, read by screen readers). */
  lang: string;
  subject?: string;
  author?: string;
  keywords?: string;
  /**
   * Each page's footer, e.g. the title and `page / pages` (none on a cover). Without one, each page
   * is written as soon as the next begins, and there is no footer or table of contents: a document of
   * thousands of pages (an evacuation list) would otherwise hold them all until the end.
   */
  footer?: PageFooter;
}

/** Draws a document's pages; the layout adds the contents and page footers once every page is known. */
export type PdfDrawing = (layout: PdfLayout) => Promise<void>;

const require = createRequire(import.meta.url);
// DejaVu covers Latin, Greek, Cyrillic, Arabic, Hebrew, Armenian, Georgian…: the 14 standard PDF fonts
// only know Latin-1, and the lists are written in any language. Only the glyphs used are embedded.
const FONTS: Record<FontName, string> = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  italic: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
};

/**
 * Writes a PDF to `destination` as it is drawn: images leave memory once written, pages are kept
 * (as text) until the end for their footers. Rejects, leaving `destination` destroyed, if drawing fails.
 */
export async function writePdf(metadata: PdfMetadata, draw: PdfDrawing, destination: Writable): Promise<void> {
  const doc = new PDFDocument({
    // Pages the text flows onto are made with these options.
    ...PAGE_SETUP,
    bufferPages: metadata.footer !== undefined,
    autoFirstPage: false,
    pdfVersion: '1.7',
    lang: metadata.lang,
    displayTitle: true,
    info: definedOnly({ Title: metadata.title, Subject: metadata.subject, Author: metadata.author, Keywords: metadata.keywords, Creator: 'Egide' }),
  });
  for (const [name, path] of Object.entries(FONTS)) doc.registerFont(name, path);
  const drawing = (async () => {
    try {
      const layout = new PdfLayout(doc);
      await draw(layout);
      if (metadata.footer) layout.finish(metadata.footer);
      doc.end();
    } catch (error) {
      // The pipeline then rejects with it.
      doc.destroy(error as Error);
    }
  })();
  // Both awaited at once: a destination failing while drawing goes on is never an unhandled rejection.
  await Promise.all([pipeline(doc, destination), drawing]);
}

/** The whole PDF in memory: for small documents (a check report) and measurements. */
export async function renderPdf(metadata: PdfMetadata, draw: PdfDrawing): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await writePdf(
    metadata,
    draw,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(chunks);
}

/** PDFKit fails on an information entry present but undefined. */
function definedOnly(info: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(info).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
