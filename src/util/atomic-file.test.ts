import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomically, writingBytes } from './atomic-file.js';

describe('writeFileAtomically', () => {
  const folders: string[] = [];
  const folder = () => {
    const path = mkdtempSync(join(tmpdir(), 'egide-atomic-'));
    folders.push(path);
    return path;
  };
  afterEach(() => folders.splice(0).forEach((path) => rmSync(path, { recursive: true, force: true })));

  it('writes the whole file in a new folder and says its size', async () => {
    const path = join(folder(), 'a', 'b', 'file.bin');
    expect(await writeFileAtomically(path, writingBytes(Buffer.from('hello')), { durable: true })).toBe(5);
    expect(readFileSync(path, 'utf8')).toBe('hello');
  });

  it('leaves the previous file and no temporary file when writing fails part way', async () => {
    const root = folder();
    const path = join(root, 'file.bin');
    writeFileSync(path, 'before');
    const failing = async (temporaryPath: string) => {
      writeFileSync(temporaryPath, 'half');
      throw new Error('disk full');
    };
    await expect(writeFileAtomically(path, failing)).rejects.toThrow('disk full');
    expect(readFileSync(path, 'utf8')).toBe('before');
    expect(readdirSync(root)).toEqual(['file.bin']);
  });
});
