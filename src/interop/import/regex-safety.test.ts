import { describe, expect, it } from 'vitest';
import { catastrophicPatternReason, MAX_MATCHED_LENGTH } from './regex-safety.js';

describe('the static check of mapping regular expressions', () => {
  it.each([
    ['^(a+)+$', /quantifier inside a repeated group/],
    ['(\\d+)*x', /quantifier inside a repeated group/],
    ['^(\\w+\\s?)*$', /quantifier inside a repeated group/],
    ['(.*a){12}', /quantifier inside a repeated group/],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', /quantifier inside a repeated group/],
    ['^(a?){25}(a){25}$', /quantifier inside a repeated group/],
    ['(a|aa)+', /alternatives .*\(a\|aa\)/],
    ['(?:a|ab)*c', /alternatives .*\(a\|ab\)/],
    ['(\\w|\\d)+$', /alternatives .*\(\\w\|\\d\)/],
    ['\\d+\\d+', /two unbounded repeats .*\(\\d\+ then \\d\+\)/],
    ['.*.*=.*', /two unbounded repeats/],
    ['.*x.*', /two unbounded repeats/],
    ['\\d{1,100}\\d{0,100}', /two unbounded repeats .*\(\\d\{1,100\} then \\d\{0,100\}\)/],
    ['(a)\\1', /backreference/],
    ['(?<y>a)\\k<y>', /backreference/],
  ])('refuses %s', (pattern, reason) => {
    expect(catastrophicPatternReason(pattern)).toMatch(reason);
  });

  it.each([
    '^(\\d{4})', '([A-Z]+)\\.\\d+', '(?:ca\\.\\s*)?(\\d+)', '^([A-Za-z]{2})$', '(\\d+)\\s*x\\s*(\\d+)', '^(.*?)\\.?$',
    '^\\s*(\\d{4})\\s*-\\s*(\\d{4})', '[^;]+', '(?:ab|cd)+', '(\\d{2}){3}', '(?<year>\\d{4})', '\\b(\\d{3,4})s?\\b',
    '^(\\p{L}+)', '^-?\\d{1,4}$', '^No\\. (\\S+)$', '[\\](]+x', '(?=\\d)\\w+', '\\d{1,4}\\d{1,4}',
  ])('accepts %s', (pattern) => {
    expect(catastrophicPatternReason(pattern)).toBeUndefined();
  });

  it('leaves accepted patterns fast on the longest values they read', () => {
    // Worst cases of what is accepted: quadratic backtracking on a value that almost matches.
    // Not a speed target (that is for benchmarks): these take about 10–20 ms on 4,000 characters,
    // whereas a catastrophic pattern on a value of that length would not end at all (`^(a+)+$` took
    // 12.6 s on 29 characters). The bound is 50 times the expected time, so a loaded machine passes
    // and only exponential backtracking fails.
    for (const [pattern, value] of [['(\\d+)\\s*x\\s*(\\d+)', '1'], ['([A-Z]+)\\.\\d+', 'A'], ['(\\w+)-', 'a']] as const) {
      const started = performance.now();
      new RegExp(pattern, 'u').exec(value.repeat(MAX_MATCHED_LENGTH));
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
