import { z } from '@hono/zod-openapi';
import { ARRIVAL_CONDITIONS, PACKING_NEEDS, PRIORITIES, type Location } from './evacuation-plan.js';

/** A location part: a short code as written on doors and shelves ("B1", "204", "C"). */
const PART_MAX = 40;
const partSchema = z
  .string()
  .trim()
  .max(PART_MAX)
  .refine((text) => !/\p{Cc}/u.test(text), 'no control characters');

export const LocationSchema = z
  .object({
    building: partSchema.min(1).openapi({ example: 'B1' }),
    floor: partSchema.default('').openapi({ example: '2' }),
    room: partSchema.default('').openapi({ example: '204' }),
    unit: partSchema.default('').openapi({ example: 'C' }),
    shelf: partSchema.default('').openapi({ example: '3' }),
  })
  .openapi('EvacuationLocation', { description: 'Where an object is: the building is required, the other parts as far as they apply.' });

export const PrioritySchema = z.coerce
  .number()
  .int()
  .refine((n) => (PRIORITIES as readonly number[]).includes(n), 'a priority is 1 (first), 2 or 3')
  .transform((n) => n as 1 | 2 | 3);

export const HANDLING_MAX = 2000;
export const PACKING_NOTE_MAX = 500;

export const PlanInputSchema = z
  .object({
    priority: PrioritySchema.openapi({ type: 'integer', minimum: 1, maximum: 3, description: '1: evacuated first.', example: 1 }),
    location: LocationSchema,
    handling: z.string().trim().max(HANDLING_MAX).default('').openapi({ example: 'Lift by the base only; never by the handles.' }),
    packing: z
      .array(z.enum(PACKING_NEEDS))
      .max(PACKING_NEEDS.length)
      .default([])
      .transform((needs) => [...new Set(needs)]),
    packingNote: z.string().trim().max(PACKING_NOTE_MAX).default('').openapi({ example: 'Foam blocks in store room 3' }),
  })
  .openapi('EvacuationPlanInput');

export const PlanSchema = z
  .object({
    priority: z.number().int(),
    location: LocationSchema,
    locationCode: z.string().openapi({ example: 'B1-2-204-C-3' }),
    handling: z.string(),
    packing: z.array(z.enum(PACKING_NEEDS)),
    packingNote: z.string(),
    updatedAt: z.string(),
  })
  .openapi('EvacuationPlan');

export const MovementSchema = z
  .object({
    id: z.number().int(),
    objectId: z.string(),
    inventoryNumber: z.string().nullable(),
    title: z.string(),
    from: z.string().nullable().describe('The location code before the move; null when the object had no plan.'),
    to: z.string(),
    movedAt: z.string(),
    mover: z.string(),
    condition: z.enum(ARRIVAL_CONDITIONS),
    note: z.string().nullable(),
  })
  .openapi('EvacuationMovement');

export const ObjectPlanSchema = z
  .object({
    objectId: z.string(),
    inventoryNumber: z.string().nullable(),
    title: z.string(),
    plan: PlanSchema.nullable(),
    movements: z.array(MovementSchema).describe('Newest first.'),
  })
  .openapi('ObjectEvacuationPlan');

const movedAtSchema = z.iso.datetime({ offset: true }).optional().openapi({ description: 'When it was moved; now by default. Never in the future.', example: '2026-03-14T09:30:00Z' });

export const MovementInputSchema = z
  .object({
    to: LocationSchema,
    condition: z.enum(ARRIVAL_CONDITIONS).openapi({ description: 'The condition on arrival; `missing` when it did not arrive.' }),
    note: z.string().trim().max(PACKING_NOTE_MAX).optional(),
    movedAt: movedAtSchema,
  })
  .openapi('EvacuationMovementInput');

export const MAX_BATCH = 5000;

export const BatchMovementSchema = MovementInputSchema.extend({
  inventoryNumbers: z.array(z.string().trim().min(1).max(100)).min(1).max(MAX_BATCH).describe('The objects moved together, by inventory number.'),
  organisation: z.string().optional().describe('Admins: the museum (slug); others move their own museum’s objects.'),
}).openapi('EvacuationBatchMovement');

export const PlanListQuerySchema = z.object({
  organisation: z.string().max(100).optional().openapi({ description: 'Admins: the museum (slug); others list their own.' }),
  priority: z.enum(['1', '2', '3', 'none']).optional().openapi({ description: 'Only this priority; `none`: objects without a plan.' }),
  building: z.string().trim().max(PART_MAX).optional(),
  q: z.string().trim().max(100).optional().openapi({ description: 'Inventory number or title, as it begins.' }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const PlanRowSchema = z.object({ objectId: z.string(), inventoryNumber: z.string().nullable(), title: z.string(), plan: PlanSchema.nullable() }).openapi('EvacuationPlanRow');

export const PlanListSchema = z
  .object({
    organisation: z.object({ slug: z.string(), name: z.string() }),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    counts: z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), none: z.number().int() }).describe('Objects per priority, and without a plan.'),
    items: z.array(PlanRowSchema),
  })
  .openapi('EvacuationPlanList');

export const MovementListQuerySchema = z.object({
  organisation: z.string().max(100).optional(),
  since: z.iso.date().optional().openapi({ description: 'Movements on or after this day (YYYY-MM-DD).' }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const MovementListSchema = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(MovementSchema) }).openapi('EvacuationMovementList');

export const ImportResultSchema = z
  .object({
    updated: z.number().int().describe('Plans written.'),
    warnings: z.array(z.object({ field: z.string(), message: z.string() })).describe('Rows kept with an optional value left out, each named by its line and column.'),
  })
  .openapi('EvacuationPlanImportResult');

export const ImportFormSchema = z.object({
  file: z.union([z.instanceof(File), z.string().min(1)]).openapi({ type: 'string', format: 'binary', description: 'CSV (UTF-8, comma or semicolon): `inventory_number`, `priority`, `building`, `floor`, `room`, `unit`, `shelf`, optional `handling`, `packing` (needs separated by `|`), `packing_note`.' }),
  organisation: z.string().optional().openapi({ description: 'Admins: the museum (slug).' }),
});

export const emptyLocation = (): Location => ({ building: '', floor: '', room: '', unit: '', shelf: '' });
