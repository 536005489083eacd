import type { z } from '@hono/zod-openapi';
import { invalid, type FieldIssue } from '../errors.js';
import { RedListDocumentSchema, type RedListDocument, type Texts } from './red-list-document.js';
import { RESERVED_RED_LIST_SLUGS } from './red-list-paths.js';

/**
 * What a Red List document must be beyond its shape (red-list-document.ts): a tree of categories
 * (unique ids, known parents, no cycle), export rules naming known categories and laws, every
 * example's image at hand, every text in every language of the list. A draft may still lack
 * translations and images (warnings); an edition is published only without any issue.
 */
export type ValidationStage = 'draft' | 'publish';

export interface Validation {
  /** Refuse the document. */
  errors: FieldIssue[];
  /** Told to the editor; a draft is kept with them. */
  warnings: FieldIssue[];
}

/** A JSON path as editors read it: `categories[3].examples[0].image`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** The document in `input` (parsed JSON), or a DomainError 'invalid' naming each place that is wrong. */
export function parseRedListDocument(input: unknown): RedListDocument {
  const parsed = RedListDocumentSchema.safeParse(input);
  if (!parsed.success) throw invalid('The Red List document is not valid.', parsed.error.issues.flatMap(issuesOf));
  return parsed.data;
}

function issuesOf(issue: z.core.$ZodIssue): FieldIssue[] {
  // Unknown fields are named where they are, not at their parent.
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: jsonPath([...issue.path, key]), message: 'unknown field' }));
  return [{ field: jsonPath(issue.path) || '(document)', message: issue.message }];
}

/**
 * Checks `document`; `images` holds the names of the images at hand (the draft's, or the files of an
 * import that decoded). Missing images are warnings in a draft when `imagesMayFollow` (an editor
 * uploads them later), errors otherwise.
 */
export function validateRedList(document: RedListDocument, images: ReadonlySet<string>, stage: ValidationStage, options: { imagesMayFollow?: boolean } = {}): Validation {
  const errors: FieldIssue[] = [];
  const incomplete: FieldIssue[] = [];
  const missingImages: FieldIssue[] = [];
  if (RESERVED_RED_LIST_SLUGS.has(document.slug)) errors.push({ field: 'slug', message: `"${document.slug}" is reserved by Egide's addresses (${[...RESERVED_RED_LIST_SLUGS].join(', ')}): choose another` });
  checkLanguages(document, errors);
  checkCategories(document, errors);
  checkExportRules(document, errors);
  document.categories.forEach((category, c) =>
    category.examples.forEach((example, e) => {
      if (!images.has(example.image)) missingImages.push({ field: `categories[${c}].examples[${e}].image`, message: `the image ${example.image} is missing` });
    }),
  );
  forEachText(document, (texts, path) => checkTranslations(texts, path, document.languages, incomplete));
  const translationsBlock = stage === 'publish';
  const imagesBlock = stage === 'publish' || !options.imagesMayFollow;
  return {
    errors: [...errors, ...(translationsBlock ? incomplete : []), ...(imagesBlock ? missingImages : [])],
    warnings: [...(translationsBlock ? [] : incomplete), ...(imagesBlock ? [] : missingImages)],
  };
}

/** Throws the validation's errors as one DomainError 'invalid'. */
export function assertValid(validation: Validation, message: string): void {
  if (validation.errors.length > 0) throw invalid(message, validation.errors);
}

function checkLanguages(document: RedListDocument, errors: FieldIssue[]): void {
  const seen = new Map<string, number>();
  document.languages.forEach((lang, i) => {
    const first = seen.get(lang);
    if (first !== undefined) errors.push({ field: `languages[${i}]`, message: `${lang} is already languages[${first}]` });
    else seen.set(lang, i);
  });
}

function checkCategories(document: RedListDocument, errors: FieldIssue[]): void {
  const index = new Map<string, number>();
  document.categories.forEach((category, i) => {
    const first = index.get(category.id);
    if (first !== undefined) errors.push({ field: `categories[${i}].id`, message: `duplicate category id ${category.id} (also categories[${first}])` });
    else index.set(category.id, i);
  });
  document.categories.forEach((category, i) => {
    if (category.parent !== undefined && !index.has(category.parent)) errors.push({ field: `categories[${i}].parent`, message: `no category has the id ${category.parent}` });
  });
  // Each category on a cycle of parents is named once, with the cycle it is on.
  const onCycle = new Set<number>();
  document.categories.forEach((_, start) => {
    const path: number[] = [];
    let at: number | undefined = start;
    while (at !== undefined && !path.includes(at) && !onCycle.has(at)) {
      path.push(at);
      const parent: string | undefined = document.categories[at]!.parent;
      at = parent === undefined ? undefined : index.get(parent);
    }
    if (at === undefined || onCycle.has(at)) return;
    const cycle = path.slice(path.indexOf(at));
    const names = [...cycle, at].map((i) => document.categories[i]!.id).join(' → ');
    for (const i of cycle) {
      onCycle.add(i);
      errors.push({ field: `categories[${i}].parent`, message: `the parents form a cycle: ${names}` });
    }
  });
}

function checkExportRules(document: RedListDocument, errors: FieldIssue[]): void {
  const ids = new Set(document.categories.map((category) => category.id));
  const laws = new Set(document.legal.laws.map((law) => law.reference));
  document.legal.exportRules.forEach((rule, r) => {
    rule.categories?.forEach((id, c) => {
      if (!ids.has(id)) errors.push({ field: `legal.exportRules[${r}].categories[${c}]`, message: `no category has the id ${id}` });
    });
    if (rule.law !== undefined && !laws.has(rule.law)) errors.push({ field: `legal.exportRules[${r}].law`, message: `no law of legal.laws has the reference ${rule.law}` });
  });
}

function checkTranslations(texts: Texts, path: string, languages: readonly string[], issues: FieldIssue[]): void {
  const missing = languages.filter((lang) => !(lang in texts));
  if (missing.length > 0) issues.push({ field: path, message: `no text in ${missing.join(', ')}` });
  const others = Object.keys(texts).filter((lang) => !languages.includes(lang));
  if (others.length > 0) issues.push({ field: path, message: `${others.join(', ')} ${others.length > 1 ? 'are' : 'is'} not among the list's languages (${languages.join(', ')})` });
}

/** Calls `visit` with every text of the document and its path. */
export function forEachText(document: RedListDocument, visit: (texts: Texts, path: string) => void): void {
  const maybe = (texts: Texts | undefined, path: string) => texts !== undefined && visit(texts, path);
  maybe(document.edition.label, 'edition.label');
  visit(document.title, 'title');
  visit(document.region.name, 'region.name');
  visit(document.introduction, 'introduction');
  visit(document.disclaimer, 'disclaimer');
  document.legal.conventions.forEach((convention, i) => maybe(convention.note, `legal.conventions[${i}].note`));
  document.legal.laws.forEach((law, i) => {
    visit(law.title, `legal.laws[${i}].title`);
    maybe(law.summary, `legal.laws[${i}].summary`);
  });
  document.legal.exportRules.forEach((rule, i) => maybe(rule.note, `legal.exportRules[${i}].note`));
  document.contacts.forEach((contact, i) => maybe(contact.note, `contacts[${i}].note`));
  document.categories.forEach((category, i) => {
    const at = `categories[${i}]`;
    visit(category.name, `${at}.name`);
    maybe(category.period?.label, `${at}.period.label`);
    maybe(category.regionOrCulture, `${at}.regionOrCulture`);
    maybe(category.description, `${at}.description`);
    maybe(category.features, `${at}.features`);
    category.examples.forEach((example, e) => maybe(example.description, `${at}.examples[${e}].description`));
  });
}
