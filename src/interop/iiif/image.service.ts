import { createHash } from 'node:crypto';
import type { Principal } from '../../roles.js';
import type { Logger } from '../../config/logger.js';
import type { PhotoFile, PhotoService } from '../../registry/photos/photo.service.js';
import type { DiskCache } from './disk-cache.js';
import { resolveImageRequest, type ImageRequest, type ResolvedRequest } from './image-request.js';
import { buildPyramid, pyramidLevels, renderFromPyramid, type PyramidLevel } from './image-pyramid.js';

/** Bumped when the pyramid or rendering recipe changes: cached renders and their ETags change with it. */
const RENDER_VERSION = 'v1';
/** Pyramid levels remembered in memory (a handful of numbers each), so that a cached image is served without opening the pyramid. */
const REMEMBERED_PYRAMIDS = 2_000;

/** A photo the caller may see, as the Image API describes it. */
export interface ImageDescription {
  width: number;
  height: number;
  /** Its object is on the public alert list: shared caches may keep it. */
  public: boolean;
  lastModified: Date;
}

export interface ImageResponse extends ImageDescription {
  request: ResolvedRequest;
  /** Weak (rendering again may change bytes, not the image), from the render version and the canonical request. */
  etag: string;
  /** The rendered bytes, from the disk cache or rendered now (and then cached). */
  bytes(): Promise<Buffer>;
}

const pyramidKey = (photoId: string) => `pyramids/${photoId.slice(0, 2)}/${photoId}.tif`;

/**
 * IIIF Image API 3.0 over registry photos. A photo is visible exactly when its object is; anything
 * else is not found. Nothing rendered carries the original's metadata (EXIF, XMP, IPTC, ICC): sharp
 * writes none unless asked, so GPS positions and camera serials stay with the original. Each photo gets a
 * pyramid, made on first use from the original, and every rendered image is kept in the disk cache.
 */
export class IiifImageService {
  private readonly remembered = new Map<string, PyramidLevel[]>();
  private readonly building = new Map<string, Promise<PyramidLevel[]>>();

  constructor(
    private readonly photos: PhotoService,
    private readonly cache: DiskCache,
    private readonly logger: Logger,
  ) {}

  async describe(principal: Principal | null, photoId: string): Promise<ImageDescription> {
    const image = await this.open(principal, photoId);
    return { width: image.width, height: image.height, public: image.public, lastModified: image.lastModified };
  }

  /** Resolves the request against the photo (DomainError 'invalid' if it does not fit); rendering waits for `bytes()`. */
  async image(principal: Principal | null, photoId: string, request: ImageRequest): Promise<ImageResponse> {
    const { levels, original, ...description } = await this.open(principal, photoId);
    const resolved = resolveImageRequest(request, description);
    const name = resolved.canonical.replaceAll('/', '_');
    const key = `tiles/${RENDER_VERSION}/${photoId.slice(0, 2)}/${photoId}/${name}`;
    return {
      ...description,
      request: resolved,
      // Hashed: a canonical form has commas, which If-None-Match lists use as separators.
      etag: `W/"${RENDER_VERSION}-${createHash('sha256').update(name).digest('base64url').slice(0, 22)}"`,
      bytes: async () => (await this.cache.read(key)) ?? this.render(photoId, original, levels, resolved, key),
    };
  }

  /** The photo if `principal` may see it (not found otherwise), with its pyramid's levels. */
  private async open(principal: Principal | null, photoId: string): Promise<ImageDescription & { levels: PyramidLevel[]; original: PhotoFile }> {
    // The untouched original is the best source; pyramids and renders are written without its metadata.
    const original = await this.photos.readRenderSource(principal, photoId);
    const levels = this.remembered.get(photoId) ?? (await this.pyramid(photoId, original));
    return { width: levels[0]!.width, height: levels[0]!.height, public: original.public, lastModified: original.lastModified, levels, original };
  }

  private async render(photoId: string, original: PhotoFile, levels: PyramidLevel[], request: ResolvedRequest, key: string): Promise<Buffer> {
    // The pyramid may have been swept from the cache since its levels were remembered; touching it
    // also makes it the most recently used entry, the last a sweep would remove.
    if (!(await this.cache.touch(pyramidKey(photoId)))) await this.pyramid(photoId, original);
    const bytes = await renderFromPyramid(this.cache.path(pyramidKey(photoId)), levels, request);
    await this.cache.write(key, bytes).catch((error: unknown) => this.logger.warn('IIIF render not cached', { photo: photoId, error }));
    return bytes;
  }

  /** The photo's pyramid levels, building the pyramid if it is not in the cache; one build per photo at a time. */
  private pyramid(photoId: string, original: PhotoFile): Promise<PyramidLevel[]> {
    let pending = this.building.get(photoId);
    if (!pending) {
      pending = (async () => {
        const key = pyramidKey(photoId);
        if (!(await this.cache.touch(key))) await this.cache.writeWith(key, async (temporary) => buildPyramid(await original.bytes(), temporary));
        const levels = await pyramidLevels(this.cache.path(key));
        this.remembered.set(photoId, levels);
        if (this.remembered.size > REMEMBERED_PYRAMIDS) this.remembered.delete(this.remembered.keys().next().value!);
        return levels;
      })().finally(() => this.building.delete(photoId));
      this.building.set(photoId, pending);
    }
    return pending;
  }
}
