import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { snapshotsOf } from '../db/backup/snapshots.js';
import { redListImageKeys } from '../redlists/red-list-images.js';
import { person, sampleImages, sampleRedList } from '../redlists/red-list.test-support.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { testDialect } from '../test-support/test-database.js';
import { takeBackup } from './take-backup.js';
import { verifyBackup } from './verify-backup.js';

let t: TestApp | undefined;
const root = mkdtempSync(join(tmpdir(), 'egide-red-list-backup-'));
afterEach(async () => {
  await t?.close();
  rmSync(root, { recursive: true, force: true });
});

it('backs up each Red List image with its renditions (they are served as stored)', async () => {
  t = await createTestApp(join(root, 'data'));
  await t.context.redLists.importDocument(await person(t, 'admin'), sampleRedList(), await sampleImages(), { publish: true });
  const images = await t.context.db.selectFrom('red_list_images').select(['sha256', 'content_type']).execute();
  const manifest = await takeBackup(t.context.config, join(root, 'backup'), snapshotsOf(testDialect())!, () => undefined);

  const expected = images.flatMap((image) => Object.values(redListImageKeys(image)).map((key) => `photos/${key}`));
  expect(expected).toHaveLength(6);
  expect(manifest.files.map((file) => file.path)).toEqual(expect.arrayContaining(expected));
  const [first] = expected;
  expect(readFileSync(join(root, 'backup', first!))).toEqual(readFileSync(join(root, 'data', first!)));
  expect((await verifyBackup(join(root, 'backup'))).problems).toEqual([]);
}, 60_000);
