import { z } from '@hono/zod-openapi';
import { LANGUAGES } from '../../i18n/languages.js';
import { CONVENTIONS, YearSchema } from '../red-list-document.js';
import { RULE_IDS } from './check-model.js';

/** Officers type what they see: a few words, never an essay. */
const MAX_WORDS = 200;
export const MAX_DESCRIPTION = 2_000;
/** At most this many photos a check (the object's sides): each is identified in turn. */
export const MAX_CHECK_PHOTOS = 3;
export const MAX_PLACE = 300;
export const MAX_REASON = 2_000;
/** Declared values beyond this are typing errors, not shipments. */
const MAX_VALUE_EUR = 1_000_000_000_000;

const words = z.string().trim().min(1).max(MAX_WORDS);
// An ISO country or one a published Red List names (a fictional region's XS): the service knows which.
const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as IQ or FR, or one of a published Red List');

export const DocumentsSchema = z
  .object({ importLicence: z.boolean().optional(), importerStatement: z.boolean().optional(), exportCertificate: z.boolean().optional() })
  .strict()
  .openapi('CustomsCheckDocuments', { description: 'The documents the person presenting the object holds.' });

export const FactsSchema = z
  .object({
    objectType: words.optional().openapi({ description: 'What the object is, in a few words, any language (`bowl`, `statuette`).', example: 'bowl' }),
    material: words.optional().openapi({ example: 'bronze' }),
    period: z
      .object({ from: YearSchema, to: YearSchema })
      .strict()
      .refine((period) => period.from <= period.to, { message: 'from must not be after to', path: ['to'] })
      .optional()
      .openapi({ description: 'Apparent period in years; negative years are BCE (-300 is 300 BCE).', example: { from: -300, to: 100 } }),
    originCountry: country.optional().openapi({ description: 'Declared origin: ISO 3166-1 alpha-2, or a country a published Red List names (user-assigned codes of a fictional region). Other codes are refused (400).', example: 'IQ' }),
    destinationCountry: country.optional().openapi({ description: 'Declared destination, as the origin.', example: 'FR' }),
    declaredValueEur: z.number().min(0).max(MAX_VALUE_EUR).optional().openapi({ description: 'Declared value in euros.', example: 25000 }),
    description: z.string().trim().min(1).max(MAX_DESCRIPTION).optional(),
    documents: DocumentsSchema.optional(),
  })
  .strict()
  .openapi('CustomsCheckFacts');
export type FactsInput = z.infer<typeof FactsSchema>;

export const PlaceSchema = z
  .object({
    text: z.string().trim().min(1).max(MAX_PLACE).optional().openapi({ example: 'Port of Antwerp, container 12' }),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
  })
  .strict()
  .refine((place) => (place.latitude === undefined) === (place.longitude === undefined), { message: 'give both latitude and longitude, or neither', path: ['longitude'] })
  .openapi('CustomsCheckPlace');

export const CheckRequestSchema = z.object({ facts: FactsSchema.default({}), place: PlaceSchema.optional() }).strict().openapi('CustomsCheckRequest');
export type CheckRequest = z.infer<typeof CheckRequestSchema>;

export const DECISIONS = ['release', 'hold', 'detain'] as const;
export const DecisionSchema = z
  .object({
    decision: z.enum(DECISIONS),
    reason: z.string().trim().min(1).max(MAX_REASON).optional().openapi({ description: 'Required when the decision differs from the recommendation.' }),
  })
  .strict()
  .openapi('CustomsCheckDecisionRequest');
export type DecisionInput = z.infer<typeof DecisionSchema>;

export const LangQuerySchema = z.object({ lang: z.enum(LANGUAGES).optional().openapi({ description: 'Language of the texts; by default the Accept-Language header’s.', example: 'fr' }) });
export const IdParamSchema = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'k3m9x2q7w4z8r1t5' }) });
export const PageQuerySchema = LangQuerySchema.extend({ page: z.coerce.number().int().min(1).max(10_000).optional() });

/** A reason in the reader's language, with the message key and parameters it was made from. */
const ReasonSchema = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional(), text: z.string() }).openapi('CustomsCheckReason');

const CategorySchema = z
  .object({
    listSlug: z.string(),
    edition: z.number().int(),
    categoryId: z.string(),
    name: z.string().openapi({ description: 'In the requested language when the list has it.' }),
    euAnnex: z.string().optional(),
    score: z.number().min(0).max(1),
    reasons: z.array(
      z.object({ kind: z.enum(['type', 'material', 'period', 'region', 'words', 'visual']), detail: z.string(), weight: z.number(), text: z.string().openapi({ description: 'What matched, in the asked language.' }) }),
    ),
    url: z.string().openapi({ description: 'The category’s page.' }),
  })
  .openapi('CustomsCheckCategory');

const RuleSchema = z
  .object({
    rule: z.enum(RULE_IDS),
    applies: z.enum(['yes', 'no', 'unknown']),
    exportRule: z.enum(['prohibited', 'licence', 'free']).optional(),
    documentHeld: z.boolean().optional(),
    reasons: z.array(ReasonSchema),
    missingFacts: z.array(z.string()),
    convention: z.enum(CONVENTIONS).optional(),
    references: z.array(z.object({ title: z.string().optional().openapi({ description: 'In the requested language when the list has it.' }), reference: z.string(), url: z.string().optional() })),
  })
  .openapi('CustomsCheckRule');

const ContactSchema = z.object({
  country: z.string(),
  kind: z.string(),
  name: z.string(),
  organisation: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  url: z.string().optional(),
  address: z.string().optional(),
  listSlug: z.string(),
});

export const CheckSchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    organisation: z.object({ slug: z.string(), name: z.string() }),
    officer: z.string(),
    place: PlaceSchema.nullable(),
    facts: FactsSchema,
    identificationIds: z.array(z.string()).openapi({ description: 'The identification of each photo (`/media/identifications/{id}/…` for its author).' }),
    recommendation: z.object({ action: z.enum(DECISIONS), reasons: z.array(ReasonSchema), contacts: z.array(ContactSchema) }),
    registry: z.array(z.object({ objectId: z.string(), title: z.string(), verdict: z.enum(['match', 'possible']), score: z.number(), status: z.string() })),
    categories: z.array(CategorySchema).openapi({ description: 'The Red List categories the object may belong to, most likely first.' }),
    rules: z.array(RuleSchema),
    missing: z.array(z.string()).openapi({ description: 'What the check lacked to answer fully (`photo`, `period`, `originCountry`…).' }),
    editions: z.object({ engine: z.string(), lists: z.array(z.object({ slug: z.string(), edition: z.number().int() })) }),
    decision: z
      .object({ decision: z.enum(DECISIONS), reason: z.string().nullable(), overridesRecommendation: z.boolean(), decidedBy: z.string(), decidedAt: z.string() })
      .nullable(),
    links: z.object({ page: z.string(), pdf: z.string() }),
  })
  .openapi('CustomsCheck');
export type CheckJson = z.infer<typeof CheckSchema>;

export const CheckListSchema = z
  .object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(CheckSchema) })
  .openapi('CustomsCheckList');
