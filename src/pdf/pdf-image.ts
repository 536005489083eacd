import sharp from 'sharp';

/** An image as PDFKit embeds it, with its size in pixels. */
export interface PdfImage {
  bytes: Buffer;
  width: number;
  height: number;
}

/**
 * An image PDFKit embeds as it is: an upright JPEG goes in untouched (no decoding: the fastest and
 * smallest way; display renditions are such); anything else (a JPEG to rotate, WebP, AVIF, TIFF, or
 * PNG, which PDFKit would inflate and compress again, slowly with transparency) becomes an upright
 * JPEG on white. Throws for bytes that are not an image.
 */
export async function pdfReadyImage(bytes: Buffer): Promise<PdfImage> {
  const { format, width, height, orientation } = await sharp(bytes).metadata();
  if (format === 'jpeg' && (orientation ?? 1) === 1) return { bytes, width, height };
  const { data, info } = await sharp(bytes).rotate().flatten({ background: '#ffffff' }).jpeg({ quality: 85 }).toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}
