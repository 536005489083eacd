/**
 * A museum's emergency plan for its objects: the evacuation priority of each (1 first), where it is
 * (building, floor, room, unit, shelf), how to handle and pack it; and the movements made when
 * objects are moved, each arriving in a condition.
 */

export const PRIORITIES = [1, 2, 3] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The parts of a location code, outermost first: the evacuation list follows this order. */
export const LOCATION_PARTS = ['building', 'floor', 'room', 'unit', 'shelf'] as const;
export type LocationPart = (typeof LOCATION_PARTS)[number];
/** `building` is required; the others are '' when not given. */
export type Location = Record<LocationPart, string>;

/** What packing an object needs, from the first-aid checklists (ICCROM, Blue Shield); free text adds the rest. */
export const PACKING_NEEDS = ['crate', 'padded-box', 'tube', 'two-people', 'lifting-equipment', 'climate-control', 'fragile', 'keep-upright'] as const;
export type PackingNeed = (typeof PACKING_NEEDS)[number];

/** The condition an object arrived in. `missing`: it did not arrive. */
export const ARRIVAL_CONDITIONS = ['good', 'minor-damage', 'damaged', 'severely-damaged', 'missing'] as const;
export type ArrivalCondition = (typeof ARRIVAL_CONDITIONS)[number];

export interface PlanInput {
  priority: Priority;
  location: Location;
  handling: string;
  packing: PackingNeed[];
  packingNote: string;
}

export interface Plan extends PlanInput {
  /** As displayed and printed: "B1-2-204-C-3". */
  locationCode: string;
  updatedAt: string;
}

export interface MovementInput {
  to: Location;
  condition: ArrivalCondition;
  note?: string | undefined;
  /** When the object was moved (ISO); now when not given. Never in the future. */
  movedAt?: string | undefined;
}

export interface Movement {
  id: number;
  objectId: string;
  inventoryNumber: string | null;
  title: string;
  /** The location code before the move; null when the object had no plan. */
  from: string | null;
  to: string;
  movedAt: string;
  mover: string;
  condition: ArrivalCondition;
  note: string | null;
}

/** The code shown for a location: its given parts joined by hyphens ("B1-2-204-C-3"). */
export function locationCode(location: Location): string {
  return LOCATION_PARTS.map((part) => location[part]).filter(Boolean).join('-');
}

/** Digit runs are padded to this width: location numbers have at most a few digits (rooms 1–9999). */
const NUMBER_WIDTH = 8;

/**
 * The key the list is ordered by: each part lower-cased with its numbers padded, so that text order
 * (binary on both engines) is the order a person walks: floor 2 before floor 10, room 9 before 10.
 * Parts are separated by a character below any printable one, so "B1" sorts before "B1A".
 */
export function locationKey(location: Location): string {
  return LOCATION_PARTS.map((part) => location[part].toLowerCase().replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(NUMBER_WIDTH, '0'))).join('\u0001');
}

export function isPackingNeed(value: string): value is PackingNeed {
  return (PACKING_NEEDS as readonly string[]).includes(value);
}
