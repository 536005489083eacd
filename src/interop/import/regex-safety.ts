/**
 * A conservative static check of a mapping's regular expressions (`match`), so that no pattern can
 * stall an import by catastrophic backtracking (`^(a+)+$` took 12.6 s on 29 characters). JavaScript
 * has no linear-time engine and no new dependency may come in, so a pattern is refused when it has:
 * - a backreference (`\1`, `\k<name>`): matching with them is not bounded by any polynomial;
 * - a quantifier of variable length inside a repeated group (`(a+)+`, `(\d{1,3})*`): exponential;
 * - alternatives that can start with the same character inside a repeated group (`(a|ab)*`,
 *   `(\w|\d)+`): exponential;
 * - two unbounded repeats (or counted ones varying by more than 20) that can match the same
 *   characters with nothing that stops the first between them (`.*.*`, `\d+\d*`, `.*x.*`,
 *   `\d{1,100}\d{1,100}`): polynomial of high degree.
 * What is left backtracks at most quadratically, and values are matched up to
 * `MAX_MATCHED_LENGTH` characters (mapping-rules.ts): a quadratic match of 4,000 characters takes
 * some 50 ms, where `^(a+)+$` took seconds on 29.
 * Character sets are compared on a sample of characters (ASCII and some letters, digits and spaces
 * of other scripts): two sets that share a sampled character overlap.
 */

/** Longest value a `match` rule reads. */
export const MAX_MATCHED_LENGTH = 4_000;
/** A counted repeat whose length may vary by more (`\d{1,1000}`) backtracks like an unbounded one. */
const MAX_BOUNDED_RANGE = 20;

type Node =
  | { kind: 'atom'; source: string }
  | { kind: 'group'; alternatives: Sequence[]; lookaround: boolean }
  | { kind: 'zero-width' }
  | { kind: 'backreference' };
interface Item {
  node: Node;
  min: number;
  max: number;
  /** As written in the pattern, quantifier included. */
  source: string;
}
type Sequence = Item[];

const SAMPLES = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
  '\t', '\n', '\r', '\u00a0', '\u2028', 'é', 'ß', 'Ж', 'ж', '中', '٣', '–', '’', '\u{1F600}',
];

/** Why the pattern may backtrack catastrophically, or undefined when it passes the check. Assumes a valid `u` pattern. */
export function catastrophicPatternReason(pattern: string): string | undefined {
  return checkAlternatives(new Parser(pattern).alternatives());
}

function checkAlternatives(alternatives: Sequence[]): string | undefined {
  for (const sequence of alternatives) {
    for (const item of sequence) {
      const reason = checkItem(item);
      if (reason) return reason;
    }
    const reason = checkAdjacentRepeats(sequence);
    if (reason) return reason;
  }
  return undefined;
}

function checkItem(item: Item): string | undefined {
  const { node } = item;
  if (node.kind === 'backreference') return 'a backreference (\\1, \\k<name>) can take exponential time';
  if (node.kind !== 'group') return undefined;
  if (item.max > 1) {
    if (containsVariableQuantifier(node.alternatives)) return 'a quantifier inside a repeated group, as in (a+)+, can take exponential time';
    const overlapping = findOverlappingAlternatives(node);
    if (overlapping) return `alternatives that can start with the same character (${overlapping}) inside a repeated group can take exponential time`;
  }
  return checkAlternatives(node.alternatives);
}

function containsVariableQuantifier(alternatives: Sequence[]): boolean {
  return alternatives.some((sequence) =>
    sequence.some((item) => item.min !== item.max || (item.node.kind === 'group' && containsVariableQuantifier(item.node.alternatives))),
  );
}

/** In a group or any group inside it: two alternatives whose first characters may be the same, as "a|ab". */
function findOverlappingAlternatives(group: Extract<Node, { kind: 'group' }>): string | undefined {
  const firsts = group.alternatives.map(firstCharacters);
  for (let i = 0; i < firsts.length; i++) {
    for (let j = i + 1; j < firsts.length; j++) {
      if (overlap(firsts[i]!, firsts[j]!)) return `${describe(group.alternatives[i]!)}|${describe(group.alternatives[j]!)}`;
    }
  }
  for (const sequence of group.alternatives) {
    for (const item of sequence) {
      const inner = item.node.kind === 'group' ? findOverlappingAlternatives(item.node) : undefined;
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The characters a sequence can start with (an empty set for one that can match the empty text: it overlaps everything). */
function firstCharacters(sequence: Sequence): Set<string> {
  const out = new Set<string>();
  for (const item of sequence) {
    const chars = characters(item.node, true);
    if (chars === undefined) continue; // zero-width
    for (const c of chars) out.add(c);
    if (item.min > 0 && !canBeEmpty(item.node)) return out;
  }
  return new Set(SAMPLES); // may match nothing: anything may follow
}

function canBeEmpty(node: Node): boolean {
  if (node.kind === 'atom') return false;
  if (node.kind !== 'group' || node.lookaround) return true;
  return node.alternatives.some((sequence) => sequence.every((item) => item.min === 0 || canBeEmpty(item.node)));
}

/** The sampled characters a node matches (first ones only, or any), undefined for what matches no character. */
function characters(node: Node, firstOnly = false): Set<string> | undefined {
  if (node.kind === 'atom') return atomCharacters(node.source);
  if (node.kind !== 'group' || node.lookaround) return node.kind === 'backreference' ? new Set(SAMPLES) : undefined;
  const out = new Set<string>();
  for (const sequence of node.alternatives) {
    const chars = firstOnly ? firstCharacters(sequence) : sequenceCharacters(sequence);
    for (const c of chars) out.add(c);
  }
  return out;
}

function sequenceCharacters(sequence: Sequence): Set<string> {
  const out = new Set<string>();
  for (const item of sequence) for (const c of characters(item.node) ?? []) out.add(c);
  return out;
}

const atomCache = new Map<string, Set<string>>();
function atomCharacters(source: string): Set<string> {
  let chars = atomCache.get(source);
  if (!chars) {
    const test = new RegExp(`^(?:${source})$`, 'u');
    chars = new Set(SAMPLES.filter((c) => test.test(c)));
    // A character outside the samples (a literal "ж" is sampled, "ф" is not) still stands for itself.
    if (chars.size === 0) chars.add(source);
    atomCache.set(source, chars);
  }
  return chars;
}

function overlap(a: Set<string>, b: Set<string>): boolean {
  for (const c of a) if (b.has(c)) return true;
  return false;
}

interface Unit {
  chars: Set<string>;
  unbounded: boolean;
  mandatory: boolean;
  source: string;
}

/**
 * Two unbounded repeats in a row that can match the same characters, unless a character that the
 * first cannot match is required between them: `.*.*`, `\d+x?\d+`, `.*x.*` (each split of the text tried).
 */
function checkAdjacentRepeats(sequence: Sequence): string | undefined {
  const units = flatten(sequence, false);
  for (let i = 0; i < units.length; i++) {
    const first = units[i]!;
    if (!first.unbounded) continue;
    for (let j = i + 1; j < units.length; j++) {
      const next = units[j]!;
      const shared = overlap(first.chars, next.chars);
      if (next.mandatory && !shared) break;
      if (next.unbounded && shared) {
        return `two unbounded repeats that can match the same text (${first.source} then ${next.source}) can take polynomial time; a character class that leaves out what follows ([^(]+ rather than .+) avoids it`;
      }
    }
  }
  return undefined;
}

/** A sequence as the units a text goes through in order, looking inside groups that are not repeated. */
function flatten(sequence: Sequence, optional: boolean): Unit[] {
  const units: Unit[] = [];
  for (const item of sequence) {
    const { node } = item;
    if (node.kind === 'zero-width' || (node.kind === 'group' && node.lookaround)) continue;
    const unbounded = item.max - item.min > MAX_BOUNDED_RANGE;
    if (node.kind === 'group' && !unbounded && node.alternatives.length === 1 && item.max <= 1) {
      units.push(...flatten(node.alternatives[0]!, optional || item.min === 0));
      continue;
    }
    units.push({ chars: characters(node) ?? new Set(), unbounded, mandatory: !optional && item.min > 0, source: item.source });
  }
  return units;
}

function describe(sequence: Sequence): string {
  return sequence.map((item) => item.source).join('');
}

/** A parser of what matters here in a pattern that `new RegExp(pattern, 'u')` accepts. */
class Parser {
  private at = 0;

  constructor(private readonly pattern: string) {}

  alternatives(): Sequence[] {
    const out: Sequence[] = [this.sequence()];
    while (this.pattern[this.at] === '|') {
      this.at++;
      out.push(this.sequence());
    }
    return out;
  }

  private sequence(): Sequence {
    const items: Sequence = [];
    while (this.at < this.pattern.length && this.pattern[this.at] !== '|' && this.pattern[this.at] !== ')') {
      const start = this.at;
      const node = this.node();
      const [min, max] = this.quantifier();
      items.push({ node, min, max, source: this.pattern.slice(start, this.at) });
    }
    return items;
  }

  private node(): Node {
    const p = this.pattern;
    const start = this.at;
    const c = p[this.at]!;
    if (c === '^' || c === '$') {
      this.at++;
      return { kind: 'zero-width' };
    }
    if (c === '(') {
      const lookaround = /^\(\?<?[=!]/.test(p.slice(this.at));
      const prefix = /^\((\?(<[=!]|[=!:]|<[^>]+>))?/.exec(p.slice(this.at))![0];
      this.at += prefix.length;
      const alternatives = this.alternatives();
      this.at++; // ")"
      return { kind: 'group', alternatives, lookaround };
    }
    if (c === '[') {
      this.at++;
      while (p[this.at] !== ']') this.at += p[this.at] === '\\' ? 2 : 1;
      this.at++;
      return { kind: 'atom', source: p.slice(start, this.at) };
    }
    if (c === '\\') {
      const escape = /^\\(?:[bB]|[1-9]\d*|k<[^>]+>|[pP]\{[^}]+\}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[a-zA-Z]|[\s\S])/u.exec(p.slice(this.at))![0];
      this.at += escape.length;
      if (escape === '\\b' || escape === '\\B') return { kind: 'zero-width' };
      if (/^\\([1-9]|k<)/.test(escape)) return { kind: 'backreference' };
      return { kind: 'atom', source: escape };
    }
    const char = String.fromCodePoint(p.codePointAt(this.at)!);
    this.at += char.length;
    return { kind: 'atom', source: char };
  }

  private quantifier(): [number, number] {
    const m = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(this.pattern.slice(this.at));
    if (!m) return [1, 1];
    this.at += m[0].length;
    if (m[1] === '*') return [0, Infinity];
    if (m[1] === '+') return [1, Infinity];
    if (m[1] === '?') return [0, 1];
    const min = Number(m[2]);
    return [min, m[3] === undefined ? min : m[4] === '' ? Infinity : Number(m[4])];
  }
}
