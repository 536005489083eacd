/** Where an object stands; the lifecycle follows Spectrum's loss and recovery procedures. */
export const OBJECT_STATUSES = ['in-collection', 'stolen', 'missing', 'recovered', 'found', 'disputed', 'closed'] as const;
export type ObjectStatus = (typeof OBJECT_STATUSES)[number];

/** The statuses an object may move to from each status. Stolen and missing are entered by reporting an incident. */
export const STATUS_TRANSITIONS: Record<ObjectStatus, readonly ObjectStatus[]> = {
  'in-collection': ['stolen', 'missing'],
  stolen: ['recovered', 'disputed', 'closed'],
  missing: ['found', 'recovered', 'stolen', 'disputed', 'closed'],
  disputed: ['recovered', 'stolen', 'closed'],
  recovered: ['in-collection', 'closed'],
  found: ['in-collection', 'closed'],
  closed: ['in-collection'],
};

/** Statuses under which a published incident puts the object on the public alert list. */
export const ALERT_STATUSES: readonly ObjectStatus[] = ['stolen', 'missing'];

/** Where a theft or loss happened (incidents.place_kind): the observatory counts incidents by it. */
export const PLACE_KINDS = ['museum', 'place-of-worship', 'archaeological-site', 'private-home', 'storage', 'in-transit', 'other'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const INCIDENT_METHODS = ['theft', 'burglary', 'loss', 'looting', 'illegal-export', 'illegal-excavation', 'fraud', 'damage', 'other'] as const;
export type IncidentMethod = (typeof INCIDENT_METHODS)[number];

/** The status an incident puts an object in: a loss leaves it missing, anything taken makes it stolen. */
export function statusAfterIncident(method: IncidentMethod): ObjectStatus {
  return method === 'loss' || method === 'damage' || method === 'other' ? 'missing' : 'stolen';
}

export function canMove(from: ObjectStatus, to: ObjectStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}
