import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'coverage/**', 'test-results/**', 'playwright-report/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The core never imports Electron or React: it must run and be tested under plain Node.
    files: ['src/**/*.ts', 'sandbox/**/*.ts'],
    rules: {
      // Relative paths at any depth (a file in src/console/testing/ reaches renderer/ by ../../../).
      'no-restricted-imports': ['error', { paths: ['electron', 'react', 'react-dom'], patterns: ['electron/*', '**/electron/**', '**/renderer/**'] }],
    },
  },
  {
    // The renderer knows nothing of Node.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process', 'electron', 'better-sqlite3'], message: 'The renderer runs in a sandboxed page: no Node, no Electron.' },
            // Types describe the bridge's answers; code from these runs in the core process only.
            { group: ['**/src/store', '**/src/store/**', '**/src/api', '**/src/api/**'], allowTypeImports: true, message: 'Only types from the core\'s store and api: ask the core over the bridge.' },
          ],
        },
      ],
    },
  },
);
