/**
 * Image files named in an import source. A source may only name files inside its own folder: an
 * import file from elsewhere must not make Egide read (and publish as a photo) `/etc/passwd` or
 * `../../secrets/key.png`. Paths are relative to that folder, with `/` (or `\`) between folders.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep, win32 } from 'node:path';
import { RowError, type ImageFile } from './import-pipeline.js';

/** The real path of the folder a source's images must be in (symbolic links resolved). */
export function imageFolder(folder: string): string {
  return realpathSync(folder);
}

/** An image file a source names that cannot be read from there; `problem` says why, without the field. */
export class ImageFileError extends RowError {
  override name = 'ImageFileError';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * The image file `written` names, relative to `folder` (as given by `imageFolder`). An ImageFileError when
 * it is a URL or an absolute path, when it leads outside the folder (`..`, or a symbolic link that
 * points elsewhere), or when there is no such file.
 */
export function resolveImage(folder: string, written: string, column = 'images'): ImageFile {
  const name = written.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) throw new ImageFileError(column, `"${name}" is a URL; name a file in the folder of the import file`);
  if (isAbsolute(name) || win32.isAbsolute(name)) {
    throw new ImageFileError(column, `"${name}" is an absolute path; name the file relative to the folder of the import file`);
  }
  const path = resolve(folder, name.replaceAll('\\', '/'));
  if (!inside(folder, path)) throw new ImageFileError(column, `"${name}" is outside the folder of the import file`);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new ImageFileError(column, `"${name}" not found`);
  }
  if (!inside(folder, real)) throw new ImageFileError(column, `"${name}" is outside the folder of the import file`);
  if (!statSync(real).isFile()) throw new ImageFileError(column, `"${name}" is not a file`);
  return { name, path: real };
}
