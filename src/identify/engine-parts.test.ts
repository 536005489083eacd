import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { painting } from '../test-support/identify-images.js';
import { BinaryVocabulary } from './binary-vocabulary.js';
import { decodeFeatures, decodeIndexTerms, encodeFeatures, encodeIndexTerms } from './feature-codec.js';
import { geometricModelFor } from './geometric-model.js';
import { OrbExtractor } from './orb-extractor.js';
import { hashDistance, perceptualHash } from './perceptual-hash.js';
import { MAX_IDENTIFY_PIXELS, prepareImage, TOO_SMALL_TO_IDENTIFY } from './prepare-image.js';
import { candidateVerdict, decide, MATCH_INLIERS, POSSIBLE_INLIERS } from './verdict.js';
import { trainVocabulary } from './vocabulary-training.js';
import { descriptorWords } from './hamming.js';
import { DEFAULT_ENGINE_SETTINGS, IdentificationEngine, type ImageDescription } from './identification-engine.js';
import { shippedVocabulary } from './shipped-vocabulary.js';

describe('preparing a photo', () => {
  it('downscales a huge photo instead of refusing it, and applies its EXIF orientation', async () => {
    const huge = await sharp({ create: { width: 12000, height: 4000, channels: 3, background: '#886644' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const image = await prepareImage(huge, 1600);
    // Orientation 6: the camera was turned, the image is shown upright (taller than wide).
    expect([image.width, image.height]).toEqual([533, 1600]);
    expect(image.rgb.length).toBe(image.width * image.height * 3);
    expect(image.gray.length).toBe(image.width * image.height);
    expect(12000 * 4000).toBeLessThan(MAX_IDENTIFY_PIXELS);
  });

  it('reads the first frame of an animated image', async () => {
    const frame = (colour: string) => sharp({ create: { width: 200, height: 150, channels: 3, background: colour } }).png().toBuffer();
    const animated = await sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } }).webp({ lossless: true }).toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const image = await prepareImage(animated, 800);
    expect([image.width, image.height]).toEqual([200, 150]);
    expect([...image.rgb.subarray(0, 3)]).toEqual([255, 0, 0]);
  });

  it('refuses a photo too small to show anything', async () => {
    const tiny = await sharp({ create: { width: 40, height: 300, channels: 3, background: '#000000' } }).jpeg().toBuffer();
    await expect(prepareImage(tiny, 800)).rejects.toThrow(TOO_SMALL_TO_IDENTIFY);
  });
});

describe('stored features', () => {
  it('come back exactly as extracted', async () => {
    const features = await new OrbExtractor().extract(await prepareImage(await painting(0), 800), 300);
    const again = decodeFeatures(encodeFeatures(features));
    expect(again).toEqual({ ...features, angles: again.angles, octaves: again.octaves });
    expect([...again.angles]).toEqual([...features.angles]);
    expect([...again.octaves]).toEqual([...features.octaves]);
    const stored = { words: Uint32Array.from([1, 65535, 70000]), signatures: Uint32Array.from([1, 2, 3, 4, 0xffffffff, 6]), angles: Uint8Array.from([0, 128, 255]), octaves: Uint8Array.from([0, 3, 7]) };
    const terms = decodeIndexTerms(encodeIndexTerms(stored));
    expect(terms).toEqual(stored);
    // The previous layout (word and signature only) is refused with what to do, not misread.
    expect(() => decodeIndexTerms(new Uint8Array(Uint32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]).buffer))).toThrow(/egide index rebuild/);
  });
});

describe('visual vocabulary', () => {
  it('is trained deterministically, survives serialisation and sends a descriptor to the word of its nearest centres', async () => {
    const features = await new OrbExtractor().extract(await prepareImage(await painting(0), 800), 800);
    const descriptors = descriptorWords(features.descriptors);
    const seeded = () => {
      let state = 1;
      return () => ((state = (Math.imul(state, 48271) % 2147483647) >>> 0) / 2147483647);
    };
    const vocabulary = trainVocabulary(descriptors, 4, 3, seeded());
    expect(vocabulary.size).toBe(64);
    expect(trainVocabulary(descriptors, 4, 3, seeded()).centres).toEqual(vocabulary.centres);
    const copy = BinaryVocabulary.deserialize(vocabulary.serialize());
    const words = vocabulary.quantize(descriptors);
    expect(copy.quantize(descriptors)).toEqual(words);
    // A word's ancestors are the buckets quantising gives at each level (stored words bucket features).
    for (const level of [1, 2]) {
      const coarse = new Uint32Array(words.length);
      vocabulary.quantize(descriptors, level, coarse);
      expect(vocabulary.ancestors(words, level)).toEqual(coarse);
    }
    // Training spreads the descriptors over many words rather than one.
    expect(new Set(words).size).toBeGreaterThan(32);
    expect(() => BinaryVocabulary.deserialize(Buffer.from('not a vocabulary'))).toThrow(/Not an Egide visual vocabulary/);
  });
});

describe('perceptual hash', () => {
  it('stays close for a resized, re-encoded copy and differs for another painting', async () => {
    const original = perceptualHash(await prepareImage(await painting(0), 800));
    const copy = perceptualHash(await prepareImage(await sharp(await painting(0)).resize({ width: 400 }).jpeg({ quality: 50 }).toBuffer(), 800));
    const other = perceptualHash(await prepareImage(await painting(1), 800));
    expect(hashDistance(original, copy)).toBeLessThanOrEqual(4);
    expect(hashDistance(original, other)).toBeGreaterThan(16);
  });
});

describe('verdict', () => {
  const candidate = (objectId: string, inliers: number, hashDistance = 64) => ({ objectId, inliers, hashDistance, slot: 0, similarity: 0, pairs: [], reference: {} as never });

  it('says match, possible or no-match from the verified inliers, and a near-copy of a registered photo is a match', () => {
    expect(candidateVerdict(candidate('a', MATCH_INLIERS))).toBe('match');
    expect(candidateVerdict(candidate('a', POSSIBLE_INLIERS))).toBe('possible');
    expect(candidateVerdict(candidate('a', POSSIBLE_INLIERS - 1))).toBe('no-match');
    expect(candidateVerdict(candidate('a', 9, 3))).toBe('match');
  });

  it('shows only candidates with evidence, one per object, strongest first; none at all is "no-match"', () => {
    const decision = decide([candidate('a', 14), candidate('b', 80), candidate('b', 30), candidate('c', 5)], 5);
    expect(decision.verdict).toBe('match');
    expect(decision.candidates.map((c) => [c.objectId, c.inliers, c.verdict])).toEqual([
      ['b', 80, 'match'],
      ['a', 14, 'possible'],
    ]);
    expect(decision.candidates[0]!.score).toBe(1);
    expect(decide([candidate('c', 5)], 5)).toEqual({ verdict: 'no-match', candidates: [] });
  });
});

describe('geometric model', () => {
  it('verifies flat works with a homography and objects in the round with a looser model', () => {
    expect(geometricModelFor('oil-paintings')).toBe('homography');
    expect(geometricModelFor('etchings')).toBe('homography');
    expect(geometricModelFor('vases')).toBe('affine');
    expect(geometricModelFor(null)).toBe('affine');
  });
});

describe('shortlist', () => {
  it('verifies the configured number of candidates up to 10,000 images, twice as many per tenfold beyond', () => {
    const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary(), { ...DEFAULT_ENGINE_SETTINGS, shortlist: 40 });
    const image = { words: Uint32Array.of(1), signatures: Uint32Array.of(0, 0), angles: Uint8Array.of(0), octaves: Uint8Array.of(0), hash: [0, 0] as const };
    const sizes: Record<number, number> = {};
    for (let slot = 1; slot <= 100_000; slot++) {
      engine.add(slot, image);
      if (slot === 5_000 || slot === 10_000 || slot === 100_000) sizes[slot] = engine.shortlistSize();
    }
    expect(sizes).toEqual({ 5000: 40, 10000: 40, 100000: 80 });
  });
});

describe('objects photographed from several sides', () => {
  /** An image whose keypoints are the query's first `words` words, each at the same angle and scale (a consistent match). */
  const showing = (words: number) => ({
    words: Uint32Array.from({ length: words }, (_, i) => i + 1),
    signatures: new Uint32Array(words * 2),
    angles: new Uint8Array(words),
    octaves: new Uint8Array(words),
    hash: [0xffffffff, 0xffffffff] as const,
  });
  /** A query photo showing words 1–50 (features are not needed: nothing is verified). */
  const query: ImageDescription = {
    ...showing(50),
    hash: [0, 0],
    features: { width: 0, height: 0, points: new Float32Array(0), angles: new Uint8Array(0), octaves: new Uint8Array(0), descriptors: new Uint8Array(0), descriptorBytes: 32, buckets: new Uint32Array(0) },
  };

  it('take one place in the shortlist each, with at most two of their photos verified', async () => {
    const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary(), { ...DEFAULT_ENGINE_SETTINGS, shortlist: 2 });
    // Object 7 has three photos that all show the query well; object 8 one that shows less of it, object 9 one that shows even less.
    for (const slot of [1, 2, 3]) engine.add(slot, showing(50), 7);
    engine.add(4, showing(40), 8);
    engine.add(5, showing(30), 9);
    const verified: number[] = [];
    await engine.candidates(query, async (slots) => {
      verified.push(...slots);
      return new Map();
    });
    // Ranked by image alone, object 7's three photos would have filled both places.
    expect(verified.filter((slot) => slot <= 3)).toHaveLength(2);
    expect(verified).toContain(4);
    expect(verified).not.toContain(5);
  });

  it('are told apart from images of no named object, which each take a place of their own', async () => {
    const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary(), { ...DEFAULT_ENGINE_SETTINGS, shortlist: 2 });
    for (const slot of [1, 2, 3]) engine.add(slot, showing(50 - slot));
    const verified: number[] = [];
    await engine.candidates(query, async (slots) => {
      verified.push(...slots);
      return new Map();
    });
    expect(verified.sort()).toEqual([1, 2]);
  });
});
