/**
 * The rules of a mapping field (mapping-file.ts) compiled into a function of a record. A rule reads
 * the values its paths lead to (or its constant `value`), then, in this order:
 * - keeps them only `when` another path has one of the given values (compared without case);
 * - `split`s each on a separator;
 * - keeps what a regular expression `match`es: its first group when it has groups, else the match
 *   (a value longer than MAX_MATCHED_LENGTH fails the record rather than risk a slow match);
 * - replaces each through a `map` (keys compared without case; "*" for any other value; a value
 *   mapped to "" is removed);
 * - drops empty values and repeats, and `join`s what is left into one value when asked.
 * Texts are trimmed and their runs of white space made one space, except where line breaks carry
 * meaning (measurements, medium statements: `lines`). Numbers and booleans are read as text.
 */
import type { RuleInput, RulesInput } from './mapping-file.js';
import { RowError } from './import-pipeline.js';
import type { PathCompiler, PathReader } from './mapping-path.js';
import { MAX_MATCHED_LENGTH } from './regex-safety.js';

export interface RuleContext {
  /** Compiles the paths of the rules (JSON paths or CSV columns). */
  path: PathCompiler;
  /** Language of texts when a rule does not give one: the mapping's, else the import's. */
  lang: string;
  /** Where the rules are in the mapping file, for its mistakes: "fields.title". */
  where: string;
  /** The field as messages about a record name it: "title", "makers.name". */
  label: string;
  /** Mistakes found while compiling, to report all at once. */
  problems: string[];
  /** Keep line breaks inside texts. */
  lines?: boolean;
}

/** The values one rule gives for a record, in the rule's language. */
export interface RuleValues {
  values: string[];
  lang: string;
}

/** The rules of a field, in order: each gives its values for a record. */
export type CompiledRules = ReadonlyArray<(record: unknown) => RuleValues>;

/** The values of a record in order, each with its language. */
export function allValues(rules: CompiledRules, record: unknown): Array<{ value: string; lang: string }> {
  const out: Array<{ value: string; lang: string }> = [];
  for (const rule of rules) {
    const { values, lang } = rule(record);
    for (const value of values) out.push({ value, lang });
  }
  return out;
}

/** The first value of the first rule that gives one (later rules are not read). */
export function firstValue(rules: CompiledRules, record: unknown): { value: string; lang: string } | undefined {
  for (const rule of rules) {
    const { values, lang } = rule(record);
    if (values.length > 0) return { value: values[0]!, lang };
  }
  return undefined;
}

export function compileRules(input: RulesInput, context: RuleContext): CompiledRules {
  const list = Array.isArray(input) ? input : [input];
  return list.map((rule, i) => {
    const at = { ...context, where: Array.isArray(input) ? `${context.where}[${i}]` : context.where };
    return compileRule(typeof rule === 'string' ? { path: rule } : rule, at);
  });
}

/** A path of the mapping compiled, or its mistake noted (the reader then reads nothing). */
export function compilePath(path: string, context: Pick<RuleContext, 'path' | 'problems'>, where: string): PathReader {
  const reader = context.path(path);
  if (typeof reader === 'function') return reader;
  context.problems.push(`${where}: ${reader.problem}`);
  return () => [];
}

const normaliseKey = (key: string) => key.replace(/\s+/g, ' ').trim().toLowerCase();

function compileRule(rule: RuleInput, context: RuleContext): (record: unknown) => RuleValues {
  const paths = rule.path === undefined ? [] : (Array.isArray(rule.path) ? rule.path : [rule.path]).map((path) => compilePath(path, context, `${context.where}.path`));
  const when = rule.when === undefined ? undefined : compileWhen(rule.when, context);
  const match = rule.match === undefined ? undefined : new RegExp(rule.match, 'u');
  // A pattern has groups when it matches the empty string through an alternative with more than the whole match.
  const grouped = rule.match !== undefined && new RegExp(`${rule.match}|`, 'u').exec('')!.length > 1;
  const map = rule.map === undefined ? undefined : new Map(Object.entries(rule.map).map(([key, value]) => [normaliseKey(key), value.trim()]));
  const otherwise = map?.get('*');
  const lang = rule.lang ?? context.lang;
  const read = (record: unknown) => (paths.length === 1 ? texts(paths[0]!(record), context) : paths.flatMap((path) => texts(path(record), context)));

  return (record) => {
    if (when && !when(record)) return { values: [], lang };
    let values = rule.value === undefined ? read(record) : [rule.value.trim()];
    if (rule.split !== undefined) values = values.flatMap((value) => value.split(rule.split!).map((part) => part.trim()));
    if (match) {
      values = values.map((value) => {
        // Patterns were checked (regex-safety.ts); the length cap bounds what backtracking is left.
        if (value.length > MAX_MATCHED_LENGTH) {
          throw new RowError(`${context.label}: a value of ${value.length} characters is longer than the ${MAX_MATCHED_LENGTH} a regular expression ("match" at ${context.where}) reads`);
        }
        const m = match.exec(value);
        return m ? ((grouped ? m[1] : m[0]) ?? '') : '';
      });
    }
    if (map) values = values.map((value) => map.get(normaliseKey(value)) ?? otherwise ?? value);
    values = values.length === 1 ? (values[0] === '' ? [] : values) : [...new Set(values.filter((value) => value !== ''))];
    if (rule.join !== undefined && values.length > 1) values = [values.join(rule.join)];
    return { values, lang };
  };
}

function compileWhen(when: NonNullable<RuleInput['when']>, context: RuleContext): (record: unknown) => boolean {
  const read = compilePath(when.path, context, `${context.where}.when.path`);
  const wanted = new Set((Array.isArray(when.equals) ? when.equals : [when.equals]).map(normaliseKey));
  return (record) => texts(read(record), context).some((value) => wanted.has(normaliseKey(value)));
}

/** White space other than single spaces. */
const SPACES = /\s\s|[^\S ]/;

/** The texts among values a path led to (objects and arrays are not texts); invalid UTF-8 is left to the pipeline, which warns. */
function texts(values: unknown[], context: Pick<RuleContext, 'label' | 'lines'>): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (typeof value === 'string') {
      const text = context.lines || !SPACES.test(value) ? value.trim() : value.replace(/\s+/g, ' ').trim();
      if (text !== '') out.push(text);
    } else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
      out.push(String(value));
    }
  }
  return out;
}
