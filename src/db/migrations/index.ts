import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-network-and-accounts.js';
import * as m0002 from './0002-registry.js';
import * as m0003 from './0003-search.js';
import * as m0004 from './0004-source-record-ids.js';
import * as m0005 from './0005-oai-withdrawals.js';
import * as m0006 from './0006-identification.js';
import * as m0007 from './0007-index-geometry.js';
import * as m0008 from './0008-identify-visibility-version.js';
import * as m0009 from './0009-optional-inventory-numbers.js';
import * as m0010 from './0010-identify-index-generation.js';
import * as m0011 from './0011-audit-trail.js';
import * as m0012 from './0012-token-and-account-lifecycle.js';
import * as m0013 from './0013-two-factor.js';
import * as m0014 from './0014-shared-state.js';
import * as m0015 from './0015-red-lists.js';
import * as m0016 from './0016-customs-checks.js';
import * as m0017 from './0017-observatory.js';
import * as m0018 from './0018-observatory-library.js';
import * as m0019 from './0019-heritage-places.js';
import * as m0020 from './0020-emergencies.js';
import * as m0021 from './0021-emergency-plans.js';
import * as m0022 from './0022-alerts.js';
import * as m0023 from './0023-webhooks.js';
import * as m0024 from './0024-due-diligence.js';
import * as m0025 from './0025-image-watches.js';
import * as m0026 from './0026-certificates.js';
import * as m0027 from './0027-identify-evaluations.js';

/** Migrations are listed here, in order, so they bundle with the code instead of being read from disk. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-network-and-accounts': m0001,
  '0002-registry': m0002,
  '0003-search': m0003,
  '0004-source-record-ids': m0004,
  '0005-oai-withdrawals': m0005,
  '0006-identification': m0006,
  '0007-index-geometry': m0007,
  '0008-identify-visibility-version': m0008,
  '0009-optional-inventory-numbers': m0009,
  '0010-identify-index-generation': m0010,
  '0011-audit-trail': m0011,
  '0012-token-and-account-lifecycle': m0012,
  '0013-two-factor': m0013,
  '0014-shared-state': m0014,
  '0015-red-lists': m0015,
  '0016-customs-checks': m0016,
  '0017-observatory': m0017,
  '0018-observatory-library': m0018,
  '0019-heritage-places': m0019,
  '0020-emergencies': m0020,
  '0021-emergency-plans': m0021,
  '0022-alerts': m0022,
  '0023-webhooks': m0023,
  '0024-due-diligence': m0024,
  '0025-image-watches': m0025,
  '0026-certificates': m0026,
  '0027-identify-evaluations': m0027,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
