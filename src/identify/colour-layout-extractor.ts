import type { GlobalDescriptorExtractor, PreparedImage } from './features.js';

const GRID = 8;

/**
 * A cheap global descriptor in the spirit of MPEG-7 Colour Layout: the image's average colour in an
 * 8 × 8 grid, centred. It recognises a reused or lightly edited photo, not a new photograph of the
 * object; it is the model-free stand-in for a learned descriptor (an ONNX model) that would plug in
 * through the same interface, and keeps that interface honest under the contract tests.
 */
export class ColourLayoutExtractor implements GlobalDescriptorExtractor {
  readonly name = 'colour-layout-8x8-v1';
  readonly dimensions = GRID * GRID * 3;

  async describe(image: PreparedImage): Promise<Float32Array> {
    const sums = new Float64Array(this.dimensions);
    const counts = new Float64Array(GRID * GRID);
    for (let y = 0; y < image.height; y++) {
      const row = Math.min(GRID - 1, Math.floor((y * GRID) / image.height)) * GRID;
      for (let x = 0; x < image.width; x++) {
        const cell = row + Math.min(GRID - 1, Math.floor((x * GRID) / image.width));
        const p = (y * image.width + x) * 3;
        for (let c = 0; c < 3; c++) sums[cell * 3 + c]! += image.rgb[p + c]!;
        counts[cell]!++;
      }
    }
    const vector = new Float32Array(this.dimensions);
    let mean = 0;
    for (let i = 0; i < this.dimensions; i++) {
      vector[i] = sums[i]! / (counts[Math.floor(i / 3)] || 1);
      mean += vector[i]!;
    }
    mean /= this.dimensions;
    // Centred, so that an overall change of exposure moves the vector little.
    for (let i = 0; i < this.dimensions; i++) vector[i]! -= mean;
    return vector;
  }
}
