/**
 * What an import makes of a description that ObjectDescriptionSchema refuses, so that a problem with
 * one field never costs the whole record (import-pipeline.ts): only that field's bad value leaves
 * it, its text is kept in the description (the text every export carries), and a warning says what
 * was done. A maker naming forty artists is split on its separators; items beyond a list's maximum,
 * an over-long maker, place or inscription, a measurement out of range go to the description; an
 * optional part that is invalid (a country code, a role…) is left out of its item; impossible years
 * leave the date as display text. A text over the limit of every field (20,000 characters) is cut.
 * The inventory number is never repaired: a record is keyed on it.
 */
import type { RecordWarning } from './import-pipeline.js';

/** A validation issue as zod reports it (the parts used here). */
export interface DescriptionIssue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  maximum?: unknown;
}

type Label = (path: ReadonlyArray<PropertyKey>) => string;
type Json = Record<string, unknown>;

const LANGUAGE_MAPS = new Set(['title', 'subject', 'distinguishingFeatures', 'description']);
const LISTS = new Set(['objectType', 'materials', 'techniques', 'measurements', 'inscriptions', 'makers', 'relatedWrittenMaterial', 'places', 'crossReferences']);
/** Parts of list items that are optional: an invalid one leaves the item, not the item its list. */
const OPTIONAL_PARTS = new Set(['role', 'part', 'position', 'language', 'country', 'kind', 'aat']);
/** BCP 47 "undetermined": for a text whose language tag is not one. */
const UNDETERMINED = 'und';
/** Between the names of a "maker" that lists several: "A; B", "A / B", "A | B", "A and B". */
const NAME_SEPARATORS = /\s*[;/|]\s*|\s+and\s+/i;

/** A value as a warning keeps it: a few hundred characters at most. */
export function shortened(value: string, max = 300): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An item of a description as people read it: "Rembrandt (painter)", "height 30 cm (frame)". */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Not an object: one of the scalars a source holds (text, number, boolean).
  if (typeof value !== 'object') return String(value as string | number | boolean);
  if (Array.isArray(value)) return value.map(textOf).filter(Boolean).join('; ');
  const item = value as Json;
  if (isRecord(item.label)) return Object.values(item.label).map(textOf).join(' / ');
  if ('dimension' in item) return [item.dimension, item.value, item.unit].map(textOf).join(' ') + (item.part ? ` (${textOf(item.part)})` : '');
  const main = textOf(item.name ?? item.text ?? item.display);
  const details = [item.role, item.country, item.position].map(textOf).filter(Boolean);
  return main === '' ? JSON.stringify(value) : details.length > 0 ? `${main} (${details.join(', ')})` : main;
}

/**
 * The description with the characters that stand for invalid UTF-8 bytes (U+FFFD, as decoders
 * write them) left out, a warning for each text that had them; the readable part is kept.
 */
export function withoutInvalidUtf8(description: unknown, label: Label, warnings: RecordWarning[]): unknown {
  // Almost every record has none: one native pass to tell, the walk only when needed.
  if (!JSON.stringify(description ?? null).includes('\uFFFD')) return description;
  const clean = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('\uFFFD')) return value;
      warnings.push({ field: label(path), reason: 'not valid UTF-8: the unreadable bytes are left out (save the file as UTF-8)', value: shortened(value) });
      return value.replace(/\uFFFD+/g, '');
    }
    if (Array.isArray(value)) return value.map((item, index) => clean(item, [...path, index]));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clean(item, [...path, key])]));
    return value;
  };
  return clean(description, []);
}

/**
 * The description with what each issue points at repaired, and a warning per repair; undefined when
 * an issue cannot be repaired (the inventory number, a description that is not an object).
 */
export function repairDescription(description: unknown, issues: ReadonlyArray<DescriptionIssue>, label: Label): { description: Json; warnings: RecordWarning[] } | undefined {
  if (!isRecord(description)) return undefined;
  const out = structuredClone(description);
  const warnings: RecordWarning[] = [];
  /** Texts that leave their field, for the description. */
  const kept: string[] = [];
  /** List items replaced (split, or moved to the description: none), applied once every issue is seen so that indexes hold. */
  const replaced = new Map<string, Map<number, unknown[]>>();

  for (const issue of issues) {
    const [field, ...rest] = issue.path;
    if (typeof field !== 'string' || field === 'inventoryNumber' || !(field in out)) return undefined;
    const where = label(issue.path);
    const warn = (action: string, value: string) => warnings.push({ field: where, reason: `${issue.message}: ${action}`, ...(value === '' ? {} : { value: shortened(value) }) });
    const keep = (path: PropertyKey[], value: string) => {
      if (value !== '') kept.push(`${label(path)}: ${value}`);
    };
    const value = out[field];

    if (LANGUAGE_MAPS.has(field) && isRecord(value)) {
      const key = rest[0];
      if (typeof key !== 'string' || !(key in value)) continue;
      const text = value[key];
      if (typeof text !== 'string') {
        delete value[key];
        warn('left out', textOf(text));
      } else if (issue.code === 'too_big' && typeof issue.maximum === 'number') {
        value[key] = `${text.slice(0, issue.maximum - 1)}…`;
        warn(`cut at ${issue.maximum.toLocaleString('en-US')} characters, the most any text may hold`, text);
      } else {
        // The key is not a language tag.
        delete value[key];
        if (value[UNDETERMINED] === undefined && key !== UNDETERMINED) {
          value[UNDETERMINED] = text;
          warn(`kept as a text in an undetermined language (${UNDETERMINED})`, text);
        } else {
          keep([field], text);
          warn('kept in the description', text);
        }
      }
    } else if (LISTS.has(field) && Array.isArray(value)) {
      if (rest.length === 0) {
        const max = typeof issue.maximum === 'number' ? issue.maximum : value.length;
        const beyond = value.slice(max).map(textOf).join('; ');
        out[field] = value.slice(0, max);
        keep([field], beyond);
        warn(`the ${value.length - max} beyond the first ${max} are kept in the description`, beyond);
        continue;
      }
      const index = Number(rest[0]);
      const item: unknown = value[index];
      const part = rest[1];
      const decisions = replaced.get(field) ?? new Map<number, unknown[]>();
      replaced.set(field, decisions);
      if (decisions.has(index)) continue;
      if (typeof part === 'string' && OPTIONAL_PARTS.has(part) && isRecord(item)) {
        const text = textOf(item[part]);
        delete item[part];
        keep(issue.path.slice(0, 1), `${textOf(item)} — ${part}: ${text}`);
        warn('left out of the item, kept in the description', text);
        continue;
      }
      const names = field === 'makers' && part === 'name' && isRecord(item) && typeof issue.maximum === 'number' ? splitNames(item.name, issue.maximum) : [];
      if (isRecord(item) && names.length > 1) {
        decisions.set(index, names.map((name) => ({ ...item, name })));
        warn(`split into ${names.length} makers`, textOf(item.name));
        continue;
      }
      decisions.set(index, []);
      keep([field], textOf(item));
      warn('kept in the description', textOf(item));
    } else if (field === 'dating' && isRecord(value)) {
      const part = rest[0];
      const display = typeof value.display === 'string' ? value.display.trim() : '';
      if ((part === 'earliest' || part === 'latest') && display !== '') {
        const years = [value.earliest, value.latest].map(textOf).filter(Boolean).join('–');
        delete value.earliest;
        delete value.latest;
        warn('the years are left out, the date is kept as display text', years);
      } else if (part === 'display' && issue.code === 'too_big' && typeof issue.maximum === 'number') {
        value.display = `${display.slice(0, issue.maximum - 1)}…`;
        keep([field], display);
        warn('cut, and kept whole in the description', display);
      } else {
        out.dating = null;
        keep([field], textOf(value));
        warn('kept in the description', textOf(value));
      }
    } else {
      // A field of the wrong shape (a text where a list is expected…): its default, the value kept in the description.
      out[field] = field === 'dating' || field === 'dateDocumented' ? null : LISTS.has(field) ? [] : {};
      keep([field], textOf(value));
      warn('left out, kept in the description', textOf(value));
    }
  }

  for (const [field, decisions] of replaced) {
    const list = out[field] as unknown[];
    out[field] = list.flatMap((item, index) => decisions.get(index) ?? [item]);
  }
  if (kept.length > 0) {
    const map = isRecord(out.description) ? out.description : {};
    const lang = Object.keys(map)[0] ?? (isRecord(out.title) ? Object.keys(out.title)[0] : undefined) ?? UNDETERMINED;
    map[lang] = [map[lang], kept.join('\n')].filter(Boolean).join('\n\n');
    out.description = map;
  }
  return { description: out, warnings };
}

/** The names a too long "maker" lists, when each fits (else none: the text is kept whole elsewhere). */
function splitNames(value: unknown, max: number): string[] {
  if (typeof value !== 'string') return [];
  const names = value.split(NAME_SEPARATORS).map((name) => name.trim()).filter(Boolean);
  return names.every((name) => name.length <= max) ? names : [];
}
