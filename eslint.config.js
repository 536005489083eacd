// ESLint for the TypeScript sources, with typescript-eslint's type-aware rules: the bugs tsc lets through
// (a promise nobody awaits, a switch that forgets a case) fail `npm test`. No formatting rules.
import { defineConfig } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';

// ESLint's own recommended rules (what @eslint/js ships), read from the installed eslint's rule metadata
// rather than adding @eslint/js as one more dependency.
const eslintRecommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error']),
);

const typeScriptFiles = ['src/**/*.{ts,tsx}', 'bench/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.ts', '*.ts'];

export default defineConfig(
  { ignores: ['dist/', 'data/', 'bench/.work/', '.scratch/', 'test-results/'] },
  { files: ['**/*.js'], rules: { ...eslintRecommended, 'no-undef': 'off' } },
  {
    files: typeScriptFiles,
    extends: [{ rules: eslintRecommended }, tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A `default` does not excuse a switch over a union: a member added later must be handled where it matters.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Not enforced yet: values typed `any` (mostly `await response.json()` and parsed JSON in tests, and
      // OpenCV's bindings) would take a typing pass of their own, across some 40 files.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Kysely's expression builder is meant to be destructured (`({ exists, selectFrom }) => …`), and the
      // import mappers' `map` (a method in its interface, a closure in fact) is passed around: false reports.
      '@typescript-eslint/unbound-method': 'off',
      // Style rather than bugs: an `async` function without `await` and a redundant `as` are harmless.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
);
