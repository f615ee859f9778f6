// Lint rules for every TypeScript source of the project (`npm run lint`, part of `npm test`).
// Syntactic rules only: the type-aware presets took ~27 s here against ~6 s, and `tsc --noEmit`
// already type-checks everything once in `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Generated form and pack types are rewritten by their generators and checked for staleness
    // by tests/unit/generated-types.test.ts; they are not edited by hand, so not linted.
    ignores: ['node_modules/**', 'dist/**', 'data/**', '**/generated/**', '**/*.js', '**/*.cjs', '**/*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // `const { dropped: _dropped, ...rest } = value` is how the code leaves a key out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true,
      }],
    },
  },
);
