import jsQRModule from 'jsqr';

// jsqr is CommonJS typed as an ES default export: Node hands over module.exports, which also carries `default`.
const jsQR = jsQRModule.default;

/**
 * Reads a QR code from a grayscale image with jsQR, a decoder independent of ours; '' if none is read.
 * Not OpenCV's detector: on 400 random texts (versions 1–10, 2–7 px a module) it missed 13 valid codes
 * that jsQR and the `qrcode` package's encoder agreed on, so tests failed at random on sound codes.
 */
export function decodeQrImage(pixels: Uint8Array, width: number, height: number): string {
  const rgba = new Uint8ClampedArray(width * height * 4);
  pixels.forEach((grey, i) => {
    rgba.fill(grey, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  });
  return jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' })?.data ?? '';
}

/** Draws modules (true: dark) `scale` pixels each inside a 4-module quiet zone, and reads the code back. */
export function decodeQrModules(modules: readonly (readonly boolean[])[], scale = 6): string {
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
