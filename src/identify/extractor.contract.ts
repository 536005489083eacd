/**
 * What every feature extractor must do, whatever its algorithm: run it against an implementation
 * with `localExtractorContract(...)` or `globalExtractorContract(...)` inside a test file.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { blankPhoto, painting, rephotographed, unregisteredPainting } from '../test-support/identify-images.js';
import type { GlobalDescriptorExtractor, LocalFeatureExtractor, PreparedImage } from './features.js';
import { prepareImage } from './prepare-image.js';

const SIDE = 800;
const prepared = async (bytes: Promise<Buffer> | Buffer) => prepareImage(await bytes, SIDE);

export function localExtractorContract(name: string, make: () => LocalFeatureExtractor, verifyInliers: (a: PreparedImage, b: PreparedImage) => Promise<number>): void {
  describe(`local feature extractor contract: ${name}`, () => {
    let original: PreparedImage;
    beforeAll(async () => {
      original = await prepared(painting(0));
    });

    it('gives keypoints inside the image, each with a descriptor, an angle and an octave, at most as many as asked', async () => {
      const features = await make().extract(original, 500);
      const count = features.points.length / 2;
      expect(count).toBeGreaterThan(100);
      expect(count).toBeLessThanOrEqual(500);
      expect(features.descriptors.length).toBe(count * features.descriptorBytes);
      expect(features.angles.length).toBe(count);
      expect(features.octaves.length).toBe(count);
      expect([features.width, features.height]).toEqual([original.width, original.height]);
      for (let i = 0; i < count; i++) {
        expect(features.points[i * 2]).toBeGreaterThanOrEqual(0);
        expect(features.points[i * 2]).toBeLessThan(original.width);
        expect(features.points[i * 2 + 1]).toBeGreaterThanOrEqual(0);
        expect(features.points[i * 2 + 1]).toBeLessThan(original.height);
      }
    });

    it('is deterministic: the same image gives the same features', async () => {
      const [a, b] = [await make().extract(original, 500), await make().extract(original, 500)];
      expect(Buffer.from(a.descriptors).equals(Buffer.from(b.descriptors))).toBe(true);
      expect([...a.points]).toEqual([...b.points]);
    });

    it('finds nothing to describe in a blank photo', async () => {
      const features = await make().extract(await prepared(blankPhoto()), 500);
      expect(features.points.length).toBe(0);
      expect(features.descriptors.length).toBe(0);
    });

    it('matches a new photo of the same painting (turned, cropped, darker, JPEG) and not another painting', async () => {
      const again = await prepared(rephotographed(await painting(0)));
      const other = await prepared(unregisteredPainting());
      expect(await verifyInliers(again, original)).toBeGreaterThanOrEqual(40);
      expect(await verifyInliers(other, original)).toBeLessThan(12);
    });

    it('survives a quarter turn', async () => {
      const turned = await prepared(sharp(await painting(0)).rotate(90).jpeg().toBuffer());
      expect(await verifyInliers(turned, original)).toBeGreaterThanOrEqual(40);
    });
  });
}

const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
};

export function globalExtractorContract(name: string, make: () => GlobalDescriptorExtractor): void {
  describe(`global descriptor extractor contract: ${name}`, () => {
    it('gives a vector of its announced size, the same for the same image', async () => {
      const extractor = make();
      const image = await prepared(painting(0));
      const [a, b] = [await extractor.describe(image), await extractor.describe(image)];
      expect(a.length).toBe(extractor.dimensions);
      expect([...a]).toEqual([...b]);
      expect(a.some((value) => value !== 0)).toBe(true);
    });

    it('finds a re-encoded, resized copy closer than another painting', async () => {
      const extractor = make();
      const original = await extractor.describe(await prepared(painting(0)));
      const copy = await extractor.describe(await prepared(sharp(await painting(0)).resize({ width: 500 }).jpeg({ quality: 60 }).toBuffer()));
      const other = await extractor.describe(await prepared(painting(1)));
      expect(cosine(original, copy)).toBeGreaterThan(0.95);
      expect(cosine(original, copy)).toBeGreaterThan(cosine(original, other));
    });
  });
}
