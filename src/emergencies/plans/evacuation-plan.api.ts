import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../../http/env.js';
import { createApiRouter, jsonBodyOnly, problemResponse } from '../../http/openapi.js';
import { problem } from '../../http/problem.js';
import { requireRole } from '../../http/require-role.js';
import {
  BatchMovementSchema,
  ImportFormSchema,
  ImportResultSchema,
  MovementInputSchema,
  MovementListQuerySchema,
  MovementListSchema,
  MovementSchema,
  ObjectPlanSchema,
  PlanInputSchema,
  PlanListQuerySchema,
  PlanListSchema,
  PlanSchema,
} from './evacuation-plan.schemas.js';
import type { EvacuationPlanService } from './evacuation-plan.service.js';

const TAG = 'Emergency plans';
const IdParam = z.object({ id: z.string().min(1).max(40).openapi({ param: { name: 'id', in: 'path' }, example: '3k9x2m7q1w8e4r5t' }) });
const museumStaff = requireRole('admin', 'registrar');
const security = [{ bearerAuth: [] }];
const refusals = {
  401: problemResponse('No or invalid API token.'),
  403: problemResponse('Not a registrar or admin, or another museum’s object or plans.'),
};
/** A CSV of a 50,000-object museum weighs ~4 MB. */
const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
const IMPORT_PATH = '/evacuation/plans/import';

/** POST …/evacuation/plans/import: its body may exceed the app's general 1 MiB limit (it has its own, after the role check). */
export function isEvacuationImport(method: string, path: string, apiBase: string): boolean {
  return method === 'POST' && path === `${apiBase}${IMPORT_PATH}`;
}

const getPlan = createRoute({
  method: 'get',
  path: '/objects/{id}/evacuation-plan',
  operationId: 'getEvacuationPlan',
  tags: [TAG],
  summary: 'An object’s evacuation plan and movements (the museum’s registrars, admins)',
  description: 'A plan is never public: the owning museum’s registrars and admins only. `plan` is null while the object has none.',
  middleware: [museumStaff],
  security,
  request: { params: IdParam },
  responses: {
    200: { description: 'The plan (or null) and the object’s latest movements.', content: { 'application/json': { schema: ObjectPlanSchema } } },
    ...refusals,
    404: problemResponse('No such object (or not visible).'),
  },
});

const putPlan = createRoute({
  method: 'put',
  path: '/objects/{id}/evacuation-plan',
  operationId: 'setEvacuationPlan',
  tags: [TAG],
  summary: 'Set an object’s evacuation plan (the museum’s registrars, admins)',
  description: 'Priority 1 to 3 (1 first), the location (building required), handling notes and packing needs. Enters the object’s history.',
  middleware: [museumStaff, jsonBodyOnly],
  security,
  request: { params: IdParam, body: { content: { 'application/json': { schema: PlanInputSchema } }, required: true } },
  responses: {
    200: { description: 'The plan as saved.', content: { 'application/json': { schema: PlanSchema } } },
    400: problemResponse('Invalid fields, each named (`priority`, `location.building`…).'),
    ...refusals,
    404: problemResponse('No such object (or not visible).'),
    415: problemResponse('Not JSON.'),
  },
});

const deletePlan = createRoute({
  method: 'delete',
  path: '/objects/{id}/evacuation-plan',
  operationId: 'removeEvacuationPlan',
  tags: [TAG],
  summary: 'Remove an object’s evacuation plan (the museum’s registrars, admins)',
  middleware: [museumStaff],
  security,
  request: { params: IdParam },
  responses: { 204: { description: 'Removed; its movements stay.' }, ...refusals, 404: problemResponse('No such object, or it has no plan.') },
});

const moveObject = createRoute({
  method: 'post',
  path: '/objects/{id}/movements',
  operationId: 'recordObjectMovement',
  tags: [TAG],
  summary: 'Record that an object was moved (the museum’s registrars, admins)',
  description: 'From its plan’s location (none without a plan) to `to`, with its condition on arrival. Enters the object’s history; the plan’s location becomes `to`.',
  middleware: [museumStaff, jsonBodyOnly],
  security,
  request: { params: IdParam, body: { content: { 'application/json': { schema: MovementInputSchema } }, required: true } },
  responses: {
    201: { description: 'The movement recorded.', content: { 'application/json': { schema: MovementSchema } } },
    400: problemResponse('Invalid fields, each named; `movedAt` in the future.'),
    ...refusals,
    404: problemResponse('No such object (or not visible).'),
    415: problemResponse('Not JSON.'),
  },
});

const moveBatch = createRoute({
  method: 'post',
  path: '/evacuation/movements',
  operationId: 'recordEvacuationMovements',
  tags: [TAG],
  summary: 'Record objects moved together, by inventory number (registrars, admins)',
  description: 'All of them, or none while an inventory number names no single object of the museum (each named by its index).',
  middleware: [museumStaff, jsonBodyOnly],
  security,
  request: { body: { content: { 'application/json': { schema: BatchMovementSchema } }, required: true } },
  responses: {
    201: { description: 'The movements recorded.', content: { 'application/json': { schema: z.object({ items: z.array(MovementSchema) }) } } },
    400: problemResponse('Invalid fields, or inventory numbers naming no single object, each named.'),
    ...refusals,
    404: problemResponse('Admins: no such organisation.'),
    415: problemResponse('Not JSON.'),
  },
});

const listMovements = createRoute({
  method: 'get',
  path: '/evacuation/movements',
  operationId: 'listEvacuationMovements',
  tags: [TAG],
  summary: 'The museum’s movements, newest first (registrars, admins)',
  middleware: [museumStaff],
  security,
  request: { query: MovementListQuerySchema },
  responses: { 200: { description: 'A page of movements.', content: { 'application/json': { schema: MovementListSchema } } }, 400: problemResponse('An invalid parameter, named.'), ...refusals, 404: problemResponse('Admins: no such organisation.') },
});

const listPlans = createRoute({
  method: 'get',
  path: '/evacuation/plans',
  operationId: 'listEvacuationPlans',
  tags: [TAG],
  summary: 'The museum’s objects with their plans (registrars, admins)',
  description: 'Planned objects first, by priority and location; then those without a plan. 50 a page.',
  middleware: [museumStaff],
  security,
  request: { query: PlanListQuerySchema },
  responses: { 200: { description: 'A page of objects and plans, with counts per priority.', content: { 'application/json': { schema: PlanListSchema } } }, 400: problemResponse('An invalid parameter, named.'), ...refusals, 404: problemResponse('Admins: no such organisation.') },
});

const importPlans = createRoute({
  method: 'post',
  path: IMPORT_PATH,
  operationId: 'importEvacuationPlans',
  tags: [TAG],
  summary: 'Set plans from a CSV file (registrars, admins)',
  description: `Multipart: the CSV in \`file\`. All lines, or none while one is wrong (each problem named by line and column); an unknown packing need is left out with a warning. At most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB.`,
  middleware: [museumStaff, bodyLimit({ maxSize: MAX_IMPORT_BYTES, onError: (c) => problem(c, 413, `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB.`) })],
  security,
  request: { body: { content: { 'multipart/form-data': { schema: ImportFormSchema } }, required: true } },
  responses: {
    200: { description: 'The plans written.', content: { 'application/json': { schema: ImportResultSchema } } },
    400: problemResponse('Lines refused, each named by line and column; nothing was written.'),
    ...refusals,
    404: problemResponse('Admins: no such organisation.'),
    413: problemResponse(`Larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB.`),
  },
});

/** The API of museum emergency plans and movements. */
export function evacuationApi(plans: EvacuationPlanService): OpenAPIHono<AppEnv> {
  return createApiRouter()
    .openapi(getPlan, async (c) => c.json(await plans.get(c.get('principal'), c.req.valid('param').id), 200))
    .openapi(putPlan, async (c) => c.json(await plans.set(c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(deletePlan, async (c) => {
      await plans.remove(c.get('principal'), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(moveObject, async (c) => c.json(await plans.move(c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 201))
    .openapi(moveBatch, async (c) => {
      const { inventoryNumbers, organisation, ...movement } = c.req.valid('json');
      return c.json({ items: await plans.moveBatch(c.get('principal'), inventoryNumbers, movement, organisation) }, 201);
    })
    .openapi(listMovements, async (c) => {
      const { museum: _museum, ...page } = await plans.movements(c.get('principal'), c.req.valid('query'));
      return c.json(page, 200);
    })
    .openapi(listPlans, async (c) => {
      const { priority, ...query } = c.req.valid('query');
      return c.json(await plans.list(c.get('principal'), { ...query, priority: priority === undefined || priority === 'none' ? priority : (Number(priority) as 1 | 2 | 3) }), 200);
    })
    .openapi(importPlans, async (c) => {
      const { file, organisation } = c.req.valid('form');
      const text = typeof file === 'string' ? file : await file.text();
      return c.json(await plans.importCsv(c.get('principal'), text, organisation), 200);
    });
}
