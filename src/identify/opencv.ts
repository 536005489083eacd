import { createRequire } from 'node:module';

export type OpenCv = typeof import('@techstark/opencv-js');

/** Holds the module: it is a thenable that never settles, so no promise may resolve to it directly. */
export interface OpenCvRuntime {
  cv: OpenCv;
}

let loading: Promise<OpenCvRuntime> | undefined;

/**
 * OpenCV compiled to WebAssembly, loaded once per thread. Awaiting the module (or `await import`)
 * hangs forever, so we wait for its runtime instead.
 */
export function loadOpenCv(): Promise<OpenCvRuntime> {
  loading ??= new Promise((resolve) => {
    const require = createRequire(import.meta.url);
    const cv = require('@techstark/opencv-js') as OpenCv & { Mat?: unknown; onRuntimeInitialized?: () => void };
    if (cv.Mat) resolve({ cv });
    else cv.onRuntimeInitialized = () => resolve({ cv });
  });
  return loading;
}
