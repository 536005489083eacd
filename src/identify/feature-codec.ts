import type { IndexTerms } from './bow-index.js';
import type { LocalFeatures } from './features.js';

const VERSION = 1;
const HEADER = 12;

/**
 * Local features as stored: a 12-byte header (version, descriptor size, width, height, count), then
 * the keypoints (float32 x, y), angles, octaves and descriptors. ~40 bytes a keypoint.
 */
export function encodeFeatures(features: LocalFeatures): Buffer {
  const count = features.points.length / 2;
  const buffer = Buffer.alloc(HEADER + count * (8 + 2 + features.descriptorBytes));
  buffer.writeUInt8(VERSION, 0);
  buffer.writeUInt8(features.descriptorBytes, 1);
  buffer.writeUInt16LE(features.width, 2);
  buffer.writeUInt16LE(features.height, 4);
  buffer.writeUInt32LE(count, 8);
  let offset = HEADER;
  buffer.set(new Uint8Array(features.points.buffer, features.points.byteOffset, count * 8), offset);
  offset += count * 8;
  buffer.set(features.angles, offset);
  offset += count;
  buffer.set(features.octaves, offset);
  offset += count;
  buffer.set(features.descriptors, offset);
  return buffer;
}

export function decodeFeatures(buffer: Uint8Array): LocalFeatures {
  const view = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (view.readUInt8(0) !== VERSION) throw new Error(`Stored features of version ${view.readUInt8(0)} cannot be read: run egide index rebuild.`);
  const descriptorBytes = view.readUInt8(1);
  const count = view.readUInt32LE(8);
  let offset = HEADER;
  const points = new Float32Array(count * 2);
  new Uint8Array(points.buffer).set(view.subarray(offset, offset + count * 8));
  offset += count * 8;
  const angles = view.subarray(offset, offset + count);
  offset += count;
  const octaves = view.subarray(offset, offset + count);
  offset += count;
  // Copied so that descriptors are 4-byte aligned for matching.
  const descriptors = new Uint8Array(view.subarray(offset, offset + count * descriptorBytes));
  return { width: view.readUInt16LE(2), height: view.readUInt16LE(4), points, angles, octaves, descriptors, descriptorBytes };
}

/**
 * What the inverted file loads at start, as stored: a 4-byte header (a version above any word),
 * then per keypoint its word and its 64-bit signature, then all the angles, then all the octaves.
 */
const INDEX_TERMS_HEADER = 0xff000002;

export function encodeIndexTerms(terms: IndexTerms): Buffer {
  const count = terms.words.length;
  const buffer = Buffer.alloc(4 + count * 14);
  const packed = new Uint32Array(count * 3 + 1);
  packed[0] = INDEX_TERMS_HEADER;
  for (let i = 0; i < count; i++) {
    packed[1 + i * 3] = terms.words[i]!;
    packed[2 + i * 3] = terms.signatures[i * 2]!;
    packed[3 + i * 3] = terms.signatures[i * 2 + 1]!;
  }
  buffer.set(new Uint8Array(packed.buffer), 0);
  buffer.set(terms.angles, 4 + count * 12);
  buffer.set(terms.octaves, 4 + count * 13);
  return buffer;
}

export function decodeIndexTerms(buffer: Uint8Array): IndexTerms {
  const count = (buffer.byteLength - 4) / 14;
  const packed = new Uint32Array(1 + count * 3);
  new Uint8Array(packed.buffer).set(buffer.subarray(0, packed.byteLength));
  if (packed[0] !== INDEX_TERMS_HEADER || !Number.isInteger(count)) throw new Error('Stored index terms of an older version cannot be read: run egide index rebuild.');
  const words = new Uint32Array(count);
  const signatures = new Uint32Array(count * 2);
  for (let i = 0; i < count; i++) {
    words[i] = packed[1 + i * 3]!;
    signatures[i * 2] = packed[2 + i * 3]!;
    signatures[i * 2 + 1] = packed[3 + i * 3]!;
  }
  const angles = new Uint8Array(buffer.buffer, buffer.byteOffset + 4 + count * 12, count);
  const octaves = new Uint8Array(buffer.buffer, buffer.byteOffset + 4 + count * 13, count);
  return { words, signatures, angles, octaves };
}
