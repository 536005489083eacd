import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { expectDomainError } from '../../test-support/domain-errors.js';
import { jpeg, jpegWithOrientation6 } from '../../test-support/photo-images.js';
import { leakedSecrets, taggedJpeg } from '../../test-support/tagged-photo.js';
import { AssessmentPhotoFiles } from './assessment-photos.js';

// Preparing touches no store: files are written apart (`write`).
const files = new AssessmentPhotoFiles(undefined as never);

describe('AssessmentPhotoFiles.prepareAll', () => {
  it('prepares the photos of an assessment in their order, each without its metadata', async () => {
    const tagged = await taggedJpeg(sharp({ create: { width: 320, height: 240, channels: 3, background: '#884422' } }));
    const photos = [{ bytes: tagged.bytes, filename: 'a.jpg' }, { bytes: await jpegWithOrientation6(), filename: 'b.jpg' }, { bytes: await jpeg(200, 100), filename: 'c.jpg' }];
    const prepared = await files.prepareAll(photos);
    expect(prepared.map((photo) => [photo.width, photo.height])).toEqual([
      [240, 320],
      [600, 1000],
      [200, 100],
    ]);
    for (const variant of ['original', 'display', 'thumbnail'] as const) expect(leakedSecrets(prepared[0]![variant], tagged)).toEqual([]);
  });

  it('keeps an original that has no metadata byte for byte, and encodes the display for speed (baseline, not mozjpeg’s progressive)', async () => {
    const clean = await jpeg(640, 480);
    const [photo] = await files.prepareAll([{ bytes: clean, filename: 'clean.jpg' }]);
    expect(photo!.original.equals(clean)).toBe(true);
    expect((await sharp(photo!.display).metadata()).isProgressive).toBe(false);
  });

  it('names the part that is not an image', async () => {
    const error = await expectDomainError(files.prepareAll([{ bytes: await jpeg(), filename: 'a.jpg' }, { bytes: Buffer.from('not an image'), filename: 'b.jpg' }]), 'invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual(['photos[1]']);
  });
});
