import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pixel } from '../test-support/photo-images.js';
import { drawEvidence } from './evidence-image.js';

const GREY = { r: 128, g: 128, b: 128 };
const isGrey = ([r, g, b]: [number, number, number]) => Math.abs(r - 128) < 12 && Math.abs(g - 128) < 12 && Math.abs(b - 128) < 12;

describe('drawEvidence', () => {
  let folder: string;
  let landscape: string;
  let portrait: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'egide-evidence-'));
    landscape = join(folder, 'query.jpg');
    portrait = join(folder, 'reference.jpg');
    // The files are drawn at other sizes than the images the points were found in (as display images are).
    await sharp({ create: { width: 400, height: 200, channels: 3, background: GREY } }).jpeg().toFile(landscape);
    await sharp({ create: { width: 300, height: 600, channels: 3, background: GREY } }).jpeg().toFile(portrait);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('puts the two photos side by side and joins matched points, scaled from the images they were found in', async () => {
    // Points in a 200 × 100 query and a 100 × 200 reference: their centres.
    const image = await drawEvidence({ image: readFileSync(landscape), width: 200, height: 100 }, { image: readFileSync(portrait), width: 100, height: 200 }, [[100, 50, 50, 100]]);
    const { width, height, format } = await sharp(image).metadata();
    expect(format).toBe('jpeg');
    // 640 × 320 (left) and 280 × 560 (right) inside 640 × 560 boxes, 24 px apart.
    expect([width, height]).toEqual([640 + 24 + 280, 560]);
    // The line runs from the left photo's centre (320, 280) to the right one's (664 + 140, 280).
    for (const x of [330, 500, 660, 790]) expect(isGrey(await pixel(image, x, 280)), `line at x=${x}`).toBe(false);
    // Away from the line, the photos are untouched.
    expect(isGrey(await pixel(image, 320, 200))).toBe(true);
    expect(isGrey(await pixel(image, 804, 400))).toBe(true);
    // The gap between the photos is white.
    expect(await pixel(image, 652, 100)).toEqual([255, 255, 255]);
  });
});
