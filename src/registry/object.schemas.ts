import { z } from '@hono/zod-openapi';
import { DIMENSIONS, INSCRIPTION_KINDS, LENGTH_UNITS, WEIGHT_UNITS } from './object-record.js';
import { INCIDENT_METHODS, OBJECT_STATUSES, PLACE_KINDS } from './status.js';

const text = (max: number) => z.string().trim().max(max);
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const LanguageMapSchema = z
  .record(z.string().regex(LANGUAGE_TAG, 'a language tag such as fr, en or es'), text(20_000))
  .openapi({ description: 'A text per language (BCP 47 tags).', example: { fr: 'Portrait d’un évêque', en: 'Portrait of a bishop' } });

export const TermSchema = z
  .object({
    label: LanguageMapSchema,
    aat: z.string().regex(/^\d{9}$/, 'a Getty AAT id of 9 digits').optional(),
  })
  .openapi('Term');

export const MeasurementSchema = z
  .object({
    dimension: z.enum(DIMENSIONS),
    value: z.number().positive().max(1_000_000),
    unit: z.enum([...LENGTH_UNITS, ...WEIGHT_UNITS]),
    part: text(100).optional(),
  })
  .refine((m) => (m.dimension === 'weight') === (WEIGHT_UNITS as readonly string[]).includes(m.unit), {
    message: 'weights take g, kg, lb or oz; lengths take mm, cm, m, in or ft',
    path: ['unit'],
  })
  .openapi('Measurement');

const YEAR = z.number().int().min(-10_000).max(2100);

/** Object ID: the core categories and recommended additions. */
const descriptionFields = {
  inventoryNumber: text(100).min(1).optional().openapi({ description: 'Absent when the object has none; a placeholder ("s.n.", "o. Nr.") is stored as absent.' }),
  inventoryNumberPlaceholder: text(100).optional().openapi({ description: 'What the source wrote instead of a number, kept as written.' }),
  objectType: z.array(TermSchema).max(6),
  title: LanguageMapSchema,
  materials: z.array(TermSchema).max(50),
  techniques: z.array(TermSchema).max(50),
  measurements: z.array(MeasurementSchema).max(30),
  inscriptions: z
    .array(z.object({ kind: z.enum(INSCRIPTION_KINDS), text: text(2000).min(1), position: text(200).optional(), language: text(20).optional() }))
    .max(50),
  dating: z
    .object({ display: text(200).min(1), earliest: YEAR.optional(), latest: YEAR.optional() })
    .refine((d) => d.earliest === undefined || d.latest === undefined || d.earliest <= d.latest, {
      message: 'earliest must not be after latest',
      path: ['latest'],
    })
    .nullable(),
  makers: z.array(z.object({ name: text(300).min(1), role: text(100).optional() })).max(50),
  subject: LanguageMapSchema,
  distinguishingFeatures: LanguageMapSchema,
  description: LanguageMapSchema,
  relatedWrittenMaterial: z.array(text(1000).min(1)).max(50),
  places: z
    .array(
      z.object({
        name: text(300).min(1),
        country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as FR').optional(),
        kind: z.enum(['origin', 'discovery']).optional(),
      }),
    )
    .max(20),
  crossReferences: z.array(text(300).min(1)).max(50),
  dateDocumented: z.string().date().nullable(),
};


/** Object ID: the core categories and recommended additions; absent lists and texts default to empty. */
export const ObjectDescriptionSchema = z
  .object({
    ...descriptionFields,
    objectType: descriptionFields.objectType.default([]),
    title: descriptionFields.title.default({}),
    materials: descriptionFields.materials.default([]),
    techniques: descriptionFields.techniques.default([]),
    measurements: descriptionFields.measurements.default([]),
    inscriptions: descriptionFields.inscriptions.default([]),
    dating: descriptionFields.dating.default(null),
    makers: descriptionFields.makers.default([]),
    subject: descriptionFields.subject.default({}),
    distinguishingFeatures: descriptionFields.distinguishingFeatures.default({}),
    description: descriptionFields.description.default({}),
    relatedWrittenMaterial: descriptionFields.relatedWrittenMaterial.default([]),
    places: descriptionFields.places.default([]),
    crossReferences: descriptionFields.crossReferences.default([]),
    dateDocumented: descriptionFields.dateDocumented.default(null),
  })
  .openapi('ObjectDescription');

/** A partial edit: only the fields sent change (no defaults are filled in). */
export const ObjectDescriptionPatchSchema = z.object(descriptionFields).partial().openapi('ObjectDescriptionPatch');

export const SensitiveSchema = z
  .object({
    storageLocation: text(500).optional(),
    ownerContact: text(500).optional(),
    address: text(500).optional(),
  })
  .openapi('SensitiveFields', { description: 'Seen only by the owning organisation, investigators and admins.' });

export const CreateObjectSchema = z
  .object({
    description: ObjectDescriptionSchema,
    sensitive: SensitiveSchema.default({}),
    organisation: z.string().optional().openapi({ description: 'Owning organisation slug (admins only; registrars create in their own).' }),
  })
  .openapi('CreateObject');

export const UpdateObjectSchema = z
  .object({
    description: ObjectDescriptionPatchSchema.optional(),
    sensitive: SensitiveSchema.optional(),
    reason: text(1000).optional(),
  })
  .openapi('UpdateObject');

export const StatusChangeSchema = z
  .object({ status: z.enum(OBJECT_STATUSES), reason: text(1000).min(1) })
  .openapi('StatusChange');

export const IncidentInputSchema = z
  .object({
    reference: text(100).optional(),
    method: z.enum(INCIDENT_METHODS),
    discoveredOn: z.string().date().optional(),
    reportedOn: z.string().date().optional(),
    reporter: text(300).min(1),
    reporterContact: text(500).optional(),
    circumstances: text(10_000).optional(),
    policeReportNumber: text(100).optional(),
    place: text(500).optional(),
    country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as FR').optional(),
    placeKind: z.enum(PLACE_KINDS).optional().openapi({ description: 'The kind of place it happened in (observatory statistics).' }),
    publish: z.boolean().openapi({ description: 'Consent to show the object on the public alert list.' }),
  })
  .openapi('IncidentInput');

export type CreateObjectInput = z.infer<typeof CreateObjectSchema>;
export type UpdateObjectInput = z.infer<typeof UpdateObjectSchema>;
export type IncidentInput = z.infer<typeof IncidentInputSchema>;
export type SensitiveFields = z.infer<typeof SensitiveSchema>;
