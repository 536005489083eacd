import type { AlertEvent, AlertListener } from '../alert-event.js';
import type { NewOutboxItem, OutboxService } from '../outbox/outbox.service.js';
import { alertDelivery, channelItems } from '../subscriptions/alert-delivery.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { SubscriptionRepository } from '../subscriptions/subscription.repository.js';
import { watchOwner } from './image-watch.service.js';
import type { WatchedPhotos, WatchHit } from './watched-photos.js';

/** The path of a watched photo's thumbnail, for the watch's owner. */
export const watchedPhotoPath = (subscriptionId: string, photoId: string) => `/media/watches/${subscriptionId}/photos/${photoId}`;

/** What an image watch's alert carries besides the alert: which stock photos were found in the alert's photos. */
export interface ImageWatchEvidence {
  kind: 'image-watch';
  matches: Array<{
    watchedPhotoId: string;
    /** The stock photo's file name, as uploaded. */
    label: string;
    /** Its thumbnail, for the watch's owner (signed in). */
    thumbnailPath: string;
    verdict: WatchHit['verdict'];
    score: number;
    inliers: number;
    /** The alert object's photo it was found in. */
    alertPhotoId: string;
  }>;
}

export interface ImageWatchListenerParts {
  watched: Pick<WatchedPhotos, 'matchObject' | 'remove'>;
  subscriptions: Pick<SubscriptionRepository, 'find'>;
  outbox: Pick<OutboxService, 'enqueue'>;
}

/** Stock photos found per alert and watch, at most (the strongest first). */
const MATCHES_SHOWN = 10;

/**
 * The engine in reverse: each new published alert's photos are searched among the watched stock
 * photos, and each watch with a photo found gets the alert through its channels, with the evidence.
 * An alert about an object one holds is never left for a daily digest: e-mail goes at once.
 */
export class ImageWatchListener implements AlertListener {
  readonly name = 'image-watch';

  constructor(private readonly parts: ImageWatchListenerParts) {}

  async handle(event: AlertEvent): Promise<'done' | 'later'> {
    // Dealers and marketplaces watch the public alert list: an unpublished alert stays with those entitled to it.
    if (!event.published) return 'done';
    const bySubscription = new Map<string, WatchHit[]>();
    for (const hit of await this.parts.watched.matchObject(event.objectId, 'image-watch')) {
      const hits = bySubscription.get(hit.watched.owner.ownerId) ?? [];
      hits.push(hit);
      bySubscription.set(hit.watched.owner.ownerId, hits);
    }
    const items: NewOutboxItem[] = [];
    for (const [id, hits] of bySubscription) {
      const subscription = await this.parts.subscriptions.find(id);
      if (subscription?.kind !== 'image-watch') {
        // The watch ended (deleted as a subscription): its photos are no longer watched.
        await this.parts.watched.remove(watchOwner(id));
        continue;
      }
      items.push(...deliveries(event, subscription, hits));
    }
    await this.parts.outbox.enqueue(items);
    return 'done';
  }
}

function deliveries(event: AlertEvent, subscription: Subscription, hits: readonly WatchHit[]): NewOutboxItem[] {
  const evidence: ImageWatchEvidence = {
    kind: 'image-watch',
    matches: hits.slice(0, MATCHES_SHOWN).map((hit) => ({
      watchedPhotoId: hit.watched.id,
      label: hit.watched.label,
      thumbnailPath: watchedPhotoPath(subscription.id, hit.watched.id),
      verdict: hit.verdict,
      score: hit.score,
      inliers: hit.inliers,
      alertPhotoId: hit.alertPhotoId,
    })),
  };
  const key = `alert:${event.id}:watch:${subscription.id}`;
  return channelItems(subscription, alertDelivery(event, subscription, { ...evidence }), { person: key, webhook: `${key}:webhook` });
}
