import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { createDemoEmergency, DEMO_EMERGENCY_NAME } from './demo-emergency.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the emergencies demo', () => {
  it('declares a fictional earthquake with a dozen assessed places, two museums’ plans and movements, once', async () => {
    expect(await createDemoEmergency(t.context)).toEqual({ name: DEMO_EMERGENCY_NAME, places: 12, assessments: 24, plans: 10, movements: 5 });
    const [emergency] = (await t.context.emergencies.list()).filter((e) => e.names.en === DEMO_EMERGENCY_NAME);
    expect(emergency!.names.en).toContain('Fictional');
    expect(await t.context.emergencies.placeIdsInside(emergency!.id)).toHaveLength(12);
    const registrar = await t.context.accounts.servicePrincipal('demo-museo-diocesano', 'registrar');
    const { items } = await t.context.evacuationPlans.list(registrar, { page: 1 });
    expect(items.map((item) => [item.inventoryNumber, item.plan?.locationCode])).toEqual([
      ['DV-01', 'Regional store (demo)-0-Bay 4'],
      ['DV-02', 'Regional store (demo)-0-Bay 4'],
      ['DV-03', 'D-0-1-S-4'],
      ['DV-04', 'D-0-1-S-6'],
    ]);
    // Run again: nothing new.
    expect((await createDemoEmergency(t.context)).places).toBe(0);
    expect((await t.context.emergencies.list()).filter((e) => e.names.en === DEMO_EMERGENCY_NAME)).toHaveLength(1);
  });
});
