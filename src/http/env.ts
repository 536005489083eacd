import type { Principal } from '../accounts/roles.js';
import type { Lang } from '../i18n/languages.js';

/** What every request carries through the middleware chain. */
export interface AppEnv {
  Variables: {
    principal: Principal | null;
    /** Set on page routes, from the `/{lang}/` prefix. */
    lang: Lang;
  };
}
