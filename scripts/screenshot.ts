/**
 * Screenshots of the partner directory, for the docs and for reviewing the layout:
 * docs/partners-desktop.png (1280×900) and docs/partners-phone.png (390×844), viewport only.
 *
 *   npx tsx scripts/screenshot.ts [path]     (path defaults to /en/partners)
 *
 * Starts the real server on a throw-away data folder, as the browser tests do.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContextOptions } from 'playwright-core';
import { launchChromium, startTestServer } from '../tests/e2e/browser.js';

const path = process.argv[2] ?? '/en/partners';
const docs = fileURLToPath(new URL('../docs/', import.meta.url));

const shots: Array<{ file: string; options: BrowserContextOptions }> = [
  { file: 'partners-desktop.png', options: { viewport: { width: 1280, height: 900 } } },
  { file: 'partners-phone.png', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
];

const server = await startTestServer();
try {
  const browser = await launchChromium();
  try {
    mkdirSync(docs, { recursive: true });
    for (const { file, options } of shots) {
      const context = await browser.newContext({ ...options, baseURL: server.baseUrl, colorScheme: 'light', reducedMotion: 'reduce' });
      const page = await context.newPage();
      const response = await page.goto(path, { waitUntil: 'networkidle' });
      if (!response?.ok()) throw new Error(`GET ${path} answered ${response?.status()}`);
      await page.screenshot({ path: docs + file, fullPage: false });
      await context.close();
      console.log(`wrote docs/${file}`);
    }
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
}
