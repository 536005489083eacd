import { grayOf } from '../../src/identify/prepare-image.js';
import type { PreparedImage } from '../../src/identify/features.js';
import type { Raw } from '../../src/identify/evaluation/synthetic-photos.js';

/** RGBA pixels as the engine sees a decoded photo (the JPEG round trip skipped for speed). */
export function rawToPrepared(image: Raw): PreparedImage {
  const rgb = new Uint8Array(image.width * image.height * 3);
  for (let i = 0, p = 0; p < image.data.length; i += 3, p += 4) {
    rgb[i] = image.data[p]!;
    rgb[i + 1] = image.data[p + 1]!;
    rgb[i + 2] = image.data[p + 2]!;
  }
  return { width: image.width, height: image.height, rgb, gray: grayOf(image.data, 4) };
}
