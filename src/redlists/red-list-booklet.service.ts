import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { DiskCache } from '../interop/iiif/disk-cache.js';
import type { Lang } from '../i18n/languages.js';
import { writeRedListBooklet } from './red-list-booklet.js';
import type { PublishedRedList } from './red-list-public.js';
import type { RedListService } from './red-list.service.js';

/**
 * The booklets' layout: part of each cached file's name, so that booklets drawn by an earlier
 * version of Egide are not served after its layout or wording changed (bump it then).
 */
const BOOKLET_LAYOUT = 1;

/** A booklet ready to send: its file in the cache and what the response says of it. */
export interface BookletFile {
  path: string;
  size: number;
  slug: string;
  edition: number;
  etag: string;
}

/**
 * The booklets of published editions, drawn once per edition and language into a disk cache (a
 * published edition never changes), least recently used out first. Two requests for a booklet
 * being drawn wait for the same drawing.
 */
export class RedListBookletService {
  private readonly drawing = new Map<string, Promise<void>>();

  constructor(
    private readonly lists: Pick<RedListService, 'getPublished' | 'readImage'>,
    private readonly cache: DiskCache,
  ) {}

  /** The booklet of the latest published edition, or of `edition`; not found for a draft or an unknown list. */
  async booklet(slug: string, edition: number | undefined, lang: Lang): Promise<BookletFile> {
    const list = await this.lists.getPublished(slug, edition);
    const key = `${list.slug}/${list.edition}/${lang}-${BOOKLET_LAYOUT}.pdf`;
    if (!(await this.cache.touch(key))) await this.draw(list, lang, key);
    const path = this.cache.path(key);
    return {
      path,
      size: (await stat(path)).size,
      slug: list.slug,
      edition: list.edition,
      etag: `"${list.slug}-${list.edition}-${lang}-${BOOKLET_LAYOUT}"`,
    };
  }

  private draw(list: PublishedRedList, lang: Lang, key: string): Promise<void> {
    let pending = this.drawing.get(key);
    if (!pending) {
      const readImage = async (name: string) => (await this.lists.readImage(null, list.slug, list.edition, name, 'display')).bytes;
      pending = this.cache
        .writeWith(key, (temporaryPath) => writeRedListBooklet(list, lang, readImage, createWriteStream(temporaryPath, { flags: 'wx', mode: 0o640 })))
        .finally(() => this.drawing.delete(key));
      this.drawing.set(key, pending);
    }
    return pending;
  }
}
