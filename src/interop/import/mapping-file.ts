/**
 * Mapping files (`egide import --format csv|jsonl|json --mapping FILE`): JSON saying how the records of
 * an export fill the Object ID fields of a description, so that a museum's own export imports
 * without code. The language is explained by `egide import --template mapping` (mapping-help.ts)
 * and the README; mapping-fields.ts compiles it. In short:
 *
 *   { "lang": "en", "sourceId": "id",
 *     "fields": { "inventoryNumber": "acno", "title": "title",
 *                 "makers": { "each": "contributors[*]", "name": "fc", "role": "role" } } }
 *
 * A field takes rules: a path (a JSON path, or a CSV column), a rule object (path or constant
 * value, then the transforms when, split, match, map, join, and lang), or a list of them. The file
 * is checked here, whole, before anything is imported: every mistake is listed with where it is.
 */
import { readFileSync } from 'node:fs';
import { z } from '@hono/zod-openapi';
import { invalid, invalidFile, type DomainError } from '../../errors.js';
import { LanguageMapSchema } from '../../registry/object.schemas.js';
import { catastrophicPatternReason } from './regex-safety.js';

/** A language tag, as the keys of a description's texts. */
const Lang = LanguageMapSchema.keyType;
const Path = z.string().trim().min(1, 'an empty path');

const Regex = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a regular expression (${(error as Error).message})` });
    return;
  }
  // A pattern that can backtrack without end would stall the import on one record (regex-safety.ts).
  const unsafe = catastrophicPatternReason(source);
  if (unsafe) ctx.addIssue({ code: 'custom', message: `refused: ${unsafe}` });
});

/** Map keys are compared without case; "*" stands for any other value; "" removes a value. */
const ValueMap = z.record(z.string(), z.string());

const When = z.object({ path: Path, equals: z.union([z.string(), z.array(z.string()).min(1)]) }).strict();

const RuleObject = z
  .object({
    path: z.union([Path, z.array(Path).min(1)]).optional(),
    value: z.string().optional(),
    when: When.optional(),
    split: z.string().min(1, 'an empty separator').optional(),
    match: Regex.optional(),
    map: ValueMap.optional(),
    join: z.string().optional(),
    lang: Lang.optional(),
  })
  .strict()
  .refine((rule) => (rule.path === undefined) !== (rule.value === undefined), 'give either "path" (where the value is read) or "value" (a constant), not both');

/** One rule, or several whose values are taken in order. */
const Rules = z.union([Path, RuleObject, z.array(z.union([Path, RuleObject])).min(1)]);

/** The path of the items (e.g. contributors[*]) whose other paths are read inside each item. */
const Each = Path.optional();

const Measurements = z.object({ text: Rules, unit: Rules.optional(), unreadable: z.enum(['keep', 'skip']).optional() }).strict();
const Inscriptions = z.object({ each: Each, text: Rules, kind: Rules.optional(), position: Rules.optional(), language: Rules.optional() }).strict();
const Makers = z.object({ each: Each, name: Rules, role: Rules.optional() }).strict();
const Places = z.object({ each: Each, name: Rules, country: Rules.optional(), kind: Rules.optional() }).strict();
const Dating = z.object({ display: Rules, earliest: Rules.optional(), latest: Rules.optional() }).strict();
const Medium = z.object({ text: Rules, terms: ValueMap.optional() }).strict();

const Fields = z
  .object({
    inventoryNumber: Rules,
    objectType: Rules.optional(),
    title: Rules.optional(),
    materials: Rules.optional(),
    techniques: Rules.optional(),
    materialsAndTechniques: z.union([Rules, Medium]).optional(),
    measurements: z.union([Rules, Measurements]).optional(),
    inscriptions: z.union([Rules, Inscriptions]).optional(),
    dating: z.union([Rules, Dating]).optional(),
    makers: z.union([Rules, Makers]).optional(),
    subject: Rules.optional(),
    distinguishingFeatures: Rules.optional(),
    description: Rules.optional(),
    relatedWrittenMaterial: Rules.optional(),
    places: z.union([Rules, Places]).optional(),
    crossReferences: Rules.optional(),
    dateDocumented: Rules.optional(),
    /** Not a description field: the holding institution, to route records (--org-from repository). */
    organisation: Rules.optional(),
  })
  .strict();

export const MappingSchema = z
  .object({
    $comment: z.string().optional(),
    lang: Lang.optional(),
    sourceId: Rules.optional(),
    fields: Fields,
  })
  .strict();

export type Mapping = z.infer<typeof MappingSchema>;
export type RulesInput = z.infer<typeof Rules>;
export type RuleInput = z.infer<typeof RuleObject>;
export type FieldName = keyof Mapping['fields'];
export const FIELD_NAMES = Object.keys(Fields.shape) as FieldName[];

type Issue = z.core.$ZodIssue;

/** ["fields", "objectType", 2, "map"] → "fields.objectType[2].map". */
function where(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

const NO_VALUE = /received undefined$/;
const MISMATCH = 1000;

/** How far an input is from a union's alternative: wrong type, or keys it does not know (mistakes further in are its own). */
function distance(issues: readonly Issue[]): number {
  let sum = 0;
  for (const issue of issues) {
    if (issue.path.length > 0) continue;
    if (issue.code === 'invalid_type') sum += MISMATCH;
    else if (issue.code === 'unrecognized_keys') sum += issue.keys.length;
    else if (issue.code === 'invalid_union') sum += Math.min(...issue.errors.map(distance));
  }
  return sum;
}

/** Issues as people read them, one line each; of a union's alternatives, the one the input was meant as. */
function describe(issues: readonly Issue[], base: ReadonlyArray<PropertyKey> = []): string[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union') {
      const missing = issue.errors.every((branch) => branch.every((inner) => inner.code === 'invalid_type' && NO_VALUE.test(inner.message)));
      if (missing) return [`${where(path)}: missing`];
      const distances = issue.errors.map(distance);
      const closest = Math.min(...distances);
      if (closest < MISMATCH) return describe(issue.errors[distances.indexOf(closest)]!, path);
      return [`${where(path)}: expected a path, a rule ({"path": …} or {"value": …}) or a list of them${path.length > 2 ? '' : ', or the object this field takes'}`];
    }
    if (issue.code === 'unrecognized_keys') {
      const known = path.length === 1 && path[0] === 'fields' ? ` (the fields are ${FIELD_NAMES.join(', ')})` : '';
      return issue.keys.map((key) => `${where([...path, key])}: unknown ${known ? 'field' : 'key'}${known}`);
    }
    if (issue.code === 'invalid_type' && NO_VALUE.test(issue.message)) return [`${where(path)}: missing`];
    return [`${path.length > 0 ? `${where(path)}: ` : ''}${issue.message}`];
  });
}

/** "invalid", listing the mistakes of a mapping file one per line. */
export function mappingInvalid(name: string, problems: readonly string[]): DomainError {
  return invalid(`${name}: this mapping cannot be used:\n${problems.map((line) => `  ${line}`).join('\n')}`);
}

/** A mapping checked against MappingSchema, or "invalid" listing every mistake with where it is. */
export function parseMapping(json: unknown, name: string): Mapping {
  const parsed = MappingSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw mappingInvalid(name, describe(parsed.error.issues));
}

/** Reads and checks a mapping file; "invalid" when it cannot be read, is not JSON or is not a mapping. */
export function readMapping(path: string): Mapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw invalid(`cannot read the mapping ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalidFile(path, `not JSON (${jsonErrorPlace(text, (error as Error).message)})`);
  }
  return parseMapping(json, path);
}

/** JSON.parse's "… at position 57" with the line and column people look for. */
export function jsonErrorPlace(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m || /line \d+/.test(message)) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}
