import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.js';
import { LIMITS, parseImageRequest, resolveImageRequest } from './image-request.js';

const IMAGE = { width: 6000, height: 4000 };

/** The canonical form and output size of a request on a 6,000 × 4,000 image. */
function resolved(path: string, image = IMAGE) {
  const [region, size, rotation, file] = path.split('/') as [string, string, string, string];
  const r = resolveImageRequest(parseImageRequest(region, size, rotation, file), image);
  return { canonical: r.canonical, region: r.region, width: r.width, height: r.height };
}

/** The parameter a refused request names, and its message. */
function refusal(path: string, image = IMAGE): { field: string | undefined; message: string } {
  try {
    resolved(path, image);
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
    return { field: error.issues[0]?.field, message: error.message };
  }
  throw new Error(`${path} was accepted`);
}

describe('IIIF image requests', () => {
  it('resolves every region form to pixels of the image, clipped to its edges', () => {
    expect(resolved('full/max/0/default.jpg')).toMatchObject({ canonical: 'full/max/0/default.jpg', region: { x: 0, y: 0, w: 6000, h: 4000 } });
    expect(resolved('square/max/0/default.jpg')).toMatchObject({ canonical: '1000,0,4000,4000/max/0/default.jpg', width: 4000, height: 4000 });
    expect(resolved('square/max/0/default.jpg', { width: 300, height: 300 }).canonical).toBe('full/max/0/default.jpg');
    expect(resolved('512,1024,512,512/max/0/default.jpg')).toMatchObject({ canonical: '512,1024,512,512/max/0/default.jpg', width: 512, height: 512 });
    // Beyond the right and bottom edges, the region stops at them.
    expect(resolved('5632,3584,512,512/max/0/default.jpg')).toMatchObject({ region: { x: 5632, y: 3584, w: 368, h: 416 }, width: 368, height: 416 });
    expect(resolved('pct:25,50,50,25/max/0/default.jpg')).toMatchObject({ canonical: '1500,2000,3000,1000/max/0/default.jpg' });
    expect(resolved('pct:0,0,100,100/max/0/default.jpg').canonical).toBe('full/max/0/default.jpg');
    expect(resolved('pct:.5,0.5,10.25,1/max/0/default.jpg').region).toEqual({ x: 30, y: 20, w: 615, h: 40 });
  });

  it('resolves every size form, keeping the aspect ratio where only one side or a share is given', () => {
    const region = '0,0,2048,1024';
    const size = (form: string) => {
      const r = resolved(`${region}/${form}/0/default.jpg`);
      return [r.width, r.height, r.canonical.split('/')[1]];
    };
    expect(size('max')).toEqual([2048, 1024, 'max']);
    expect(size('512,')).toEqual([512, 256, '512,256']);
    expect(size(',256')).toEqual([512, 256, '512,256']);
    expect(size('pct:25')).toEqual([512, 256, '512,256']);
    expect(size('pct:100')).toEqual([2048, 1024, 'max']);
    expect(size('300,300')).toEqual([300, 300, '300,300']);
    expect(size('!512,512')).toEqual([512, 256, '512,256']);
    expect(size('!2048,4096')).toEqual([2048, 1024, 'max']);
    expect(size('!4096,1024')).toEqual([2048, 1024, 'max']);
    expect(size('^!4096,4096')).toEqual([4096, 2048, '^4096,2048']);
    expect(size('^4000,')).toEqual([4000, 2000, '^4000,2000']);
    expect(size('^,2048')).toEqual([4096, 2048, '^4096,2048']);
    expect(size('^pct:150')).toEqual([3072, 1536, '^3072,1536']);
    expect(size('^3000,1000')).toEqual([3000, 1000, '^3000,1000']);
    // ^max grows to the server's limits (here its area), the aspect ratio kept.
    expect(size('^max')).toEqual([8944, 4472, '^8944,4472']);
    expect(8944 * 4472).toBeLessThanOrEqual(LIMITS.maxArea);
    expect(size('^512,')).toEqual([512, 256, '512,256']);
  });

  it('keeps max within the server limits for images larger than them', () => {
    // Found by the property test below: a one-pixel side stays one pixel.
    expect(resolved('pct:0,48,95,2/max/0/default.jpg', { width: 10_527, height: 1 })).toMatchObject({ region: { w: 10_001, h: 1 }, width: 10_000, height: 1 });
    const large = { width: 12_000, height: 6_000 };
    const r = resolved('full/max/0/default.jpg', large);
    expect([r.width, r.height]).toEqual([8944, 4472]);
    expect(r.width * r.height).toBeLessThanOrEqual(LIMITS.maxArea);
    expect(r.canonical).toBe('full/8944,4472/0/default.jpg');
  });

  it('puts mirroring and rotation, quality and format in the canonical form', () => {
    expect(resolved('full/512,/!0/gray.png').canonical).toBe('full/512,341/!0/gray.png');
    expect(resolved('full/512,/90.0/color.webp').canonical).toBe('full/512,341/90/color.webp');
    expect(resolved('full/512,/360/bitonal.jpg').canonical).toBe('full/512,341/0/bitonal.jpg');
    expect(resolved('full/512,/!270/default.jpg').canonical).toBe('full/512,341/!270/default.jpg');
  });

  it('refuses malformed parameters, naming the parameter', () => {
    const cases: Array<[string, string]> = [
      ['whole/max/0/default.jpg', 'region'],
      ['1,2,3/max/0/default.jpg', 'region'],
      ['0,0,0,10/max/0/default.jpg', 'region'],
      ['-1,0,10,10/max/0/default.jpg', 'region'],
      ['pct:a,0,10,10/max/0/default.jpg', 'region'],
      ['full/big/0/default.jpg', 'size'],
      ['full/0,/0/default.jpg', 'size'],
      ['full/pct:0/0/default.jpg', 'size'],
      ['full/!100,/0/default.jpg', 'size'],
      ['full/^^max/0/default.jpg', 'size'],
      ['full/max/-90/default.jpg', 'rotation'],
      ['full/max/361/default.jpg', 'rotation'],
      ['full/max/45/default.jpg', 'rotation'],
      ['full/max/!!0/default.jpg', 'rotation'],
      ['full/max/0/sepia.jpg', 'quality'],
      ['full/max/0/default', 'format'],
      ['full/max/0/default.gif', 'format'],
      ['full/max/0/default.JPG', 'format'],
    ];
    for (const [path, field] of cases) expect(refusal(path).field, path).toBe(field);
    expect(refusal('full/max/45/default.jpg').message).toMatch(/only 0, 90, 180 and 270/);
  });

  it('refuses regions outside the image, enlargements without ^ and sizes beyond the limits', () => {
    expect(refusal('6000,0,10,10/max/0/default.jpg')).toMatchObject({ field: 'region', message: expect.stringMatching(/outside the image, which is 6000 × 4000/) });
    expect(refusal('0,4000,10,10/max/0/default.jpg').field).toBe('region');
    expect(refusal('pct:100,0,10,10/max/0/default.jpg').field).toBe('region');
    expect(refusal('0,0,512,512/1024,/0/default.jpg')).toMatchObject({ field: 'size', message: expect.stringMatching(/enlarging needs "\^"/) });
    expect(refusal('0,0,512,512/,513/0/default.jpg').field).toBe('size');
    expect(refusal('0,0,512,512/600,300/0/default.jpg').field).toBe('size');
    expect(refusal('full/pct:101/0/default.jpg').field).toBe('size');
    expect(refusal('full/pct:100.5/0/default.jpg').field).toBe('size');
    expect(refusal('0,0,512,512/513,513/0/default.jpg').field).toBe('size');
    expect(refusal('0,0,512,512/512,513/0/default.jpg').field).toBe('size');
    expect(refusal('full/^20000,/0/default.jpg')).toMatchObject({ field: 'size', message: expect.stringMatching(/larger than this server renders/) });
    expect(refusal('full/^pct:200/0/default.jpg').field).toBe('size');
  });

  it('refuses a best fit (!w,h) that would enlarge the region without ^, as the official validator checks', () => {
    // The validator asks for !2000,3000 of its 1000 × 1000 test image.
    expect(refusal('full/!2000,3000/0/default.jpg', { width: 1000, height: 1000 })).toMatchObject({
      field: 'size',
      message: expect.stringMatching(/!2000,3000 would enlarge the 1000 × 1000 region: enlarging needs "\^"/),
    });
    expect(refusal('0,0,2048,1024/!4096,4096/0/default.jpg').field).toBe('size');
    expect(refusal('0,0,2048,1024/!2049,1025/0/default.jpg').field).toBe('size');
    // A box that the region already fits in one direction only scales down or not at all.
    expect(resolved('0,0,2048,1024/!4096,512/0/default.jpg')).toMatchObject({ width: 1024, height: 512 });
    expect(resolved('0,0,2048,1024/!2048,1024/0/default.jpg').canonical.split('/')[1]).toBe('max');
    // With ^ the same box enlarges.
    expect(resolved('full/^!2000,3000/0/default.jpg', { width: 1000, height: 1000 })).toMatchObject({ width: 2000, height: 2000 });
  });

  it('never renders beyond maxWidth, maxHeight and maxArea, never enlarges without ^, and gives max as the region when it fits them', () => {
    const side = fc.integer({ min: 1, max: 12_000 });
    const sizeForm = fc.oneof(
      fc.constant('max'),
      side.map((w) => `${w},`),
      side.map((h) => `,${h}`),
      fc.integer({ min: 1, max: 300 }).map((n) => `pct:${n}`),
      fc.tuple(side, side).map(([w, h]) => `${w},${h}`),
      fc.tuple(side, side).map(([w, h]) => `!${w},${h}`),
    );
    const request = fc.record({
      image: fc.record({ width: side, height: side }),
      region: fc.tuple(fc.nat(100), fc.nat(100), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 })).map(([x, y, w, h]) => `pct:${x},${y},${w},${h}`),
      size: fc.tuple(fc.boolean(), sizeForm).map(([up, form]) => `${up ? '^' : ''}${form}`),
    });
    fc.assert(
      fc.property(request, ({ image, region, size }) => {
        let r: ReturnType<typeof resolved>;
        try {
          r = resolved(`${region}/${size}/0/default.jpg`, image);
        } catch (error) {
          if (error instanceof DomainError && error.kind === 'invalid') return;
          throw error;
        }
        expect(r.width).toBeLessThanOrEqual(LIMITS.maxWidth);
        expect(r.height).toBeLessThanOrEqual(LIMITS.maxHeight);
        expect(r.width * r.height).toBeLessThanOrEqual(LIMITS.maxArea);
        if (!size.startsWith('^')) expect(r.width <= r.region.w && r.height <= r.region.h).toBe(true);
        const withinLimits = r.region.w <= LIMITS.maxWidth && r.region.h <= LIMITS.maxHeight && r.region.w * r.region.h <= LIMITS.maxArea;
        if (size === 'max' && withinLimits) expect([r.width, r.height]).toEqual([r.region.w, r.region.h]);
        // Shrunk to fit, aspect kept (a side of one pixel cannot shrink: 10,001 × 1 gives 10,000 × 1).
        if (size === 'max' && !withinLimits) expect(r.width <= r.region.w && r.height <= r.region.h && r.width * r.height < r.region.w * r.region.h).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});
