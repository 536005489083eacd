// The layering of src/ (.dependency-cruiser.cjs says which folder may import which): every rule broken
// fails this test, each violation listed.
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

async function cruiseSources(): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(`${root}.dependency-cruiser.cjs`);
  const output = await cruise(['src'], { ...options, baseDir: root, validate: true }, {}, { tsConfig: extractTSConfig(`${root}tsconfig.json`) });
  return output.output as ICruiseResult;
}

/** One line a violation: the rule, then the modules (or folders) and, for a cycle, its path. */
function describeViolation(violation: ICruiseResult['summary']['violations'][number]): string {
  const cycle = violation.cycle?.length ? ` (${[violation.from, ...violation.cycle.map((step) => step.name)].join(' → ')})` : '';
  const modules = violation.from === violation.to ? violation.from : `${violation.from} → ${violation.to}`;
  return `${violation.rule.name}: ${modules}${cycle}`;
}

describe('architecture', () => {
  it('keeps every dependency rule of .dependency-cruiser.cjs', async () => {
    const result = await cruiseSources();
    // A cruise that resolved nothing would pass every rule: it must have seen the sources.
    expect(result.summary.totalCruised).toBeGreaterThan(200);
    expect(result.summary.violations.map(describeViolation)).toEqual([]);
  }, 180_000);
});
