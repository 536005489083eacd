import { z } from '@hono/zod-openapi';
import { invalid } from '../errors.js';
import { fieldIssues } from '../http/problem.js';
import { LANGUAGES, type Lang } from '../i18n/languages.js';
import { isCountryCode } from '../maps/countries.js';

/**
 * The observatory's resource library: documents, laws, case studies of recoveries and news, each
 * with its texts in any of fr/en/es, its countries and themes, source, licence and date. Laws by
 * country also come from the published Red Lists' legal sections (read, never copied: library.service.ts).
 */
export const LIBRARY_KINDS = ['document', 'law', 'case-study', 'news'] as const;
export type LibraryKind = (typeof LIBRARY_KINDS)[number];

/** The fixed themes items are tagged with. */
export const LIBRARY_THEMES = ['illicit-trafficking', 'looting', 'customs', 'law', 'provenance', 'emergencies', 'training', 'restitution', 'documentation', 'cooperation'] as const;
export type LibraryTheme = (typeof LIBRARY_THEMES)[number];

const ItemTextSchema = z.object({
  title: z.string().trim().min(1).max(300),
  summary: z.string().trim().max(2000).optional(),
  body: z.string().trim().max(50_000).optional(),
});
export type ItemText = z.infer<typeof ItemTextSchema>;

export const LibraryTextsSchema = z
  .object({ fr: ItemTextSchema.optional(), en: ItemTextSchema.optional(), es: ItemTextSchema.optional() })
  .strict()
  .refine((texts) => LANGUAGES.some((lang) => texts[lang]), { message: 'a title in at least one language (fr, en, es)' })
  .openapi('LibraryTexts', { example: { fr: { title: 'Restitution d’une stèle', summary: 'Une stèle volée retrouvée à Genève.' } } });
export type LibraryTexts = z.infer<typeof LibraryTextsSchema>;

const CountrySchema = z
  .string()
  .transform((code) => code.trim().toUpperCase())
  .refine(isCountryCode, { message: 'an ISO 3166-1 alpha-2 country code such as IQ or FR' });

export const LibraryItemInputSchema = z
  .object({
    kind: z.enum(LIBRARY_KINDS),
    texts: LibraryTextsSchema,
    countries: z.array(CountrySchema).max(50).default([]),
    themes: z.array(z.enum(LIBRARY_THEMES)).max(LIBRARY_THEMES.length).default([]),
    source: z.string().trim().min(1).max(500).openapi({ description: 'Who published it.', example: 'Ministry of Culture' }),
    licence: z.string().trim().min(1).max(200).openapi({ example: 'CC BY 4.0' }),
    publishedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2024-05-17').openapi({ example: '2024-05-17' }),
    url: z.string().trim().url().max(500).optional(),
    objectId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'A case study drawn from a recovered registry object: listed publicly only once its owner consents.' }),
  })
  .refine((input) => input.objectId === undefined || input.kind === 'case-study', { path: ['objectId'], message: 'only a case study is drawn from a registry object' })
  .openapi('LibraryItemInput');
export type LibraryItemInput = z.infer<typeof LibraryItemInputSchema>;

export interface LibraryItem {
  id: number;
  kind: LibraryKind;
  texts: LibraryTexts;
  countries: string[];
  themes: LibraryTheme[];
  source: string;
  licence: string;
  publishedOn: string;
  url: string | null;
  objectId: string | null;
  /** A case study drawn from an object: whether its owner consented (the public sees it only then). */
  consent: boolean;
  /** Whether the public sees it. */
  listed: boolean;
  document: { fileName: string; size: number } | null;
  createdAt: string;
  updatedAt: string;
}

/** The text to show in `lang`, and the language it is in (another one when `lang` has none). */
export function textIn(texts: LibraryTexts, lang: Lang): { text: ItemText; lang: Lang } {
  const found = texts[lang] ? lang : LANGUAGES.find((candidate) => texts[candidate])!;
  return { text: texts[found]!, lang: found };
}

/** `value` read by `schema`, or refused (400) with each problem named by its path. */
export function parseOrRefuse<T>(schema: z.ZodType<T>, value: unknown, message: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(message, fieldIssues(result.error.issues));
  return result.data;
}
