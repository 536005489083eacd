import { z } from '@hono/zod-openapi';
import { LANGUAGES } from '../i18n/languages.js';
import { COOPERATION_THEMES, PARTNER_CATEGORIES } from './partner.js';

const localized = (max: number, options: { allowEmpty?: boolean } = {}) =>
  z.object(
    Object.fromEntries(
      LANGUAGES.map((lang) => [lang, options.allowEmpty ? z.string().trim().max(max) : z.string().trim().min(1).max(max)]),
    ) as Record<(typeof LANGUAGES)[number], z.ZodString>,
  );

export const LangSchema = z.enum(LANGUAGES).openapi({ description: 'Interface and content language.', example: 'fr' });
export const CategorySchema = z.enum(PARTNER_CATEGORIES).openapi({ description: 'Kind of partner.', example: 'intergovernmental' });
export const ThemeSchema = z.enum(COOPERATION_THEMES).openapi({ description: 'Cooperation theme.', example: 'illicit-traffic' });
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens')
  .max(64)
  .openapi({ example: 'wco' });

/** A partner with every text in fr, en and es: what admins write and what `GET` returns without `lang`. */
export const PartnerSchema = z
  .object({
    slug: SlugSchema,
    category: CategorySchema,
    name: localized(200).openapi({ example: { fr: 'Organisation mondiale des douanes', en: 'World Customs Organization', es: 'Organización Mundial de Aduanas' } }),
    acronym: localized(30, { allowEmpty: true }).openapi({ example: { fr: 'OMD', en: 'WCO', es: 'OMA' } }),
    description: localized(4000),
    cooperation: localized(4000),
    themes: z.array(ThemeSchema).max(COOPERATION_THEMES.length).refine((themes) => new Set(themes).size === themes.length, 'themes must not repeat'),
    since: z
      .object({
        year: z.number().int().min(1800).max(2100),
        agreement: localized(500).nullable(),
      })
      .nullable(),
    website: z
      .string()
      .trim()
      // Stop at "Invalid URL": a text that is no address at all need not also be told it is not http(s).
      .url({ abort: true })
      .max(500)
      .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) address')
      .openapi({ example: 'https://www.wcoomd.org' }),
  })
  .openapi('Partner');

/** A partner in one language, for `GET …?lang=`. */
export const PartnerInLanguageSchema = z
  .object({
    slug: SlugSchema,
    lang: LangSchema,
    category: CategorySchema,
    name: z.string(),
    acronym: z.string(),
    description: z.string(),
    cooperation: z.string(),
    themes: z.array(ThemeSchema),
    since: z.object({ year: z.number().int(), agreement: z.string().nullable() }).nullable(),
    website: z.string(),
  })
  .openapi('PartnerInLanguage');

export const PartnerListSchema = z
  .object({ items: z.array(z.union([PartnerSchema, PartnerInLanguageSchema])) })
  .openapi('PartnerList');

export const PartnerQuerySchema = z.object({
  lang: LangSchema.optional(),
  category: CategorySchema.optional(),
  theme: ThemeSchema.optional(),
  q: z.string().trim().max(200).optional().openapi({ description: 'Words to find in names, acronyms and descriptions (accents and case ignored).' }),
});

export const SlugParamSchema = z.object({ slug: SlugSchema.openapi({ param: { name: 'slug', in: 'path' } }) });
