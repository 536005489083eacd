import type { LocalFeatureExtractor, LocalFeatures, PreparedImage, RowBand } from './features.js';
import { loadOpenCv } from './opencv.js';

/** ORB descriptors are 256 bits. */
export const ORB_DESCRIPTOR_BYTES = 32;

const SCALE_FACTOR = 1.2;
const LEVELS = 8;
const EDGE = 31;
/**
 * Rows read beyond a band on each side: ORB ignores keypoints closer than EDGE pixels to the edge
 * of each pyramid level, EDGE × 1.2⁷ ≈ 111 rows of the image at the coarsest level, so a keypoint
 * of the band is found as in the whole image.
 */
const BAND_MARGIN = Math.ceil(EDGE * SCALE_FACTOR ** (LEVELS - 1)) + 16;

/**
 * ORB keypoints and descriptors through OpenCV (WebAssembly): fast, free of patents and models, and
 * robust to rotation, scale and light — what field photos of registered objects differ by.
 */
export class OrbExtractor implements LocalFeatureExtractor {
  readonly name = 'orb-v1';

  async extract(image: PreparedImage, maxFeatures: number, band?: RowBand): Promise<LocalFeatures> {
    const { cv } = await loadOpenCv();
    const { width, height } = image;
    // A band is read with its margins, and asked for features in proportion to the rows read.
    const top = band ? Math.max(0, band.from - BAND_MARGIN) : 0;
    const bottom = band ? Math.min(height, band.to + BAND_MARGIN) : height;
    const wanted = band ? Math.max(1, Math.round((maxFeatures * (bottom - top)) / height)) : maxFeatures;
    const mat = cv.matFromArray(bottom - top, width, cv.CV_8UC1, image.gray.subarray(top * width, bottom * width));
    // A lower FAST threshold than OpenCV's 20 keeps keypoints on dim, low-contrast photos.
    const orb = new cv.ORB(wanted, SCALE_FACTOR, LEVELS, EDGE, 0, 2, cv.ORB_HARRIS_SCORE, 31, 12);
    const keypoints = new cv.KeyPointVector();
    const descriptors = new cv.Mat();
    const noMask = new cv.Mat();
    try {
      orb.detectAndCompute(mat, noMask, keypoints, descriptors);
      const kept: number[] = [];
      for (let i = 0; i < descriptors.rows; i++) {
        const y = keypoints.get(i).pt.y + top;
        if (!band || (y >= band.from && y < band.to)) kept.push(i);
      }
      const count = kept.length;
      const points = new Float32Array(count * 2);
      const angles = new Uint8Array(count);
      const octaves = new Uint8Array(count);
      const bytes = new Uint8Array(count * ORB_DESCRIPTOR_BYTES);
      kept.forEach((index, i) => {
        const keypoint = keypoints.get(index);
        points[i * 2] = keypoint.pt.x;
        points[i * 2 + 1] = keypoint.pt.y + top;
        angles[i] = Math.round((keypoint.angle * 256) / 360) & 255;
        octaves[i] = keypoint.octave;
        bytes.set(descriptors.data.subarray(index * ORB_DESCRIPTOR_BYTES, (index + 1) * ORB_DESCRIPTOR_BYTES), i * ORB_DESCRIPTOR_BYTES);
      });
      return { width, height, points, angles, octaves, descriptors: bytes, descriptorBytes: ORB_DESCRIPTOR_BYTES };
    } finally {
      mat.delete();
      orb.delete();
      keypoints.delete();
      descriptors.delete();
      noMask.delete();
    }
  }
}
