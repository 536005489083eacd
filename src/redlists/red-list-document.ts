import { z } from '@hono/zod-openapi';

/**
 * A Red List edition as one document: what an editor writes, what `egide red-list import` reads
 * (with a folder of images), what export writes back, and what the database keeps per edition.
 * A published edition never changes: a new edition is a new document.
 *
 * Texts are `Texts`: a text per language code (BCP 47 primary tag, `fr`, `en`, `es`, `ar`, `fa`…).
 * A list may be written in any languages; pages show the visitor's language among fr/en/es and the
 * others side by side.
 */
export const RED_LIST_FORMAT = 'egide-red-list/1';

/** BCP 47 primary language subtag (`fr`, `ar`, `zh`), optionally with a script or region (`zh-Hant`). */
export const LanguageCodeSchema = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'a language code such as fr, en, ar or zh-Hant');

/** The same text in several languages; at least one. */
export const TextsSchema = z
  .record(LanguageCodeSchema, z.string().trim().min(1).max(20_000))
  .refine((texts) => Object.keys(texts).length > 0, 'needs a text in at least one language')
  .openapi('Texts', { example: { fr: 'Céramiques', en: 'Ceramics', es: 'Cerámicas' } });
export type Texts = z.infer<typeof TextsSchema>;

/** ISO 3166-1 alpha-2, upper case. */
export const CountryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as IQ or FR');

export const SlugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens').max(80);

/** A year; negative years are BCE (-300 is 300 BCE; there is no year 0 in the data, -1 is 1 BCE). */
export const YearSchema = z.number().int().min(-100_000).max(2100);

export const PeriodSchema = z
  .object({ from: YearSchema, to: YearSchema, label: TextsSchema.optional() })
  .strict()
  .refine((period) => period.from <= period.to, 'from must not be after to');
export type Period = z.infer<typeof PeriodSchema>;

export const CONVENTIONS = ['hague-1954', 'unesco-1970', 'unidroit-1995'] as const;
export type Convention = (typeof CONVENTIONS)[number];

/**
 * The Annex categories of Regulation (EU) 2019/880 (letters a–l of Part A); `c` (products of
 * archaeological excavations) and `d` (elements of dismembered monuments) are those needing an
 * import licence (Part B).
 */
export const EU_ANNEX_CATEGORIES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'] as const;
export type EuAnnexCategory = (typeof EU_ANNEX_CATEGORIES)[number];

/** What the origin country's law says of taking such objects out of it, as the list records it. */
export const EXPORT_RULES = ['prohibited', 'licence', 'free'] as const;
export type ExportRule = (typeof EXPORT_RULES)[number];

export const CONTACT_KINDS = ['police', 'customs', 'ministry', 'museum', 'expert', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** A Getty AAT concept: `http://vocab.getty.edu/aat/300…` with its label. */
export const AatConceptSchema = z
  .object({
    id: z.string().regex(/^http:\/\/vocab\.getty\.edu\/aat\/\d+$/, 'a Getty AAT URI such as http://vocab.getty.edu/aat/300010662'),
    label: z.string().trim().min(1).max(200),
  })
  .strict();

export const ExampleSchema = z
  .object({
    /** File name in the images folder (import) or of the stored image (export): letters, digits, `._-`. */
    image: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'a file name of letters, digits, dots, hyphens and underscores'),
    credit: z.string().trim().min(1).max(500),
    licence: z.string().trim().min(1).max(200),
    institution: z.string().trim().min(1).max(300),
    inventoryNumber: z.string().trim().min(1).max(100).optional(),
    description: TextsSchema.optional(),
  })
  .strict();
export type Example = z.infer<typeof ExampleSchema>;

export const CategorySchema = z
  .object({
    /** Unique within the list; stays the same across editions. */
    id: SlugSchema,
    /** The broader category (domain or material → type); absent for a top-level one. */
    parent: SlugSchema.optional(),
    name: TextsSchema,
    period: PeriodSchema.optional(),
    regionOrCulture: TextsSchema.optional(),
    description: TextsSchema.optional(),
    /** What tells the type apart: one text per language, a feature per line. */
    features: TextsSchema.optional(),
    /** Lower-case English keywords matched against what an officer declares (`bowl`, `bronze`). */
    objectTypes: z.array(z.string().trim().min(1).max(80)).max(50).default([]),
    materials: z.array(z.string().trim().min(1).max(80)).max(50).default([]),
    aat: z.array(AatConceptSchema).max(20).default([]),
    euAnnex: z.enum(EU_ANNEX_CATEGORIES).optional(),
    examples: z.array(ExampleSchema).max(50).default([]),
  })
  .strict();
export type Category = z.infer<typeof CategorySchema>;

export const ConventionStatusSchema = z
  .object({ convention: z.enum(CONVENTIONS), country: CountryCodeSchema, ratified: z.number().int().min(1954).max(2100).nullable(), note: TextsSchema.optional() })
  .strict();

export const LawSchema = z
  .object({
    country: CountryCodeSchema,
    title: TextsSchema,
    reference: z.string().trim().min(1).max(300),
    year: z.number().int().min(1000).max(2100).optional(),
    url: z.string().url().max(500).optional(),
    summary: TextsSchema.optional(),
  })
  .strict();

export const ExportRuleSchema = z
  .object({
    country: CountryCodeSchema,
    rule: z.enum(EXPORT_RULES),
    /** Objects younger than this are not covered (absent: every age). */
    minimumAgeYears: z.number().int().min(0).max(10_000).optional(),
    /** The categories the rule covers (absent: every category of the list). */
    categories: z.array(SlugSchema).optional(),
    /** The law it comes from, by its `reference`. */
    law: z.string().trim().min(1).max(300).optional(),
    note: TextsSchema.optional(),
  })
  .strict();

export const ContactSchema = z
  .object({
    country: CountryCodeSchema,
    kind: z.enum(CONTACT_KINDS),
    name: z.string().trim().min(1).max(300),
    organisation: z.string().trim().min(1).max(300).optional(),
    email: z.string().email().max(200).optional(),
    phone: z.string().trim().min(3).max(50).optional(),
    url: z.string().url().max(500).optional(),
    address: z.string().trim().min(1).max(500).optional(),
    note: TextsSchema.optional(),
  })
  .strict();

export const RedListDocumentSchema = z
  .object({
    format: z.literal(RED_LIST_FORMAT),
    slug: SlugSchema,
    /** A demonstration list written for Egide, never presented as a list of the network. */
    demonstration: z.boolean().default(false),
    edition: z.object({ number: z.number().int().min(1).max(1000), year: z.number().int().min(1900).max(2100), label: TextsSchema.optional() }).strict(),
    title: TextsSchema,
    region: z.object({ name: TextsSchema, countries: z.array(CountryCodeSchema).min(1).max(100) }).strict(),
    /** The languages the list is written in, first the one it was compiled in. */
    languages: z.array(LanguageCodeSchema).min(1).max(30),
    introduction: TextsSchema,
    /** That the objects shown are not stolen: they illustrate protected types. Required. */
    disclaimer: TextsSchema,
    legal: z
      .object({
        conventions: z.array(ConventionStatusSchema).max(300).default([]),
        laws: z.array(LawSchema).max(500).default([]),
        exportRules: z.array(ExportRuleSchema).max(500).default([]),
      })
      .strict(),
    contacts: z.array(ContactSchema).max(500).default([]),
    categories: z.array(CategorySchema).min(1).max(500),
  })
  .strict()
  .openapi('RedListDocument');
export type RedListDocument = z.infer<typeof RedListDocumentSchema>;
/** What a file may hold before defaults are applied. */
export type RedListDocumentInput = z.input<typeof RedListDocumentSchema>;
