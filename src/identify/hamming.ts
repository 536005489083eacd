/** Bits set in a 32-bit word. */
export function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Hamming distance between two 256-bit descriptors stored as 8 words at offsets `a` and `b`. */
export function hamming256(x: Uint32Array, a: number, y: Uint32Array, b: number): number {
  return (
    popcount32(x[a]! ^ y[b]!) +
    popcount32(x[a + 1]! ^ y[b + 1]!) +
    popcount32(x[a + 2]! ^ y[b + 2]!) +
    popcount32(x[a + 3]! ^ y[b + 3]!) +
    popcount32(x[a + 4]! ^ y[b + 4]!) +
    popcount32(x[a + 5]! ^ y[b + 5]!) +
    popcount32(x[a + 6]! ^ y[b + 6]!) +
    popcount32(x[a + 7]! ^ y[b + 7]!)
  );
}

/** 32-byte descriptors as words (copied when the bytes are not 4-byte aligned). */
export function descriptorWords(bytes: Uint8Array): Uint32Array {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
}
