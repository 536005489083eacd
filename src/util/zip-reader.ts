import { inflateRawSync } from 'node:zlib';

/** A file of a ZIP archive: its path inside the archive and its bytes. */
export interface ZipEntry {
  name: string;
  bytes: Buffer;
}

export class ZipError extends Error {
  override name = 'ZipError';
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
/** The end record is 22 bytes, followed by a comment of up to 65,535. */
const END_SEARCH = 22 + 0xffff;

/**
 * The files of a ZIP archive (stored or deflated: what archivers write for photos), folders and
 * macOS resource forks left out. `maxBytes` bounds what the files may unpack to, checked on what
 * is inflated, not only on what the archive declares (a ZIP bomb is refused). ZIP64 archives and
 * encrypted entries are refused with a ZipError.
 */
export function readZip(archive: Buffer, maxBytes: number): ZipEntry[] {
  const end = findEnd(archive);
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  if (offset === 0xffffffff || count === 0xffff) throw new ZipError('ZIP64 archives are not read');
  const entries: ZipEntry[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > archive.length || archive.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new ZipError('the archive’s directory is damaged');
    const flags = archive.readUInt16LE(offset + 8);
    const method = archive.readUInt16LE(offset + 10);
    const compressed = archive.readUInt32LE(offset + 20);
    const size = archive.readUInt32LE(offset + 24);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const local = archive.readUInt32LE(offset + 42);
    const name = archive.subarray(offset + 46, offset + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/') || name.startsWith('__MACOSX/') || name.split('/').some((part) => part.startsWith('._'))) continue;
    if (flags & 0x1) throw new ZipError(`${name} is encrypted`);
    if (local + 30 > archive.length || archive.readUInt32LE(local) !== LOCAL_FILE_HEADER) throw new ZipError(`${name}: the archive is damaged`);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(start, start + compressed);
    if (data.length !== compressed) throw new ZipError(`${name}: the archive is cut short`);
    total += size;
    if (total > maxBytes) throw new ZipError(`the archive unpacks to more than ${Math.round(maxBytes / 1024 ** 2)} MB`);
    let bytes: Buffer;
    if (method === 0) bytes = Buffer.from(data);
    else if (method === 8) {
      try {
        bytes = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
      } catch {
        throw new ZipError(`${name}: cannot be unpacked (damaged, or larger than it says)`);
      }
    } else throw new ZipError(`${name}: compression method ${method} is not read (only stored and deflated files)`);
    if (bytes.length !== size) throw new ZipError(`${name}: unpacks to ${bytes.length} bytes where the archive says ${size}`);
    entries.push({ name, bytes });
  }
  return entries;
}

function findEnd(archive: Buffer): number {
  for (let i = archive.length - 22; i >= Math.max(0, archive.length - END_SEARCH); i--) {
    if (archive.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) return i;
  }
  throw new ZipError('not a ZIP archive');
}
