/**
 * A small QR code encoder (ISO/IEC 18004, after Project Nayuki's reference implementation): byte
 * mode, error correction level M, versions 1–10 (up to 213 bytes: an otpauth:// URI with an e-mail
 * address of up to about 100 characters), so that the enrolment page can show the key as a code a
 * phone scans, drawn as SVG on the server, and a certificate carries its verification address.
 * Larger versions are left out: nothing Egide draws needs them, and every version kept is decoded
 * back by an independent decoder in the tests.
 */

/** Error correction codewords per block, and blocks, at level M, by version (index 0 unused). */
const ECC_PER_BLOCK = [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26];
const BLOCKS = [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5];
const MAX_VERSION = 10;
/** Level M's two format bits. */
const FORMAT_M = 0;

export type QrMatrix = boolean[][];

/** The modules (true: dark) of the smallest code holding `text` as UTF-8; undefined if too long. */
export function encodeQr(text: string): QrMatrix | undefined {
  const data = new TextEncoder().encode(text);
  for (let version = 1; version <= MAX_VERSION; version += 1) {
    const capacityBits = dataCodewords(version) * 8;
    const countBits = version <= 9 ? 8 : 16;
    if (4 + countBits + data.length * 8 <= capacityBits) return new QrBuilder(version).build(codewords(data, version, countBits));
  }
  return undefined;
}

function rawDataModules(version: number): number {
  let result = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2;
    result -= (25 * align - 10) * align - 55;
    if (version >= 7) result -= 36;
  }
  return result;
}

function dataCodewords(version: number): number {
  return Math.floor(rawDataModules(version) / 8) - ECC_PER_BLOCK[version]! * BLOCKS[version]!;
}

/** Mode, count, bytes, terminator and padding, then split into blocks with their error correction, interleaved. */
function codewords(data: Uint8Array, version: number, countBits: number): number[] {
  const bits: number[] = [];
  const append = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i -= 1) bits.push((value >>> i) & 1);
  };
  append(0b0100, 4);
  append(data.length, countBits);
  for (const byte of data) append(byte, 8);
  const capacity = dataCodewords(version) * 8;
  append(0, Math.min(4, capacity - bits.length));
  append(0, (8 - (bits.length % 8)) % 8);
  for (let pad = 0xec; bits.length < capacity; pad ^= 0xec ^ 0x11) append(pad, 8);
  const bytes: number[] = [];
  for (let i = 0; i < bits.length; i += 8) bytes.push(bits.slice(i, i + 8).reduce((byte, bit) => (byte << 1) | bit, 0));

  const blockCount = BLOCKS[version]!;
  const eccLength = ECC_PER_BLOCK[version]!;
  const rawCodewords = Math.floor(rawDataModules(version) / 8);
  const shortBlocks = blockCount - (rawCodewords % blockCount);
  const shortLength = Math.floor(rawCodewords / blockCount);
  const divisor = reedSolomonDivisor(eccLength);
  const blocks: number[][] = [];
  for (let i = 0, k = 0; i < blockCount; i += 1) {
    const block = bytes.slice(k, k + shortLength - eccLength + (i < shortBlocks ? 0 : 1));
    k += block.length;
    const ecc = reedSolomonRemainder(block, divisor);
    if (i < shortBlocks) block.push(0); // a placeholder, skipped when interleaving
    blocks.push([...block, ...ecc]);
  }
  const result: number[] = [];
  for (let i = 0; i < blocks[0]!.length; i += 1) {
    blocks.forEach((block, j) => {
      if (i !== shortLength - eccLength || j >= shortBlocks) result.push(block[i]!);
    });
  }
  return result;
}

function gfMultiply(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i -= 1) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

function reedSolomonDivisor(degree: number): number[] {
  const result = new Array<number>(degree - 1).fill(0).concat([1]);
  let root = 1;
  for (let i = 0; i < degree; i += 1) {
    for (let j = 0; j < result.length; j += 1) {
      result[j] = gfMultiply(result[j]!, root);
      if (j + 1 < result.length) result[j]! ^= result[j + 1]!;
    }
    root = gfMultiply(root, 0x02);
  }
  return result;
}

function reedSolomonRemainder(data: readonly number[], divisor: readonly number[]): number[] {
  const result = divisor.map(() => 0);
  for (const byte of data) {
    const factor = byte ^ result.shift()!;
    result.push(0);
    divisor.forEach((coefficient, i) => (result[i]! ^= gfMultiply(coefficient, factor)));
  }
  return result;
}

const MASKS: ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

class QrBuilder {
  private readonly size: number;
  private readonly modules: boolean[][];
  private readonly reserved: boolean[][];

  constructor(private readonly version: number) {
    this.size = version * 4 + 17;
    this.modules = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
    this.reserved = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
  }

  build(data: readonly number[]): QrMatrix {
    this.drawFunctionPatterns();
    this.drawCodewords(data);
    // Every mask gives a valid code; the one with the fewest patterns that trouble scanners is kept.
    let best: { mask: number; penalty: number; modules: boolean[][] } | undefined;
    for (let mask = 0; mask < MASKS.length; mask += 1) {
      const masked = this.modules.map((row, y) => row.map((dark, x) => (this.reserved[y]![x] ? dark : dark !== MASKS[mask]!(x, y))));
      this.drawFormatBits(mask, masked);
      const penalty = penaltyScore(masked);
      if (!best || penalty < best.penalty) best = { mask, penalty, modules: masked };
    }
    return best!.modules;
  }

  private set(x: number, y: number, dark: boolean, target = this.modules): void {
    target[y]![x] = dark;
    this.reserved[y]![x] = true;
  }

  private drawFunctionPatterns(): void {
    const { size } = this;
    for (let i = 0; i < size; i += 1) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    for (const [x, y] of [[3, 3], [size - 4, 3], [3, size - 4]] as const) {
      for (let dy = -4; dy <= 4; dy += 1) {
        for (let dx = -4; dx <= 4; dx += 1) {
          const distance = Math.max(Math.abs(dx), Math.abs(dy));
          if (x + dx >= 0 && x + dx < size && y + dy >= 0 && y + dy < size) this.set(x + dx, y + dy, distance !== 2 && distance !== 4);
        }
      }
    }
    const positions = this.alignmentPositions();
    const last = positions.length - 1;
    positions.forEach((px, i) =>
      positions.forEach((py, j) => {
        if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
        for (let dy = -2; dy <= 2; dy += 1) for (let dx = -2; dx <= 2; dx += 1) this.set(px + dx, py + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
      }),
    );
    this.drawFormatBits(0, this.modules); // reserves the format areas; drawn for real per mask
    if (this.version >= 7) {
      let remainder = this.version;
      for (let i = 0; i < 12; i += 1) remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1f25);
      const bits = (this.version << 12) | remainder;
      for (let i = 0; i < 18; i += 1) {
        const dark = ((bits >>> i) & 1) === 1;
        const a = size - 11 + (i % 3);
        const b = Math.floor(i / 3);
        this.set(a, b, dark);
        this.set(b, a, dark);
      }
    }
  }

  private alignmentPositions(): number[] {
    if (this.version === 1) return [];
    const count = Math.floor(this.version / 7) + 2;
    const step = Math.ceil((this.version * 4 + 4) / (count * 2 - 2)) * 2;
    const result = [6];
    for (let position = this.size - 7; result.length < count; position -= step) result.splice(1, 0, position);
    return result;
  }

  private drawFormatBits(mask: number, target: boolean[][]): void {
    const data = (FORMAT_M << 3) | mask;
    let remainder = data;
    for (let i = 0; i < 10; i += 1) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
    const bits = ((data << 10) | remainder) ^ 0x5412;
    const bit = (i: number) => ((bits >>> i) & 1) === 1;
    const { size } = this;
    for (let i = 0; i <= 5; i += 1) this.set(8, i, bit(i), target);
    this.set(8, 7, bit(6), target);
    this.set(8, 8, bit(7), target);
    this.set(7, 8, bit(8), target);
    for (let i = 9; i < 15; i += 1) this.set(14 - i, 8, bit(i), target);
    for (let i = 0; i < 8; i += 1) this.set(size - 1 - i, 8, bit(i), target);
    for (let i = 8; i < 15; i += 1) this.set(8, size - 15 + i, bit(i), target);
    this.set(8, size - 8, true, target);
  }

  /** The zigzag of two-module columns from the bottom right, skipping the vertical timing pattern. */
  private drawCodewords(data: readonly number[]): void {
    let i = 0;
    for (let right = this.size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      for (let vertical = 0; vertical < this.size; vertical += 1) {
        for (let j = 0; j < 2; j += 1) {
          const x = right - j;
          const upward = ((right + 1) & 2) === 0;
          const y = upward ? this.size - 1 - vertical : vertical;
          if (!this.reserved[y]![x] && i < data.length * 8) {
            this.modules[y]![x] = ((data[i >>> 3]! >>> (7 - (i & 7))) & 1) === 1;
            i += 1;
          }
        }
      }
    }
  }
}

/** Dark-light runs 1:1:3:1:1 with four light modules on one side: what scanners take for a finder pattern. */
const FINDER_LIKE = [
  [true, false, true, true, true, false, true, false, false, false, false],
  [false, false, false, false, true, false, true, true, true, false, true],
];

/** ISO 18004's penalty rules: runs, 2×2 blocks, finder look-alikes (outside the code counts as light), dark balance. */
function penaltyScore(modules: QrMatrix): number {
  const size = modules.length;
  let penalty = 0;
  const finderLike = (line: (i: number) => boolean) => {
    const at = (i: number) => i >= 0 && i < size && line(i);
    for (let start = -4; start + 11 <= size + 4; start += 1) {
      if (FINDER_LIKE.some((pattern) => pattern.every((dark, k) => at(start + k) === dark))) penalty += 40;
    }
  };
  const runs = (line: (i: number) => boolean) => {
    for (let i = 0, run = 0; i <= size; i += 1) {
      if (i < size && i > 0 && line(i) === line(i - 1)) run += 1;
      else {
        if (run >= 5) penalty += run - 2;
        run = 1;
      }
    }
  };
  let dark = 0;
  for (let y = 0; y < size; y += 1) {
    runs((x) => modules[y]![x]!);
    runs((x) => modules[x]![y]!);
    finderLike((x) => modules[y]![x]!);
    finderLike((x) => modules[x]![y]!);
    for (let x = 0; x < size; x += 1) {
      if (modules[y]![x]) dark += 1;
      if (x + 1 < size && y + 1 < size) {
        const colour = modules[y]![x];
        if (colour === modules[y]![x + 1] && colour === modules[y + 1]![x] && colour === modules[y + 1]![x + 1]) penalty += 3;
      }
    }
  }
  const total = size * size;
  penalty += Math.floor(Math.abs(dark * 20 - total * 10) / total) * 10;
  return penalty;
}

/** An SVG path drawing every dark module as a unit square, offset by a 4-module quiet zone. */
export function qrSvgPath(modules: QrMatrix): string {
  const parts: string[] = [];
  modules.forEach((row, y) => row.forEach((dark, x) => dark && parts.push(`M${x + 4} ${y + 4}h1v1h-1z`)));
  return parts.join('');
}
