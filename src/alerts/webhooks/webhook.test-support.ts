import type { Principal } from '../../roles.js';
import type { TestApp } from '../../test-support/test-app.js';

/**
 * A webhook of the principal's organisation for tests that only need one to exist: registered at a
 * public IP address (nothing resolved), then moved to a loopback address as if its host now resolved
 * there, so that a delivery to it is refused at once and nothing leaves the machine. The
 * organisation's earlier ones are deleted first (an organisation has a bounded number).
 */
export async function makeWebhook(t: TestApp, principal: Principal): Promise<string> {
  for (const old of await t.context.webhooks.list(principal)) await t.context.webhooks.delete(principal, old.id);
  const { webhook } = await t.context.webhooks.create(principal, { label: 'Test webhook', url: 'https://93.184.216.34/egide' });
  await t.context.db.updateTable('webhooks').set({ url: 'https://127.0.0.1/egide' }).where('id', '=', webhook.id).execute();
  return String(webhook.id);
}
