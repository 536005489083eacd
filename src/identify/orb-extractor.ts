import type { LocalFeatureExtractor, LocalFeatures, PreparedImage } from './features.js';
import { loadOpenCv } from './opencv.js';

/** ORB descriptors are 256 bits. */
export const ORB_DESCRIPTOR_BYTES = 32;

/**
 * ORB keypoints and descriptors through OpenCV (WebAssembly): fast, free of patents and models, and
 * robust to rotation, scale and light — what field photos of registered objects differ by.
 */
export class OrbExtractor implements LocalFeatureExtractor {
  readonly name = 'orb-v1';

  async extract(image: PreparedImage, maxFeatures: number): Promise<LocalFeatures> {
    const { cv } = await loadOpenCv();
    const mat = cv.matFromArray(image.height, image.width, cv.CV_8UC1, image.gray);
    // A lower FAST threshold than OpenCV's 20 keeps keypoints on dim, low-contrast photos.
    const orb = new cv.ORB(maxFeatures, 1.2, 8, 31, 0, 2, cv.ORB_HARRIS_SCORE, 31, 12);
    const keypoints = new cv.KeyPointVector();
    const descriptors = new cv.Mat();
    const noMask = new cv.Mat();
    try {
      orb.detectAndCompute(mat, noMask, keypoints, descriptors);
      const count = descriptors.rows;
      const points = new Float32Array(count * 2);
      const angles = new Uint8Array(count);
      const octaves = new Uint8Array(count);
      for (let i = 0; i < count; i++) {
        const keypoint = keypoints.get(i);
        points[i * 2] = keypoint.pt.x;
        points[i * 2 + 1] = keypoint.pt.y;
        angles[i] = Math.round((keypoint.angle * 256) / 360) & 255;
        octaves[i] = keypoint.octave;
      }
      return {
        width: image.width,
        height: image.height,
        points,
        angles,
        octaves,
        descriptors: count > 0 ? new Uint8Array(descriptors.data.slice(0, count * ORB_DESCRIPTOR_BYTES)) : new Uint8Array(0),
        descriptorBytes: ORB_DESCRIPTOR_BYTES,
      };
    } finally {
      mat.delete();
      orb.delete();
      keypoints.delete();
      descriptors.delete();
      noMask.delete();
    }
  }
}
