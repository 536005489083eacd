import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-schema.js';
import * as m0002 from './0002-search.js';
import * as m0003 from './0003-shared-state.js';
import * as m0004 from './0004-red-lists.js';
import * as m0005 from './0005-customs-checks.js';
import * as m0006 from './0006-observatory.js';
import * as m0007 from './0007-observatory-library.js';
import * as m0008 from './0008-heritage-places.js';
import * as m0009 from './0009-emergencies.js';
import * as m0010 from './0010-emergency-plans.js';
import * as m0011 from './0011-alerts.js';
import * as m0012 from './0012-webhooks.js';
import * as m0013 from './0013-due-diligence.js';
import * as m0014 from './0014-image-watches.js';
import * as m0015 from './0015-certificates.js';
import * as m0016 from './0016-identify-evaluations.js';
import * as m0017 from './0017-material-triggers.js';

/** PostgreSQL's migrations, in order; the schema they reach matches the SQLite migrations' (db/schema.ts). */
const MIGRATIONS: Record<string, Migration> = {
  '0001-schema': m0001,
  '0002-search': m0002,
  '0003-shared-state': m0003,
  '0004-red-lists': m0004,
  '0005-customs-checks': m0005,
  '0006-observatory': m0006,
  '0007-observatory-library': m0007,
  '0008-heritage-places': m0008,
  '0009-emergencies': m0009,
  '0010-emergency-plans': m0010,
  '0011-alerts': m0011,
  '0012-webhooks': m0012,
  '0013-due-diligence': m0013,
  '0014-image-watches': m0014,
  '0015-certificates': m0015,
  '0016-identify-evaluations': m0016,
  '0017-material-triggers': m0017,
};

export const postgresMigrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
