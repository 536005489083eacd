/**
 * Draws an RGBA image into a transparent frame with its corners at four given points (a perspective
 * warp): how the demo's field photos and the identification benchmark's synthetic photos show an
 * object photographed at an angle.
 */
import { loadOpenCv } from './opencv.js';

export interface RgbaImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Corners in the frame, clockwise from the image's top left. */
export type Corners = ReadonlyArray<readonly [number, number]>;

export async function warpIntoFrame(image: RgbaImage, corners: Corners, width: number, height: number): Promise<RgbaImage> {
  const { cv } = await loadOpenCv();
  const source = cv.matFromArray(image.height, image.width, cv.CV_8UC4, image.data);
  const from = cv.matFromArray(4, 1, cv.CV_32FC2, [0, 0, image.width, 0, image.width, image.height, 0, image.height]);
  const to = cv.matFromArray(4, 1, cv.CV_32FC2, corners.flat());
  const transform = cv.getPerspectiveTransform(from, to);
  const target = new cv.Mat();
  try {
    cv.warpPerspective(source, target, transform, new cv.Size(width, height), cv.INTER_AREA, cv.BORDER_CONSTANT, new cv.Scalar(0, 0, 0, 0));
    return { data: Buffer.from(target.data), width, height };
  } finally {
    for (const mat of [source, from, to, transform, target]) mat.delete();
  }
}
