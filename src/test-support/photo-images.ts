import sharp from 'sharp';

/**
 * Real images for the photo tests: a green field with a red block in the top-left corner (so that a
 * rotation shows), a blue bar and some text-like strokes (so that encoders have something to compress).
 */
export function drawn(width: number, height: number) {
  const block = { w: Math.round(width / 5), h: Math.round(height / 4) };
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="0" y="0" width="${block.w}" height="${block.h}" fill="#ff0000"/>` +
      `<rect x="${Math.round(width / 3)}" y="${Math.round(height / 2)}" width="${Math.round(width / 2)}" height="${Math.round(height / 10)}" fill="#0000ff"/>` +
      `<circle cx="${Math.round(width * 0.7)}" cy="${Math.round(height * 0.25)}" r="${Math.round(Math.min(width, height) / 8)}" fill="#ffff00"/>` +
      `</svg>`,
  );
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 160, b: 60 } } }).composite([{ input: svg }]);
}

export const jpeg = (width = 300, height = 200) => drawn(width, height).jpeg({ quality: 90 }).toBuffer();
export const png = (width = 300, height = 200) => drawn(width, height).png().toBuffer();
export const webp = (width = 300, height = 200) => drawn(width, height).webp().toBuffer();
export const tiff = (width = 300, height = 200) => drawn(width, height).tiff().toBuffer();
export const avif = (width = 300, height = 200) => drawn(width, height).avif({ effort: 0 }).toBuffer();

/** A JPEG whose pixels are stored landscape with EXIF orientation 6: it is meant to be seen turned 90° clockwise (portrait). */
export const jpegWithOrientation6 = (width = 1000, height = 600) => drawn(width, height).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();

/** A PNG of width × height identical pixels: a few hundred kilobytes that decode to hundreds of megabytes. */
export const decompressionBomb = (width = 12_000, height = 12_000) =>
  sharp({ create: { width, height, channels: 3, background: '#ffffff' }, limitInputPixels: false }).png({ compressionLevel: 9 }).toBuffer();

/** The start of a HEIC file (an ISO BMFF `ftyp` box with the `heic` brand), followed by noise. */
export function fakeHeic(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, Buffer.from('not really an hevc payload, just bytes '.repeat(20))]);
}

/** The RGB colour at (x, y) of an image. */
export async function pixel(image: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at] ?? -1, data[at + 1] ?? -1, data[at + 2] ?? -1];
}

export const isRed = ([r, g, b]: [number, number, number]) => r > 200 && g < 60 && b < 60;
