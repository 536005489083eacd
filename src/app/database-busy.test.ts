import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DatabaseBusyError } from '../db/errors.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { DATABASE_BUSY_RETRY_AFTER_SECONDS } from './app.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.token('admin');
});
afterAll(() => t.close());

describe('a write that finds the database busy for too long (DatabaseBusyError)', () => {
  it('answers 503 with Retry-After, as a problem document, not a server error', async () => {
    const busy = vi.spyOn(t.context.partners, 'delete').mockRejectedValueOnce(new DatabaseBusyError(60_000));
    const response = await t.app.request('/api/v1/partners/wco', { method: 'DELETE', headers: { Authorization: `Bearer ${admin}` } });
    expect(busy).toHaveBeenCalledOnce();
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe(String(DATABASE_BUSY_RETRY_AFTER_SECONDS));
    expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 503, title: 'Service unavailable' });
    // Nothing was changed: the partner is still there once the database is free again.
    expect((await t.app.request('/api/v1/partners/wco')).status).toBe(200);
  });

  it('leaves other unexpected errors a 500', async () => {
    vi.spyOn(t.context.partners, 'delete').mockRejectedValueOnce(new Error('unexpected'));
    const response = await t.app.request('/api/v1/partners/wco', { method: 'DELETE', headers: { Authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(500);
    expect(response.headers.get('Retry-After')).toBeNull();
  });
});
