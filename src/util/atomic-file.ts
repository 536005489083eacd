import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes a file whole or not at all: `produce` writes a temporary file beside it, which is flushed
 * then renamed, so a reader or a killed process sees the complete file or none. `durable` also
 * syncs the folder, so that the rename survives a power loss. Returns the file's size.
 */
export async function writeFileAtomically(path: string, produce: (temporaryPath: string) => Promise<void>, options: { durable?: boolean } = {}): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  let size: number;
  try {
    await produce(temporary);
    const handle = await open(temporary, 'r');
    try {
      await handle.datasync();
      size = (await handle.stat()).size;
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  if (options.durable) await syncDirectory(dirname(path));
  return size;
}

/** A `produce` for writeFileAtomically that writes `bytes` (to a new file, private to the service's group). */
export const writingBytes = (bytes: Buffer) => async (temporaryPath: string) => {
  const handle = await open(temporaryPath, 'wx', 0o640);
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
};

/** Makes a rename durable (POSIX); not possible on every platform, where it is skipped. */
async function syncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open directories; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
