/** Registry objects for the HTTP and OAI-PMH tests, created through the service, then placed in time. */
import type { ObjectDescription } from '../../registry/object-record.js';
import type { SensitiveFields } from '../../registry/object.schemas.js';
import type { ObjectStatus } from '../../registry/status.js';
import type { TestApp } from '../../test-support/test-app.js';

export interface SeedObject {
  description: ObjectDescription;
  sensitive?: SensitiveFields;
  status?: ObjectStatus;
  /** On the public alert list. */
  published?: boolean;
  /** Has a reported incident (investigators see it). */
  reported?: boolean;
  updatedAt?: string;
}

/** Creates the objects in `org` (created if needed) and returns their public ids, in order. */
export async function seedObjects(t: TestApp, org: string, objects: readonly SeedObject[]): Promise<string[]> {
  await t.context.organisations.ensure(org, org[0]!.toUpperCase() + org.slice(1), 'museum');
  const organisation = (await t.context.organisations.findBySlug(org))!;
  const actor = (await t.context.accounts.principalFromApiToken(await t.token('admin')))!;
  const { seqs } = await t.context.objects.upsertMany(
    actor,
    organisation.id,
    objects.map((o) => ({ description: o.description, ...(o.sensitive ? { sensitive: o.sensitive } : {}) })),
    'test seed',
  );
  const ids: string[] = [];
  for (const [i, seq] of seqs.entries()) {
    const o = objects[i]!;
    // Status, alert list and datestamp are set directly: the lifecycle itself is tested by the registry.
    await t.context.db
      .updateTable('objects')
      .set({
        status: o.status ?? (o.published ? 'stolen' : 'in-collection'),
        published: o.published ? 1 : 0,
        reported: o.reported || o.published ? 1 : 0,
        ...(o.updatedAt ? { updated_at: o.updatedAt } : {}),
      })
      .where('seq', '=', seq)
      .execute();
    ids.push((await t.context.db.selectFrom('objects').select('id').where('seq', '=', seq).executeTakeFirstOrThrow()).id);
  }
  return ids;
}
