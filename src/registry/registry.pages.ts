import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { alertsPages } from './alerts.pages.js';
import { incidentPages } from './incident.pages.js';
import { inventoryPages } from './inventory.pages.js';
import { objectFormPages } from './object-form.pages.js';
import { objectPages } from './object.pages.js';
import type { RegistryPageDeps } from './page-support.js';
import { searchPages } from './search.pages.js';

export type { RegistryPageDeps } from './page-support.js';

/**
 * The registry's pages: alert list, search, inventory, object pages and their forms. None of them
 * is kept in the page cache: they change with every edit, report and status change.
 */
export function registryPages(deps: RegistryPageDeps) {
  return (
    new Hono<AppEnv>()
      // `/objects/new` before `/objects/:id`.
      .route('/', objectFormPages(deps))
      .route('/', incidentPages(deps))
      .route('/', objectPages(deps))
      .route('/', alertsPages(deps))
      .route('/', inventoryPages(deps))
      .route('/', searchPages(deps))
  );
}
