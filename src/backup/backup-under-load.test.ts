import { backupUnderLoad } from './backup-under-load.scenario.js';

// On the test run's dialect (SQLite, or PostgreSQL under EGIDE_TEST_DIALECT=postgres).
backupUnderLoad();
