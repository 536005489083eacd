import type { Principal } from '../roles.js';
import type { Lang } from '../i18n/languages.js';

/** What every request carries through the middleware chain. */
export interface AppEnv {
  Variables: {
    principal: Principal | null;
    /** Set on page routes, from the `/{lang}/` prefix. */
    lang: Lang;
    /** Set on page routes for signed-in people: their unread notifications, shown in the navigation. */
    unreadNotifications: number | undefined;
  };
}
