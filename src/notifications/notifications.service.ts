import type { Principal } from '../roles.js';
import { sightingPhotoPath } from '../registry/sighting-paths.js';
import type { Lang } from '../i18n/languages.js';
import { pickLocalized, type ObjectDescription } from '../registry/object-record.js';
import type { ObjectStatus } from '../registry/status.js';
import type { NotificationRepository } from './notifications.repository.js';

/** A sighting as its recipients see it in their notifications. */
export interface NotificationView {
  id: string;
  createdAt: string;
  read: boolean;
  object: { id: string; title: string; titleLang?: string | undefined; inventoryNumber: string | null; status: ObjectStatus };
  reporter: string;
  reporterOrganisation: string;
  place: string;
  country: string | null;
  note: string | null;
  photoUrl: string;
  thumbnailUrl: string;
}

export class NotificationService {
  constructor(private readonly notifications: NotificationRepository) {}

  async list(principal: Principal, lang: Lang, limit: number, offset: number): Promise<{ items: NotificationView[]; total: number; unread: number }> {
    const [{ rows, total }, unread] = await Promise.all([this.notifications.page(principal, limit, offset), this.notifications.unreadCount(principal)]);
    const items = rows.map((row): NotificationView => {
      const title = pickLocalized((JSON.parse(row.object_description) as ObjectDescription).title, lang);
      return {
        id: row.id,
        createdAt: row.created_at,
        read: row.read_at !== null,
        object: {
          id: row.object_id,
          title: title?.text ?? row.object_title,
          titleLang: title && title.lang !== lang ? title.lang : undefined,
          inventoryNumber: row.object_inventory_number,
          status: row.object_status as ObjectStatus,
        },
        reporter: row.reporter,
        reporterOrganisation: row.reporter_organisation,
        place: row.place,
        country: row.country,
        note: row.note,
        photoUrl: sightingPhotoPath(row.id),
        thumbnailUrl: `${sightingPhotoPath(row.id)}/thumbnail`,
      };
    });
    return { items, total, unread };
  }

  unreadCount(principal: Principal): Promise<number> {
    return this.notifications.unreadCount(principal);
  }

  /** Marks these notifications read, or all of them. */
  markRead(principal: Principal, ids?: readonly string[]): Promise<void> {
    return this.notifications.markRead(principal, ids, new Date().toISOString());
  }
}
