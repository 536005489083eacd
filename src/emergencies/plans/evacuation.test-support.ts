import type { Principal } from '../../roles.js';
import { CreateObjectSchema } from '../../registry/object.schemas.js';
import type { TestApp } from '../../test-support/test-app.js';
import type { PlanInput } from './evacuation-plan.js';
import { PlanInputSchema } from './evacuation-plan.schemas.js';

/** A new object of `registrar`'s museum with this inventory number; its public id. */
export async function makeObject(t: TestApp, registrar: Principal, inventoryNumber: string, title = `Object ${inventoryNumber}`): Promise<string> {
  const view = await t.context.objects.create(registrar, CreateObjectSchema.parse({ description: { inventoryNumber, title: { en: title } } }));
  return view.id;
}

/** A plan as the API takes it: `location` as "B1-2-204-C-3" (its parts in order). */
export function plan(priority: number, location: string, extra: Partial<Record<keyof PlanInput, unknown>> = {}): PlanInput {
  const [building, floor = '', room = '', unit = '', shelf = ''] = location.split('-');
  return PlanInputSchema.parse({ priority, location: { building, floor, room, unit, shelf }, ...extra });
}

/** The principal behind an API token. */
export async function principalOf(t: TestApp, token: string): Promise<Principal> {
  return (await t.context.accounts.principalFromApiToken(token))!;
}
