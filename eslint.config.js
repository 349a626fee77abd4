// ESLint flat config (ADR 0010). Modest on purpose: the recommended JavaScript and typescript-eslint rules
// (syntax only, no type information, so it stays fast) plus the module-boundary rule of ADR 0009.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from './scripts/eslint/module-boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'data/', 'public/', '.tmp/', 'bench-results/', 'test-results/', 'backups/', 'tests/fixtures/node-open311/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { dvc: boundaries },
    rules: {
      'dvc/module-boundaries': 'error',
      // `cond && doIt()` and `a ? f() : g()` are used as statements on purpose in a few places.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // A leading underscore marks a binding kept on purpose (e.g. dropped from a rest destructuring).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);
