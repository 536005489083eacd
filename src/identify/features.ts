/**
 * What the identification engine works with, whatever extracts it. Local features (keypoints with
 * binary descriptors) find and verify candidates; a global descriptor (one vector per image, e.g. a
 * learned model) may shortlist them. New extractors implement these interfaces and must pass the
 * contract suite in extractor.contract.ts.
 */

/** A photo made ready for extraction: oriented, downscaled, as grey levels and as RGB (row-major). */
export interface PreparedImage {
  width: number;
  height: number;
  /** One byte per pixel. */
  gray: Uint8Array;
  /** Three bytes per pixel. */
  rgb: Uint8Array;
}

/** Keypoints and their binary descriptors, in the coordinates of the image they came from. */
export interface LocalFeatures {
  width: number;
  height: number;
  /** x0, y0, x1, y1… */
  points: Float32Array;
  /** Orientation of each keypoint, 0–255 for 0–360°. */
  angles: Uint8Array;
  /** Pyramid level each keypoint was found at (its scale). */
  octaves: Uint8Array;
  /** `descriptorBytes` bytes per keypoint, in the order of `points`. */
  descriptors: Uint8Array;
  descriptorBytes: number;
}

/** Rows `from` (inclusive) to `to` (exclusive) of an image: one of the bands a photo is described in, in parallel. */
export interface RowBand {
  from: number;
  to: number;
}

export interface LocalFeatureExtractor {
  /** Names the algorithm and its settings: features of different extractors are never compared. */
  readonly name: string;
  /**
   * The image's features; with `band`, those whose keypoint lies in it, found as in the whole
   * image (about `maxFeatures` × the band's share of the rows), in the whole image's coordinates.
   */
  extract(image: PreparedImage, maxFeatures: number, band?: RowBand): Promise<LocalFeatures>;
}

/** The `of` bands of about equal height an image of `height` rows is described in; band `index` of them. */
export function rowBand(height: number, index: number, of: number): RowBand {
  return { from: Math.round((height * index) / of), to: Math.round((height * (index + 1)) / of) };
}

/** A global image descriptor: similar images have a high cosine similarity. */
export interface GlobalDescriptorExtractor {
  readonly name: string;
  readonly dimensions: number;
  describe(image: PreparedImage): Promise<Float32Array>;
}

export const featureCount = (features: LocalFeatures): number => features.points.length / 2;

/**
 * How two keypoints' geometry is compared, by the inverted file and by verification alike: the
 * change of orientation in 16 bins of 22.5°, the change of pyramid level from −7 to 7.
 */
export const ANGLE_BINS = 16;
/** The bin of an orientation (or of a change of orientation), given 0–255 for 0–360°. */
export const angleBin = (angle: number): number => (angle & 255) >> 4;
export const MAX_OCTAVE = 7;
export const SCALE_BINS = 2 * MAX_OCTAVE + 1;

/**
 * Shortlists registered images for a query by one kind of descriptor (visual words, a global
 * vector…), among the slots a caller may see. Implementations pass candidate-index.contract.ts.
 */
export interface CandidateIndex<D> {
  readonly size: number;
  has(slot: number): boolean;
  /** Adds the image at `slot`, replacing what the slot held. */
  add(slot: number, descriptor: D): void;
  remove(slot: number): void;
  /** The `limit` most similar images, best first, among those `allowed` (all when omitted). */
  search(query: D, limit: number, allowed?: (slot: number) => boolean): Array<{ slot: number; score: number }>;
}
