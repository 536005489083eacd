import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { invalid } from '../errors.js';

/** A file part of the upload, written to a temporary file as it arrived. */
export interface UploadedFile {
  path: string;
  filename: string;
  size: number;
}

export interface MultipartUpload {
  /** The text fields (the form's token, `top`…). */
  fields: Record<string, string>;
  /** The first file part of each field named in `fileFields` (others are read and dropped). */
  files: Record<string, UploadedFile>;
  /** Every file part kept of each field, in the order they came (up to `maxFilesPerField`). */
  fileLists: Record<string, UploadedFile[]>;
  /** Removes the temporary files. */
  discard(): Promise<void>;
}

export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes.`);
    this.name = 'UploadTooLargeError';
  }
}

/** Text fields are form tokens and numbers: anything longer is not a form Egide sent. */
const MAX_FIELD_BYTES = 16 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

/**
 * Reads a multipart/form-data body as it streams in, writing file parts straight to temporary
 * files: a 40 MB photo is never held in memory, nor parsed in one synchronous pass on the thread
 * that answers requests (each chunk costs a native `indexOf`). Throws DomainError 'invalid' for a
 * malformed body and UploadTooLargeError past `maxBytes`.
 */
export async function readMultipartUpload(body: ReadableStream<Uint8Array> | null, contentType: string, options: UploadOptions): Promise<MultipartUpload> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!body || !boundary) throw malformed('no multipart boundary');
  const folder = await mkdtemp(join(tmpdir(), 'egide-upload-'));
  const upload: MultipartUpload = { fields: {}, files: {}, fileLists: {}, discard: () => rm(folder, { recursive: true, force: true }) };
  const reader = new MultipartReader(`--${boundary[1] ?? boundary[2]}`, folder, options, upload);
  try {
    await reader.read(body);
    return upload;
  } catch (error) {
    reader.abort();
    await upload.discard();
    throw error;
  }
}

export interface UploadOptions {
  fileFields: readonly string[];
  maxBytes: number;
  /**
   * How many files a field may repeat. Unset: the first part of each field is kept and any other
   * read and dropped (a form that takes one photo). Set: past it the upload is refused, naming the field.
   */
  maxFilesPerField?: number;
}

type Part = { name: string; file: { stream: WriteStream; info: UploadedFile; error?: Error } | undefined; text: Buffer[]; textBytes: number };

class MultipartReader {
  private pending: Buffer = Buffer.alloc(0);
  private state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
  private part: Part | undefined;
  private received = 0;
  private filesOpened = 0;
  private readonly opening: Buffer;
  /** Each part after the first begins on a new line. */
  private readonly delimiter: Buffer;

  constructor(
    boundary: string,
    private readonly folder: string,
    private readonly options: UploadOptions,
    private readonly upload: MultipartUpload,
  ) {
    this.opening = Buffer.from(boundary);
    this.delimiter = Buffer.from(`\r\n${boundary}`);
  }

  async read(body: ReadableStream<Uint8Array>): Promise<void> {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      this.received += chunk.length;
      if (this.received > this.options.maxBytes) throw new UploadTooLargeError(this.options.maxBytes);
      // Views, not copies: each chunk is a buffer of its own that nothing else reuses.
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
      await this.consume();
    }
    if (this.state !== 'done') throw malformed('the body ends before its closing boundary');
  }

  /** Closes the file being written, after a failure. */
  abort(): void {
    this.part?.file?.stream.destroy();
    this.part = undefined;
  }

  private async consume(): Promise<void> {
    for (;;) {
      if (this.state === 'preamble') {
        const at = this.pending.indexOf(this.opening);
        if (at < 0) return this.keepTail(this.opening.length);
        this.pending = this.pending.subarray(at + this.opening.length);
        this.state = 'headers';
      } else if (this.state === 'headers') {
        // After a boundary: `--` closes the body, otherwise the line ends and the part's headers follow.
        if (this.pending.length < 2) return;
        if (this.pending[0] === 0x2d && this.pending[1] === 0x2d) {
          this.state = 'done';
          return;
        }
        const end = this.pending.indexOf(HEADERS_END);
        if (end < 0) {
          if (this.pending.length > MAX_HEADER_BYTES) throw malformed('a part has too many headers');
          return;
        }
        const headers = this.pending.subarray(this.pending.indexOf(CRLF) + 2, end).toString('utf8');
        this.pending = this.pending.subarray(end + HEADERS_END.length);
        this.part = await this.openPart(headers);
        this.state = 'body';
      } else if (this.state === 'body') {
        const at = this.pending.indexOf(this.delimiter);
        if (at < 0) {
          // The end of the chunk may be the start of the delimiter: keep it for the next one.
          const safe = Math.max(0, this.pending.length - this.delimiter.length + 1);
          await this.write(this.pending.subarray(0, safe));
          this.pending = this.pending.subarray(safe);
          return;
        }
        await this.write(this.pending.subarray(0, at));
        await this.closePart();
        this.pending = this.pending.subarray(at + this.delimiter.length);
        this.state = 'headers';
      } else {
        this.pending = Buffer.alloc(0); // the epilogue, after the closing boundary
        return;
      }
    }
  }

  private keepTail(length: number): void {
    if (this.pending.length > length) this.pending = this.pending.subarray(this.pending.length - length + 1);
  }

  private async openPart(headers: string): Promise<Part> {
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw malformed('a part has no name');
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (filename === undefined) return { name, file: undefined, text: [], textBytes: 0 };
    // A file part the form does not expect is read and dropped; one the form expects goes to disk.
    const expected = this.options.fileFields.includes(name);
    const kept = this.upload.fileLists[name]?.length ?? 0;
    const { maxFilesPerField } = this.options;
    if (expected && maxFilesPerField !== undefined && kept >= maxFilesPerField) {
      throw invalid(`At most ${maxFilesPerField} files in the field "${name}".`, [{ field: name, message: `at most ${maxFilesPerField} files` }]);
    }
    if (!expected || (kept >= 1 && maxFilesPerField === undefined)) return { name, file: undefined, text: [], textBytes: -1 };
    const path = join(this.folder, `${this.filesOpened++}.upload`);
    const file: NonNullable<Part['file']> = { stream: createWriteStream(path), info: { path, filename, size: 0 } };
    // Kept for closePart (a full disk); after abort, the destroyed stream's complaints are moot.
    file.stream.on('error', (error) => (file.error ??= error));
    return { name, file, text: [], textBytes: -1 };
  }

  private async write(bytes: Buffer): Promise<void> {
    const part = this.part;
    if (!part || bytes.length === 0) return;
    if (part.file) {
      part.file.info.size += bytes.length;
      if (!part.file.stream.write(bytes)) await once(part.file.stream, 'drain');
    } else if (part.textBytes >= 0) {
      part.textBytes += bytes.length;
      if (part.textBytes > MAX_FIELD_BYTES) throw malformed(`the field "${part.name}" is too long`);
      part.text.push(bytes);
    }
  }

  private async closePart(): Promise<void> {
    const part = this.part;
    this.part = undefined;
    if (!part) return;
    if (part.file) {
      part.file.stream.end();
      if (!part.file.stream.closed) await once(part.file.stream, 'close');
      if (part.file.error) throw part.file.error;
      this.upload.files[part.name] ??= part.file.info;
      (this.upload.fileLists[part.name] ??= []).push(part.file.info);
    } else if (part.textBytes >= 0 && !(part.name in this.upload.fields)) {
      this.upload.fields[part.name] = Buffer.concat(part.text).toString('utf8');
    }
  }
}

function malformed(why: string) {
  return invalid(`The upload is not a well-formed multipart/form-data body: ${why}.`, [{ field: '(body)', message: why }]);
}
