import sharp from 'sharp';

/**
 * The long side of a list thumbnail, in pixels: printed in a 36 pt box (½ inch), 96 px gives
 * 190 dpi, enough to recognise an object on a shelf. At quality 70 one weighs 2–4 KB (the registry's
 * own thumbnails, 400 px WebP, weigh ~20 KB and PDFKit would have to convert each): 50,000 of them
 * make a list of ~150 MB instead of ~1 GB.
 */
export const LIST_THUMBNAIL_SIDE = 96;

/** A photo (any format sharp reads) as a small upright JPEG on white, for the evacuation list. */
export async function listThumbnail(image: Buffer): Promise<Buffer> {
  return sharp(image).rotate().resize(LIST_THUMBNAIL_SIDE, LIST_THUMBNAIL_SIDE, { fit: 'inside' }).flatten({ background: '#ffffff' }).jpeg({ quality: 70 }).toBuffer();
}
