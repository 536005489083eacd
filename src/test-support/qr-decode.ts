import { loadOpenCv } from '../identify/opencv.js';

/** Reads a QR code from a grayscale image with OpenCV's detector, a decoder independent of ours; '' if none is read. */
export async function decodeQrImage(pixels: Uint8Array, width: number, height: number): Promise<string> {
  const { cv } = await loadOpenCv();
  const image = cv.matFromArray(height, width, cv.CV_8UC1, Array.from(pixels));
  const points = new cv.Mat();
  const straight = new cv.Mat();
  const detector = new cv.QRCodeDetector();
  try {
    return String(detector.detectAndDecode(image, points, straight));
  } finally {
    for (const resource of [image, points, straight, detector]) resource.delete();
  }
}

/** Draws modules (true: dark) `scale` pixels each inside a 4-module quiet zone, and reads the code back. */
export function decodeQrModules(modules: readonly (readonly boolean[])[], scale = 6): Promise<string> {
  const side = (modules.length + 8) * scale;
  const pixels = new Uint8Array(side * side).fill(255);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy += 1) {
        const offset = ((y + 4) * scale + dy) * side + (x + 4) * scale;
        pixels.fill(0, offset, offset + scale);
      }
    }),
  );
  return decodeQrImage(pixels, side, side);
}
