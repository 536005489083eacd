import { notFound } from '../../errors.js';
import type { PhotoSource } from '../../identify/describe-pool.js';
import type { Lang } from '../../i18n/languages.js';
import type { Principal } from '../../roles.js';
import type { Subscription, SubscriptionChannels } from '../subscriptions/subscription.js';
import type { SubscriptionService } from '../subscriptions/subscription.service.js';
import type { RegisterResult, WatchedPhotos } from './watched-photos.js';
import type { WatchedPhoto, WatchOwner } from './watched-photos.repository.js';

export interface ImageWatchSummary {
  subscription: Subscription;
  photoCount: number;
}

export interface ImageWatchView {
  subscription: Subscription;
  photos: WatchedPhoto[];
}

export interface NewImageWatch {
  label: string;
  channels: SubscriptionChannels;
  lang: Lang;
}

export const watchOwner = (subscriptionId: string): WatchOwner => ({ kind: 'image-watch', ownerId: subscriptionId });

/**
 * Image watches: a subscription of kind `image-watch` (its channels kept with the other
 * subscriptions) and the stock photos it watches for; each person sees and changes their own only.
 */
export class ImageWatchService {
  constructor(
    private readonly subscriptions: Pick<SubscriptionService, 'list' | 'get' | 'create' | 'delete'>,
    private readonly watched: WatchedPhotos,
  ) {}

  async list(principal: Principal): Promise<ImageWatchSummary[]> {
    const watches = (await this.subscriptions.list(principal)).filter((subscription) => subscription.kind === 'image-watch');
    const counts = await this.watched.counts('image-watch', watches.map((subscription) => subscription.id));
    return watches.map((subscription) => ({ subscription, photoCount: counts.get(subscription.id) ?? 0 }));
  }

  create(principal: Principal, watch: NewImageWatch): Promise<Subscription> {
    return this.subscriptions.create(principal, { kind: 'image-watch', ...watch });
  }

  async get(principal: Principal, id: string): Promise<ImageWatchView> {
    const subscription = await this.owned(principal, id);
    return { subscription, photos: await this.watched.list(watchOwner(id)) };
  }

  async addPhotos(principal: Principal, id: string, files: ReadonlyArray<{ source: PhotoSource; label: string }>): Promise<RegisterResult> {
    await this.owned(principal, id);
    return this.watched.register(watchOwner(id), files);
  }

  async removePhoto(principal: Principal, id: string, photoId: string): Promise<void> {
    await this.owned(principal, id);
    if ((await this.watched.remove(watchOwner(id), photoId)) === 0) throw notFound(`No watched photo with the id "${photoId}".`);
  }

  /** Ends the watch: the subscription, then its photos (a photo left by a crash is dropped when an alert finds it: see ImageWatchListener). */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.subscriptions.delete(principal, id);
    await this.watched.remove(watchOwner(id));
  }

  async thumbnail(principal: Principal, id: string, photoId: string): Promise<Buffer> {
    await this.owned(principal, id);
    const thumbnail = await this.watched.thumbnail(watchOwner(id), photoId);
    if (!thumbnail) throw notFound(`No watched photo with the id "${photoId}".`);
    return thumbnail;
  }

  private async owned(principal: Principal, id: string): Promise<Subscription> {
    const subscription = await this.subscriptions.get(principal, id);
    if (subscription.kind !== 'image-watch') throw notFound(`No image watch with the id "${id}".`);
    return subscription;
  }
}
