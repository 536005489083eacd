import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { readMultipartUpload, UploadTooLargeError } from './multipart-upload.js';

/** A form encoded as fetch would send it: its bytes and Content-Type. */
async function encoded(form: FormData): Promise<{ bytes: Uint8Array; contentType: string }> {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { bytes: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get('Content-Type')! };
}

/** The bytes as a stream of chunks of `size` bytes, so that boundaries fall across chunks. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

const photoForm = (photo: Uint8Array, fields: Record<string, string> = {}) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('photo', new File([new Uint8Array(photo)], 'field photo.jpg'));
  return form;
};

describe('readMultipartUpload', () => {
  it('writes the photo to a temporary file and keeps the text fields, whatever the chunk sizes', async () => {
    // Bytes that look like the start of a delimiter inside the file must stay in it.
    const photo = new Uint8Array([...Buffer.from('\r\n--\r\n-'), ...Array.from({ length: 5000 }, (_, i) => (i * 31) % 256)]);
    const { bytes, contentType } = await encoded(photoForm(photo, { _csrf: 'token-é', top: '3' }));
    for (const size of [1, 7, 64, 100_000]) {
      const upload = await readMultipartUpload(chunked(bytes, size), contentType, { fileFields: ['photo'], maxBytes: 1_000_000 });
      expect(upload.fields).toEqual({ _csrf: 'token-é', top: '3' });
      const file = upload.files.photo!;
      expect(file).toMatchObject({ filename: 'field photo.jpg', size: photo.length });
      expect(new Uint8Array(readFileSync(file.path))).toEqual(photo);
      await upload.discard();
      expect(existsSync(file.path)).toBe(false);
    }
  });

  it('keeps any file byte for byte, split anywhere (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 500 }), async (photo, size) => {
        const { bytes, contentType } = await encoded(photoForm(photo));
        const upload = await readMultipartUpload(chunked(bytes, size), contentType, { fileFields: ['photo'], maxBytes: 1_000_000 });
        try {
          expect(new Uint8Array(readFileSync(upload.files.photo!.path))).toEqual(photo);
        } finally {
          await upload.discard();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('drops file parts the form does not expect', async () => {
    const form = photoForm(new Uint8Array([1, 2, 3]));
    form.append('other', new File([new Uint8Array(10)], 'other.bin'));
    const { bytes, contentType } = await encoded(form);
    const upload = await readMultipartUpload(chunked(bytes, 16), contentType, { fileFields: ['photo'], maxBytes: 1_000_000 });
    expect(Object.keys(upload.files)).toEqual(['photo']);
    expect(upload.fields).toEqual({});
    await upload.discard();
  });

  it('keeps the first of a repeated file field, unless the form takes several (then up to its limit)', async () => {
    const form = photoForm(new Uint8Array([1]));
    form.append('photo', new File([new Uint8Array([2, 2])], 'second.jpg'));
    form.append('photo', new File([new Uint8Array([3, 3, 3])], 'third.jpg'));
    const { bytes, contentType } = await encoded(form);
    const single = await readMultipartUpload(chunked(bytes, 16), contentType, { fileFields: ['photo'], maxBytes: 1_000_000 });
    expect(single.files.photo).toMatchObject({ filename: 'field photo.jpg', size: 1 });
    expect(single.fileLists.photo).toEqual([single.files.photo]);
    await single.discard();

    const several = await readMultipartUpload(chunked(bytes, 16), contentType, { fileFields: ['photo'], maxBytes: 1_000_000, maxFilesPerField: 3 });
    expect(several.files.photo).toEqual(several.fileLists.photo![0]);
    expect(several.fileLists.photo!.map((file) => [file.filename, [...readFileSync(file.path)]])).toEqual([
      ['field photo.jpg', [1]],
      ['second.jpg', [2, 2]],
      ['third.jpg', [3, 3, 3]],
    ]);
    await several.discard();

    const tooMany = readMultipartUpload(chunked(bytes, 16), contentType, { fileFields: ['photo'], maxBytes: 1_000_000, maxFilesPerField: 2 });
    await expect(tooMany).rejects.toMatchObject({ kind: 'invalid', issues: [{ field: 'photo', message: 'at most 2 files' }] });
  });

  it('stops reading past the limit', async () => {
    const { bytes, contentType } = await encoded(photoForm(new Uint8Array(50_000)));
    await expect(readMultipartUpload(chunked(bytes, 1000), contentType, { fileFields: ['photo'], maxBytes: 20_000 })).rejects.toBeInstanceOf(UploadTooLargeError);
  });

  it('refuses a body cut before its closing boundary, or without a boundary, as invalid', async () => {
    const { bytes, contentType } = await encoded(photoForm(new Uint8Array(1000)));
    const cut = readMultipartUpload(chunked(bytes.slice(0, 600), 100), contentType, { fileFields: ['photo'], maxBytes: 1_000_000 });
    await expect(cut).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('closing boundary') });
    await expect(readMultipartUpload(chunked(bytes, 100), 'multipart/form-data', { fileFields: ['photo'], maxBytes: 1_000_000 })).rejects.toBeInstanceOf(DomainError);
  });
});
