import type { Principal } from '../roles.js';
import type { IncidentRow, ObjectHistoryRow, ObjectPhotoRow } from '../db/schema.js';
import { objectIdCompleteness, type NumberSharer } from './completeness.js';
import type { ObjectDescription } from './object-record.js';
import type { ObjectWithOrganisation } from './object.repository.js';
import type { SensitiveFields } from './object.schemas.js';
import type { IncidentMethod, ObjectStatus } from './status.js';
import { canEdit, seesSensitive } from './visibility.js';

export interface PhotoView {
  id: string;
  width: number;
  height: number;
  mime: string;
  caption: string | null;
  url: string;
  thumbnailUrl: string;
}

export interface IncidentView {
  id: string;
  reference: string;
  method: IncidentMethod;
  discoveredOn: string | null;
  reportedOn: string;
  country: string | null;
  /** Reported from a museum inside an active emergency (the heightened watch): the emergency's id. */
  emergencyId: string | null;
  /** The fields below are only given to those who see sensitive data. */
  reporter?: string;
  reporterContact?: string | null;
  circumstances?: string | null;
  policeReportNumber?: string | null;
  place?: string | null;
  publish?: boolean;
}

export interface HistoryView {
  at: string;
  actor: string;
  action: string;
  reason: string | null;
  changes: Record<string, unknown>;
}

export interface ObjectView {
  id: string;
  /** Null when the object has none (see `description.inventoryNumberPlaceholder`). */
  inventoryNumber: string | null;
  organisation: { slug: string; name: string };
  status: ObjectStatus;
  onAlertList: boolean;
  title: string;
  description: ObjectDescription;
  sensitive?: SensitiveFields;
  photos: PhotoView[];
  incidents: IncidentView[];
  completeness: ReturnType<typeof objectIdCompleteness>;
  version: number;
  createdAt: string;
  updatedAt: string;
  canEdit: boolean;
}

export function photoView(row: ObjectPhotoRow): PhotoView {
  return {
    id: row.id,
    width: row.width,
    height: row.height,
    mime: row.mime,
    caption: row.caption,
    url: `/media/photos/${row.id}`,
    thumbnailUrl: `/media/photos/${row.id}/thumbnail`,
  };
}

export function incidentView(row: IncidentRow, full: boolean): IncidentView {
  const view: IncidentView = {
    id: row.id,
    reference: row.reference,
    method: row.method as IncidentMethod,
    discoveredOn: row.discovered_on,
    reportedOn: row.reported_on,
    country: row.country,
    emergencyId: row.emergency_id,
  };
  if (!full) return view;
  return {
    ...view,
    reporter: row.reporter,
    reporterContact: row.reporter_contact,
    circumstances: row.circumstances,
    policeReportNumber: row.police_report_number,
    place: row.place,
    publish: row.publish === 1,
  };
}

export function historyView(row: ObjectHistoryRow): HistoryView {
  return { at: row.at, actor: row.actor, action: row.action, reason: row.reason, changes: JSON.parse(row.changes) as Record<string, unknown> };
}

/** What `principal` may see of an object: sensitive fields and incident details only for those entitled. */
export function objectView(
  row: ObjectWithOrganisation,
  principal: Principal | null,
  photos: ObjectPhotoRow[],
  incidents: IncidentRow[],
  /** The organisation's other objects with its inventory number (looked up for those who edit it). */
  numberSharers: readonly NumberSharer[] = [],
): ObjectView {
  const full = seesSensitive(principal, row.organisation_id);
  const description = JSON.parse(row.description) as ObjectDescription;
  const view: ObjectView = {
    id: row.id,
    inventoryNumber: row.inventory_number,
    organisation: { slug: row.organisation_slug, name: row.organisation_name },
    status: row.status as ObjectStatus,
    onAlertList: row.published === 1,
    title: row.title,
    description,
    photos: photos.map(photoView),
    incidents: incidents.map((incident) => incidentView(incident, full)),
    completeness: objectIdCompleteness(description, photos.length, numberSharers),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    canEdit: canEdit(principal, row.organisation_id),
  };
  if (full) view.sensitive = JSON.parse(row.sensitive) as SensitiveFields;
  return view;
}
