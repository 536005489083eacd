import sharp from 'sharp';

/** One matched point: x, y in the query photo, then x, y in the registered photo. */
export type MatchedPoints = readonly [number, number, number, number];

export interface EvidenceSide {
  /** The image to draw, encoded (any size: its aspect must be that of the image the points were found in). */
  image: Buffer;
  /** The size of the image the points are in (the prepared image the engine extracted from). */
  width: number;
  height: number;
}

/** Each photo is drawn inside this box; the two side by side stay readable on a phone turned sideways. */
const PANEL = { width: 640, height: 560 };
const GAP = 24;
/** More lines than this hide the photos; an even sample of the matches shows the same evidence. */
export const MAX_EVIDENCE_LINES = 80;

/**
 * The evidence of a candidate as a JPEG: the query photo (left) and the registered photo (right)
 * side by side, a line joining each pair of matched points, so a person sees why they were matched.
 */
export async function drawEvidence(query: EvidenceSide, reference: EvidenceSide, points: readonly MatchedPoints[]): Promise<Buffer> {
  const [left, right] = await Promise.all([panel(query), panel(reference)]);
  const width = left.width + GAP + right.width;
  const height = Math.max(left.height, right.height);
  const leftTop = Math.round((height - left.height) / 2);
  const rightTop = Math.round((height - right.height) / 2);
  const rightLeft = left.width + GAP;
  const lines = evenSample(points, MAX_EVIDENCE_LINES).map(([qx, qy, rx, ry], i, shown) => {
    const x1 = (qx * left.width) / query.width;
    const y1 = leftTop + (qy * left.height) / query.height;
    const x2 = rightLeft + (rx * right.width) / reference.width;
    const y2 = rightTop + (ry * right.height) / reference.height;
    // Hues spread over the lines, so that crossing lines can be told apart.
    const colour = `hsl(${Math.round((i * 360) / Math.max(shown.length, 1))},100%,50%)`;
    return (
      `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${colour}" stroke-width="1.6" stroke-opacity="0.85"/>` +
      `<circle cx="${x1.toFixed(1)}" cy="${y1.toFixed(1)}" r="3.2" fill="none" stroke="${colour}" stroke-width="1.6"/>` +
      `<circle cx="${x2.toFixed(1)}" cy="${y2.toFixed(1)}" r="3.2" fill="none" stroke="${colour}" stroke-width="1.6"/>`
    );
  });
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${lines.join('')}</svg>`);
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([
      { input: left.image, left: 0, top: leftTop },
      { input: right.image, left: rightLeft, top: rightTop },
      { input: overlay, left: 0, top: 0 },
    ])
    .jpeg({ quality: 85, mozjpeg: true })
    .toBuffer();
}

async function panel(side: EvidenceSide): Promise<{ image: Buffer; width: number; height: number }> {
  // Both files are already oriented (derived images carry no EXIF orientation).
  const { data, info } = await sharp(side.image, { failOn: 'error' })
    .resize({ width: PANEL.width, height: PANEL.height, fit: 'inside' })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .png({ compressionLevel: 0 })
    .toBuffer({ resolveWithObject: true });
  return { image: data, width: info.width, height: info.height };
}

function evenSample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]!);
}
