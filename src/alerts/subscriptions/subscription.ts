import type { Lang } from '../../i18n/languages.js';
import type { SearchQuery } from '../../registry/search/search.types.js';

export const SUBSCRIPTION_KINDS = ['search', 'objects', 'image-watch'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];

/** E-mail for each alert as it comes, once a day, or none. */
export const EMAIL_MODES = ['off', 'immediate', 'digest'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/** A saved search: the registry search's own query, without paging and sorting. */
export type SubscriptionQuery = Pick<SearchQuery, 'q' | 'type' | 'material' | 'status' | 'country' | 'period' | 'height' | 'width' | 'depth' | 'weight' | 'tolerance'>;

export interface SubscriptionChannels {
  inApp: boolean;
  email: EmailMode;
  /** A webhook of the owner's (src/alerts/webhooks/), or none. */
  webhookId: number | null;
}

export interface Subscription {
  id: string;
  userId: number;
  kind: SubscriptionKind;
  label: string;
  /** Kind `search`: what it matches. */
  query: SubscriptionQuery | null;
  /** Kind `objects`: the objects it follows. */
  objectIds: string[];
  channels: SubscriptionChannels;
  /** The language of its e-mails. */
  lang: Lang;
  createdAt: string;
  updatedAt: string;
}

/** What an alert to a subscriber carries in the outbox (in-app and e-mail channels). */
export interface AlertDelivery {
  kind: 'alert';
  eventId: number;
  objectId: string;
  status: 'stolen' | 'missing';
  subscriptionId: string;
  subscriptionLabel: string;
  lang: Lang;
  /** Set by image watches (part D): the stock photo matched and its score. */
  evidence?: Record<string, unknown> | undefined;
}

/** The daily e-mail gathering a subscriber's digest items. */
export interface DigestDelivery {
  kind: 'digest';
  day: string;
}
