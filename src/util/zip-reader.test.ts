import { describe, expect, it } from 'vitest';
import { zipOf } from '../test-support/zip.js';
import { readZip, ZipError } from './zip-reader.js';

describe('readZip', () => {
  it('reads stored and deflated files, leaving out folders and macOS resource forks', () => {
    const text = Buffer.from('peonies '.repeat(100));
    const archive = zipOf([
      { name: 'photos/', bytes: Buffer.alloc(0) },
      { name: 'photos/lot-1.jpg', bytes: Buffer.from([1, 2, 3]) },
      { name: 'photos/lot-2 é.txt', bytes: text, deflate: true },
      { name: '__MACOSX/photos/._lot-1.jpg', bytes: Buffer.from([9]) },
    ]);
    expect(readZip(archive, 10_000)).toEqual([
      { name: 'photos/lot-1.jpg', bytes: Buffer.from([1, 2, 3]) },
      { name: 'photos/lot-2 é.txt', bytes: text },
    ]);
  });

  it('refuses what is not an archive, and an archive unpacking beyond the limit', () => {
    expect(() => readZip(Buffer.from('not a zip at all, just some text'), 1000)).toThrow(ZipError);
    const bomb = zipOf([{ name: 'zeros.bin', bytes: Buffer.alloc(100_000), deflate: true }]);
    expect(bomb.length).toBeLessThan(1000);
    expect(() => readZip(bomb, 50_000)).toThrow(/more than/);
  });
});
